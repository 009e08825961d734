import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPowerOfTwo, isTreeSize, levelOf, lsb, popcount, shiftRight, splitPoint } from './tree-size';

/** Safe integers across the whole range, not just the 32-bit ones `>>` would handle. */
const big = fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) });

describe('tree-size arithmetic', () => {
  it('agrees with BigInt bit operations on every safe integer', () => {
    fc.assert(
      fc.property(big, (n) => {
        const x = Number(n);
        expect(lsb(x)).toBe((n & 1n) === 1n);
        expect(shiftRight(x)).toBe(Number(n >> 1n));
        expect(popcount(x)).toBe([...n.toString(2)].filter((bit) => bit === '1').length);
        expect(isPowerOfTwo(x)).toBe(n > 0n && (n & (n - 1n)) === 0n);
        if (n >= 2n) {
          const k = splitPoint(x);
          expect(isPowerOfTwo(k) && k < x && 2 * k >= x).toBe(true);
        }
      }),
    );
  });

  it('finds the level of every power of two up to 2^53', () => {
    for (let level = 0; level <= 53; level++) expect(levelOf(2 ** level)).toBe(level);
  });

  it.each([-1, 0.5, Number.NaN, 2 ** 53, '3', null])('refuses %j as a tree size', (n) => {
    expect(isTreeSize(n)).toBe(false);
  });

  it('accepts 0 and 2^53 - 1 as tree sizes', () => {
    expect(isTreeSize(0)).toBe(true);
    expect(isTreeSize(Number.MAX_SAFE_INTEGER)).toBe(true);
  });
});
