import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromUtf8, utf8 } from '../bytes';
import { decodeBase45, encodeBase45 } from './base45';

// RFC 9285 §4.3 and §4.4 examples.
const RFC_9285: [string, string][] = [
  ['AB', 'BB8'],
  ['Hello!!', '%69 VD92EX0'],
  ['base-45', 'UJCLQE7W581'],
  ['ietf!', 'QED8WEX0'],
];

describe('base45', () => {
  it('encodes and decodes the RFC 9285 examples', () => {
    for (const [text, encoded] of RFC_9285) {
      expect(encodeBase45(utf8(text))).toBe(encoded);
      const back = decodeBase45(encoded);
      expect(back.ok && fromUtf8(back.value)).toBe(text);
    }
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const back = decodeBase45(encodeBase45(bytes));
        expect(back.ok && [...back.value]).toEqual([...bytes]);
      }),
    );
  });

  it('rejects text a decoder must refuse (RFC 9285 §6)', () => {
    for (const bad of ['A', 'ABCD', 'GGW', 'ab', 'A\u00e9B', ':::', '::']) {
      expect(decodeBase45(bad).ok, bad).toBe(false);
    }
  });
});
