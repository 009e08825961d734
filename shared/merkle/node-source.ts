/**
 * Where proofs read their hashes from. An append-only log writes the hash of
 * every complete, aligned subtree once and never changes it, so one store of
 * those nodes answers roots and proofs for every past tree size. The HQ ledger
 * backs this interface with SQLite rows keyed by (level, index);
 * MemoryMerkleTree is the in-memory implementation.
 */
import { err, ok, type Result } from '../result';
import { emptyRoot, hashNode } from './hash';
import { isPowerOfTwo, isTreeSize, levelOf, splitPoint } from './tree-size';

export interface MerkleNodeSource {
  /** Number of leaves in the log now. */
  readonly size: number;
  /**
   * Hash of the complete subtree covering leaves
   * [index·2^level, (index+1)·2^level); level 0 is the leaf hashes. Callers
   * only ask for subtrees that lie entirely inside [0, size).
   */
  node(level: number, index: number): Uint8Array;
}

/** The stored complete subtree of `width` (a power of two) leaves starting at leaf `lo`. */
export const completeNode = (source: MerkleNodeSource, lo: number, width: number): Uint8Array =>
  source.node(levelOf(width), lo / width);

/**
 * MTH(D[lo:hi]) for the ranges RFC 9162's recursion visits: hi > lo, and lo is
 * a multiple of the smallest power of two ≥ hi - lo. Splitting such a range at
 * k (§2.1.1) leaves a complete left part and a right part of the same kind, so
 * only the right part needs splitting again: at most one node read per level.
 */
export function rangeHash(source: MerkleNodeSource, lo: number, hi: number): Uint8Array {
  const lefts: Uint8Array[] = [];
  let start = lo;
  while (!isPowerOfTwo(hi - start)) {
    const k = splitPoint(hi - start);
    lefts.push(completeNode(source, start, k));
    start += k;
  }
  return lefts.reduceRight((acc, left) => hashNode(left, acc), completeNode(source, start, hi - start));
}

/** MTH(D[0:size]) for 0 ≤ size ≤ source.size, without checks. */
export const rootOf = (source: MerkleNodeSource, size: number): Uint8Array =>
  size === 0 ? emptyRoot() : rangeHash(source, 0, size);

/** The root the log had when it held `size` leaves, in O(log n) node reads. */
export function rootAt(source: MerkleNodeSource, size: number): Result<Uint8Array, 'size-out-of-range'> {
  if (!isTreeSize(size) || size > source.size) {
    return err('size-out-of-range', `tree size ${String(size)} is not between 0 and the log size ${source.size}`);
  }
  return ok(rootOf(source, size));
}
