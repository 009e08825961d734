import { x25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './bytes';
import { publicKeyToDid } from './crypto/did-key';
import { generateKeyPair } from './crypto/ed25519';
import { agreementKeyOfDid, agreementSecretOfSeed, siteKeyId, unwrapSiteKey, wrapSiteKey, type WrappedSiteKey } from './vault-wrap';

const recipient = () => {
  const secret = x25519.utils.randomSecretKey();
  return { secret, pub: toBase64url(x25519.getPublicKey(secret)) };
};
const siteKey = crypto.getRandomValues(new Uint8Array(32));
const kid = siteKeyId(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
const wrapFor = (pub: string, id = kid): WrappedSiteKey => {
  const r = wrapSiteKey(siteKey, id, pub);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('site key wrapping', () => {
  it('names keys sk- and 16 hex digits', () => {
    expect(kid).toBe('sk-0102030405060708');
  });

  it('unwraps for the recipient only', () => {
    const alice = recipient();
    const bob = recipient();
    const wrapped = wrapFor(alice.pub);
    expect(unwrapSiteKey(wrapped, alice.secret)).toEqual({ ok: true, value: siteKey });
    expect(unwrapSiteKey(wrapped, bob.secret)).toMatchObject({ ok: false, code: 'cannot-decrypt' });
  });

  it('refuses a wrapped key moved to another id, and any changed character', () => {
    const alice = recipient();
    const wrapped = wrapFor(alice.pub);
    expect(unwrapSiteKey({ ...wrapped, kid: siteKeyId(new Uint8Array(8)) }, alice.secret).ok).toBe(false);
    fc.assert(
      fc.property(fc.constantFrom('epk', 'iv', 'ct'), fc.nat(), (field: 'epk' | 'iv' | 'ct', at) => {
        const text = wrapped[field];
        const i = at % text.length;
        const changed = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
        expect(unwrapSiteKey({ ...wrapped, [field]: changed }, alice.secret).ok).toBe(false);
      }),
    );
  });

  it('refuses a recipient key that is not one, or a low-order point', () => {
    expect(wrapSiteKey(siteKey, kid, 'not base64!')).toMatchObject({ ok: false, code: 'bad-recipient' });
    expect(wrapSiteKey(siteKey, kid, toBase64url(new Uint8Array(31)))).toMatchObject({ ok: false, code: 'bad-recipient' });
    expect(wrapSiteKey(siteKey, kid, toBase64url(new Uint8Array(32)))).toMatchObject({ ok: false, code: 'bad-recipient' });
    const alice = recipient();
    expect(unwrapSiteKey({ ...wrapFor(alice.pub), epk: toBase64url(new Uint8Array(32)) }, alice.secret).ok).toBe(false);
  });

  it('wraps to HQ through the Montgomery form of its Ed25519 did:key, which HQ unwraps with its seed', () => {
    const hq = generateKeyPair();
    const to = agreementKeyOfDid(publicKeyToDid(hq.publicKey));
    if (!to.ok) throw new Error(to.message);
    expect(fromBase64url(to.value)).toHaveLength(32);
    expect(unwrapSiteKey(wrapFor(to.value), agreementSecretOfSeed(hq.seed))).toEqual({ ok: true, value: siteKey });
  });

  it('is deterministic given the ephemeral secret and iv (for cross-host vectors)', () => {
    const alice = recipient();
    const fixed = { ephemeralSecret: new Uint8Array(32).fill(7), iv: new Uint8Array(12).fill(9) };
    expect(wrapSiteKey(siteKey, kid, alice.pub, fixed)).toEqual(wrapSiteKey(siteKey, kid, alice.pub, fixed));
  });
});
