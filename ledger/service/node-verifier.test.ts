import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../shared/bytes';
import { generateKeyPair, sign, verify } from '../../shared/crypto/ed25519';
import { nodeVerifier } from './node-verifier';

interface Wycheproof {
  testGroups: { publicKey: { pk: string }; tests: { tcId: number; msg: string; sig: string; result: 'valid' | 'invalid' }[] }[];
}
const wycheproof = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'test', 'vectors', 'wycheproof', 'testvectors_v1', 'ed25519_test.json'), 'utf8'),
) as Wycheproof;
const cases = wycheproof.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));

describe.each([
  ['on the event loop', false],
  ['in the thread pool', true],
])('nodeVerifier %s', (_name, threadpool) => {
  const verifier = nodeVerifier({ threadpool });

  it('gives the Wycheproof verdict on all 151 cases, as noble does', async () => {
    const got = await Promise.all(cases.map((t) => verifier(fromHex(t.sig), fromHex(t.msg), fromHex(t.pk))));
    const wrong = cases.filter((t, i) => got[i] !== (t.result === 'valid') || got[i] !== verify(fromHex(t.sig), fromHex(t.msg), fromHex(t.pk)));
    expect(wrong.map((t) => t.tcId)).toEqual([]);
    expect(cases).toHaveLength(151);
  });

  it('agrees with noble on random messages and flipped bits, and never throws on junk', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 511 }), async (msg, bit) => {
        const { seed, publicKey } = generateKeyPair();
        const sig = sign(msg, seed);
        expect(await verifier(sig, msg, publicKey)).toBe(true);
        const forged = Uint8Array.from(sig);
        forged[bit >> 3]! ^= 1 << (bit & 7);
        expect(await verifier(forged, msg, publicKey)).toBe(verify(forged, msg, publicKey));
      }),
      { numRuns: 50 },
    );
    expect(await verifier(new Uint8Array(63), new Uint8Array(), new Uint8Array(32))).toBe(false);
    expect(await verifier(new Uint8Array(64), new Uint8Array(), new Uint8Array(31))).toBe(false);
    expect(await verifier(new Uint8Array(64), new Uint8Array(), new Uint8Array(32).fill(0xff))).toBe(false);
  });
});
