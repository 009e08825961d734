/**
 * Tree-size arithmetic. Sizes and indices are plain numbers so they travel in
 * JSON unchanged; anything beyond 2^53 - 1 cannot be represented exactly, so
 * such values are refused rather than silently rounded. Bitwise operators
 * would truncate to 32 bits, hence the division-based shifts here.
 */

/** A leaf count or leaf index: a non-negative safe integer. */
export const isTreeSize = (n: unknown): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** The k of RFC 9162 §2.1.1: the largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** log2 of a power of two: the level of a complete subtree with that many leaves. */
export function levelOf(width: number): number {
  let level = 0;
  for (let w = width; w > 1; w /= 2) level++;
  return level;
}

/** Number of set bits: a size-n tree has one complete peak per set bit of n. */
export function popcount(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}

/** LSB(n) of RFC 9162 §2.1.3.2 and §2.1.4.2. */
export const lsb = (n: number): boolean => n % 2 === 1;

/** n >> 1 without the 32-bit truncation of `>>`. */
export const shiftRight = (n: number): number => Math.floor(n / 2);
