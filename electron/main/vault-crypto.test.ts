/**
 * node:crypto's site-key wrapping against the reference (shared/vault-wrap.ts,
 * @noble): byte for byte with a fixed ephemeral key and iv, and each unwraps
 * what the other wrapped.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../shared/bytes';
import * as reference from '../../shared/vault-wrap';
import { generateAgreementKey, unwrapSiteKey, wrapSiteKey, x25519PrivateKey } from './vault-crypto';

const siteKey = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const kid = reference.siteKeyId(Uint8Array.from([9, 8, 7, 6, 5, 4, 3, 2]));

function recipient() {
  const secret = x25519.utils.randomSecretKey();
  return { secret, to: toBase64url(x25519.getPublicKey(secret)) };
}

describe('node:crypto site-key wrapping', () => {
  it('produces exactly the reference bytes for the same ephemeral key and iv', () => {
    const { to } = recipient();
    const fixed = { ephemeralSecret: new Uint8Array(32).fill(0x42), iv: new Uint8Array(12).fill(0x17) };
    expect(wrapSiteKey(siteKey, kid, to, fixed)).toEqual(reference.wrapSiteKey(siteKey, kid, to, fixed));
  });

  it('wraps what the reference unwraps, and unwraps what the reference wraps', () => {
    const { secret, to } = recipient();
    const wrapped = wrapSiteKey(siteKey, kid, to);
    expect(wrapped.ok && reference.unwrapSiteKey(wrapped.value, secret)).toEqual({ ok: true, value: siteKey });

    const own = generateAgreementKey();
    const fromReference = reference.wrapSiteKey(siteKey, kid, own.agreement);
    if (!fromReference.ok) throw new Error(fromReference.message);
    expect(unwrapSiteKey(fromReference.value, x25519PrivateKey(own.secret))).toEqual({ ok: true, value: siteKey });
    // Our raw private key is the reference's X25519 secret too.
    expect(toBase64url(x25519.getPublicKey(own.secret))).toBe(own.agreement);
  });

  it('refuses low-order recipients and what was wrapped for someone else or altered', () => {
    for (const bad of [new Uint8Array(32), Uint8Array.of(1, ...new Array<number>(31).fill(0))]) {
      expect(wrapSiteKey(siteKey, kid, toBase64url(bad))).toMatchObject({ ok: false, code: 'bad-recipient' });
    }
    const own = generateAgreementKey();
    const other = recipient();
    const forOther = reference.wrapSiteKey(siteKey, kid, other.to);
    if (!forOther.ok) throw new Error(forOther.message);
    const key = x25519PrivateKey(own.secret);
    expect(unwrapSiteKey(forOther.value, key)).toMatchObject({ ok: false, code: 'cannot-decrypt' });
    const forUs = reference.wrapSiteKey(siteKey, kid, own.agreement);
    if (!forUs.ok) throw new Error(forUs.message);
    expect(unwrapSiteKey({ ...forUs.value, kid: reference.siteKeyId(new Uint8Array(8)) }, key)).toMatchObject({
      ok: false,
      code: 'cannot-decrypt',
    });
    expect(unwrapSiteKey({ ...forUs.value, epk: toBase64url(new Uint8Array(32)) }, key)).toMatchObject({ ok: false, code: 'cannot-decrypt' });
  });
});
