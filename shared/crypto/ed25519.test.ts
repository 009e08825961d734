import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateKeyPair, keyPairFromSeed, sign, verify } from './ed25519';

describe('ed25519', () => {
  it('verifies what it signs and nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.integer({ min: 0, max: 511 }), (msg, bit) => {
        const { seed, publicKey } = generateKeyPair();
        const sig = sign(msg, seed);
        expect(verify(sig, msg, publicKey)).toBe(true);
        const forged = Uint8Array.from(sig);
        forged[bit >> 3]! ^= 1 << (bit & 7);
        expect(verify(forged, msg, publicKey)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects, without throwing, signatures and keys of the wrong length', () => {
    const { seed, publicKey } = keyPairFromSeed(new Uint8Array(32).fill(7));
    const sig = sign(new Uint8Array(), seed);
    expect(verify(sig.slice(0, 63), new Uint8Array(), publicKey)).toBe(false);
    expect(verify(new Uint8Array(65), new Uint8Array(), publicKey)).toBe(false);
    expect(verify(sig, new Uint8Array(), publicKey.slice(1))).toBe(false);
    expect(verify(sig, new Uint8Array(), new Uint8Array(32).fill(0xff))).toBe(false);
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => keyPairFromSeed(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});
