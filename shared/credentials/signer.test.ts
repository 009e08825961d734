import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../canonical';
import type { DidKey } from '../crypto/did-key';
import type { Credential } from './credential';
import { issueCredential, issueCredentialWith, IssueError } from './issue';
import { seedSigner, type CredentialSigner } from './signer';
import { credentialFor, newSite } from './test-support';
import { verifyCredential } from './verify';

const site = newSite();
const NOW = new Date('2026-03-01T12:00:00Z');

/** PKCS #8 for an Ed25519 seed (RFC 8410 §7): the fixed DER prefix, then the 32 seed bytes. */
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/** What the browser host does: a non-extractable WebCrypto Ed25519 key that can only sign. */
async function webCryptoSigner(seed: Uint8Array, did: DidKey): Promise<CredentialSigner> {
  const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + seed.length);
  pkcs8.set(PKCS8_ED25519_PREFIX);
  pkcs8.set(seed, PKCS8_ED25519_PREFIX.length);
  const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
  expect(key.extractable).toBe(false);
  return { did, sign: async (bytes) => new Uint8Array(await crypto.subtle.sign('Ed25519', key, new Uint8Array(bytes))) };
}

const subject = fc.dictionary(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'grapheme', maxLength: 100 })),
  { maxKeys: 6 },
);

describe('issueCredentialWith', () => {
  it('gives byte-identical credentials to issueCredential for the same key (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        subject,
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        async (claims, created) => {
          const credential = credentialFor(site.did, { id: 'urn:aidtrail:household:HH-1', ...claims });
          const fromSeed = issueCredential(credential, site, { created });
          const fromSigner = await issueCredentialWith(credential, seedSigner(site), { created });
          expect(canonicalBytes(fromSigner)).toStrictEqual(canonicalBytes(fromSeed));
          expect(fromSigner).toStrictEqual(fromSeed);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('signs with a non-extractable WebCrypto key, byte-identical to the seed (Ed25519 is deterministic)', async () => {
    const credential = credentialFor(site.did, { id: 'urn:aidtrail:household:HH-2', household: 'HH-2', size: 4 });
    const signer = await webCryptoSigner(site.seed, site.did);
    const signed = await issueCredentialWith(credential, signer, { created: '2026-01-05T08:30:00Z' });
    expect(canonicalBytes(signed)).toStrictEqual(
      canonicalBytes(issueCredential(credential, site, { created: '2026-01-05T08:30:00Z' })),
    );
    expect(verifyCredential(signed, { trustedIssuers: [site.did], now: NOW }).ok).toBe(true);
  });

  it('refuses a signer whose key is not its did, before anything is returned', async () => {
    const impostor: CredentialSigner = { did: site.did, sign: seedSigner(newSite()).sign };
    await expect(issueCredentialWith(credentialFor(site.did, {}), impostor, { created: NOW })).rejects.toThrow(
      /did not produce an Ed25519 signature of did:key:/,
    );
  });

  it('refuses a signature of the wrong length or type', async () => {
    const answers: unknown[] = [new Uint8Array(63), new Uint8Array(65), 'z3sig', null, Array.from(new Uint8Array(64))];
    for (const answer of answers) {
      const signer = { did: site.did, sign: async () => answer } as unknown as CredentialSigner;
      await expect(issueCredentialWith(credentialFor(site.did, {}), signer, { created: NOW })).rejects.toThrow(IssueError);
    }
  });

  it('passes on the rejection of a signer that fails (a locked vault, a cancelled prompt)', async () => {
    const locked: CredentialSigner = { did: site.did, sign: () => Promise.reject(new Error('vault is locked')) };
    await expect(issueCredentialWith(credentialFor(site.did, {}), locked, { created: NOW })).rejects.toThrow('vault is locked');
  });

  it('makes the same checks as issueCredential, and never asks the signer to sign what it refuses', async () => {
    let calls = 0;
    const counting: CredentialSigner = {
      did: site.did,
      sign: (bytes) => {
        calls += 1;
        return seedSigner(site).sign(bytes);
      },
    };
    const refusals: [Credential, RegExp][] = [
      [{ ...credentialFor(site.did, {}), type: ['AidtrailRationCard'] }, /type must include VerifiableCredential/],
      [credentialFor(newSite().did, {}), /names did:key:\S+ as its issuer but would be signed by/],
      [{ ...credentialFor(site.did, {}), proof: {} }, /already has a proof/],
    ];
    for (const [credential, message] of refusals) {
      await expect(issueCredentialWith(credential, counting, { created: NOW })).rejects.toThrow(message);
      expect(() => issueCredential(credential, site, { created: NOW })).toThrow(message);
    }
    await expect(issueCredentialWith(credentialFor(site.did, {}), counting, { created: 'today' })).rejects.toThrow(
      /created must be a date and time/,
    );
    expect(calls).toBe(0);
  });

  it('refuses a signer whose did is not an Ed25519 did:key', async () => {
    const signer = { did: 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme', sign: seedSigner(site).sign };
    await expect(
      issueCredentialWith(credentialFor(signer.did, {}), signer as CredentialSigner, { created: NOW }),
    ).rejects.toThrow(/not an Ed25519 did:key/);
  });
});
