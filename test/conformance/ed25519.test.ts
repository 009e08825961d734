import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/bytes';
import { keyPairFromSeed, sign, verify } from '../../shared/crypto/ed25519';

const VECTORS = join(import.meta.dirname, '..', 'vectors');

interface Rfc8032 {
  vectors: { name: string; secretKey: string; publicKey: string; message: string; signature: string }[];
}
interface Wycheproof {
  numberOfTests: number;
  testGroups: {
    publicKey: { pk: string };
    tests: { tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' }[];
  }[];
}

const rfc8032 = JSON.parse(
  readFileSync(join(VECTORS, 'rfc8032', 'ed25519-rfc8032-7.1.json'), 'utf8'),
) as Rfc8032;
const wycheproof = JSON.parse(
  readFileSync(join(VECTORS, 'wycheproof', 'testvectors_v1', 'ed25519_test.json'), 'utf8'),
) as Wycheproof;
const wycheproofCases = wycheproof.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));

/** node:crypto (OpenSSL) verify over a raw 32-byte key, the native path for bulk work. */
function opensslVerify(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pk).toString('base64url') }, format: 'jwk' });
    return nodeVerify(null, msg, key, sig);
  } catch {
    return false;
  }
}

describe('Ed25519 conformance', () => {
  it('reproduces the RFC 8032 §7.1 keys and signatures byte-exact', () => {
    let passed = 0;
    for (const v of rfc8032.vectors) {
      const { seed, publicKey } = keyPairFromSeed(fromHex(v.secretKey));
      expect(toHex(publicKey), v.name).toBe(v.publicKey);
      const sig = sign(fromHex(v.message), seed);
      expect(toHex(sig), v.name).toBe(v.signature);
      expect(verify(sig, fromHex(v.message), publicKey), v.name).toBe(true);
      passed++;
    }
    console.log(`rfc8032 ed25519: ${passed}/${rfc8032.vectors.length}`);
    expect(passed).toBe(5);
  });

  it('gives the Wycheproof verdict on every case (strict RFC 8032, never throwing)', () => {
    let valid = 0;
    let invalid = 0;
    for (const t of wycheproofCases) {
      const got = verify(fromHex(t.sig), fromHex(t.msg), fromHex(t.pk));
      expect(got, `tcId ${t.tcId} ${t.comment}`).toBe(t.result === 'valid');
      if (t.result === 'valid') valid++;
      else invalid++;
    }
    console.log(
      `wycheproof ed25519: ${valid + invalid}/${wycheproof.numberOfTests} (${valid} valid accepted, ${invalid} invalid rejected)`,
    );
    expect(valid + invalid).toBe(wycheproof.numberOfTests);
    expect([valid, invalid]).toEqual([88, 63]);
  });

  it('finds node:crypto giving the same verdicts, so bulk verification may take the native path', () => {
    const disagreements = wycheproofCases.filter(
      (t) => opensslVerify(fromHex(t.pk), fromHex(t.msg), fromHex(t.sig)) !== (t.result === 'valid'),
    );
    console.log(
      `wycheproof ed25519 via node:crypto: ${wycheproofCases.length - disagreements.length}/${wycheproofCases.length}`,
    );
    expect(disagreements.map((t) => t.tcId)).toEqual([]);
  });
});
