/**
 * MTH, the Merkle Tree Hash of RFC 9162 §2.1.1, computed straight from its
 * recursive definition over a whole list of leaf hashes. A device uses it for
 * the root of a batch (DESIGN.md "Batch header"); the frontier and the node
 * store are tested against it.
 */
import { emptyRoot, hashNode, isHash } from './hash';
import { splitPoint } from './tree-size';

/**
 * MTH(D[n]) where `leafHashes[i]` is already MTH({d(i)}) = hashLeaf(d(i)).
 * Throws RangeError on an element that is not a 32-byte hash: leaf hashes
 * come from hashLeaf, so a wrong length is a bug, not input to report.
 */
export function merkleTreeHash(leafHashes: readonly Uint8Array[]): Uint8Array {
  const bad = leafHashes.findIndex((h) => !isHash(h));
  if (bad !== -1) throw new RangeError(`leafHashes[${bad}] is not a 32-byte hash`);
  if (leafHashes.length === 0) return emptyRoot();
  return mth(leafHashes, 0, leafHashes.length);
}

/** MTH(D[lo:hi]) for hi - lo ≥ 1. Recursion depth is log2(n), at most 53. */
function mth(leaves: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  // MTH({d}) is the leaf hash itself; copy it so the caller's array can't alias the result.
  if (hi - lo === 1) return leaves[lo]!.slice();
  // MTH(D[n]) = HASH(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two below n.
  const k = splitPoint(hi - lo);
  return hashNode(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
}
