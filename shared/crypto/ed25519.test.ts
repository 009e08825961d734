import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExpandedSigningKey, generateKeyPair, keyPairFromSeed, sign, verify } from './ed25519';

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

describe('ExpandedSigningKey', () => {
  it('signs exactly as sign does, for any seed and message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 512 }), (seed, msg) => {
        const key = new ExpandedSigningKey(seed);
        expect(key.publicKey).toEqual(keyPairFromSeed(seed).publicKey);
        expect(key.sign(msg)).toEqual(sign(msg, seed));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the RFC 8032 §7.1 test 3 signature', () => {
    const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
    const key = new ExpandedSigningKey(hex('c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7'));
    expect(key.publicKey).toEqual(hex('fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025'));
    expect(key.sign(hex('af82'))).toEqual(
      hex('6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'),
    );
  });

  it('signs nothing once forgotten, and keeps no prefix or public key bytes', () => {
    const key = new ExpandedSigningKey(new Uint8Array(32).fill(7));
    key.forget();
    expect(key.publicKey.every((b) => b === 0)).toBe(true);
    expect(() => key.sign(new Uint8Array([1]))).toThrow(/forgotten/);
  });
});
