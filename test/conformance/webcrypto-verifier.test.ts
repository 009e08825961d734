import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../shared/bytes';
import { webCryptoVerifier } from '../../renderer/src/host/webcrypto-verifier';

interface Wycheproof {
  testGroups: { publicKey: { pk: string }; tests: { tcId: number; msg: string; sig: string; result: string }[] }[];
}
const wycheproof = JSON.parse(
  readFileSync(join(import.meta.dirname, '../vectors/wycheproof/testvectors_v1/ed25519_test.json'), 'utf8'),
) as Wycheproof;

describe('webCryptoVerifier', () => {
  it('gives the Wycheproof verdict on every case, twice (cached keys change nothing)', async () => {
    const verify = webCryptoVerifier();
    for (let round = 0; round < 2; round++) {
      for (const group of wycheproof.testGroups) {
        for (const t of group.tests) {
          const got = await verify(fromHex(t.sig), fromHex(t.msg), fromHex(group.publicKey.pk));
          expect(got, `tcId ${t.tcId}`).toBe(t.result === 'valid');
        }
      }
    }
  });

  it('answers false, not an exception, for keys and signatures of the wrong size', async () => {
    const verify = webCryptoVerifier();
    expect(await verify(new Uint8Array(63), new Uint8Array(), new Uint8Array(32))).toBe(false);
    expect(await verify(new Uint8Array(64), new Uint8Array(), new Uint8Array(31))).toBe(false);
    expect(await verify(new Uint8Array(64), new Uint8Array(), new Uint8Array(32).fill(0xff))).toBe(false);
  });
});
