/**
 * Merkle inclusion proofs (audit paths): generation per RFC 9162 §2.1.3.1
 * from a MerkleNodeSource, verification per §2.1.3.2. A receipt carries one
 * per event (DESIGN.md "Ledger protocol"), so a device can check alone that
 * HQ logged its event under a signed checkpoint.
 */
import { equalBytes } from '../bytes';
import { err, ok, type Result } from '../result';
import { hashNode, hashProblem, proofHashProblem } from './hash';
import { completeNode, type MerkleNodeSource, rangeHash } from './node-source';
import { isTreeSize, lsb, shiftRight, splitPoint } from './tree-size';

export type InclusionProofErrorCode = 'size-out-of-range' | 'index-out-of-range';

export type InclusionVerifyErrorCode =
  | 'invalid-size'
  | 'index-out-of-range'
  | 'bad-hash-length'
  | 'wrong-proof-size'
  | 'root-mismatch';

/** What an inclusion proof claims: leaf `index` of the tree of `size` leaves with this root has this hash. */
export interface InclusionClaim {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

/**
 * PATH(index, D[size]) for any size the source has reached, in O(log n) node
 * reads. RFC 9162 §2.1.3.1 recurses with
 *   PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])      if m < k
 *   PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k])  if m ≥ k
 * and PATH(0, {d}) = {}. Walking it top-down meets the siblings outermost
 * first, so they are reversed at the end. Only one sibling can be an
 * incomplete subtree (the right neighbour where the path first turns left).
 */
export function inclusionProof(
  source: MerkleNodeSource,
  index: number,
  size: number,
): Result<Uint8Array[], InclusionProofErrorCode> {
  if (!isTreeSize(size) || size > source.size) {
    return err('size-out-of-range', `tree size ${String(size)} is not between 0 and the log size ${source.size}`);
  }
  if (!isTreeSize(index) || index >= size) {
    return err('index-out-of-range', `leaf index ${String(index)} is not below tree size ${size}`);
  }
  const siblings: Uint8Array[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      siblings.push(rangeHash(source, lo + k, hi));
      hi = lo + k;
    } else {
      siblings.push(completeNode(source, lo, k));
      lo += k;
    }
  }
  return ok(siblings.reverse());
}

/**
 * RFC 9162 §2.1.3.2, step by step. The steps' failure points map to codes:
 * running out of tree before the proof ends, or the proof ending before the
 * root is reached, is `wrong-proof-size`. Every hash must be 32 bytes. Note
 * that the proof binds the index and the root, not the size on its own: the
 * size is trustworthy only as part of the signed checkpoint that names the root.
 */
export function verifyInclusion(claim: InclusionClaim): Result<true, InclusionVerifyErrorCode> {
  const { index, size, leafHash, proof, root } = claim;
  if (!isTreeSize(size)) {
    return err('invalid-size', `tree size must be a non-negative safe integer, got ${String(size)}`);
  }
  // Step 1: leaf_index ≥ tree_size fails, which also refuses every proof in an empty tree.
  if (!isTreeSize(index) || index >= size) {
    return err('index-out-of-range', `leaf index ${String(index)} is not below tree size ${size}`);
  }
  const badHash = hashProblem('leaf hash', leafHash) ?? hashProblem('root', root) ?? proofHashProblem(proof);
  if (badHash !== undefined) return err('bad-hash-length', badHash);

  // Step 2.
  let fn = index;
  let sn = size - 1;
  // Step 3.
  let r = leafHash;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) {
      return err(
        'wrong-proof-size',
        `proof has ${proof.length} hashes, more than leaf ${index} of a ${size}-leaf tree needs`,
      );
    }
    if (lsb(fn) || fn === sn) {
      r = hashNode(p, r);
      while (!lsb(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      r = hashNode(r, p);
    }
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // Step 5.
  if (sn !== 0) {
    return err(
      'wrong-proof-size',
      `proof has ${proof.length} hashes, fewer than leaf ${index} of a ${size}-leaf tree needs`,
    );
  }
  if (!equalBytes(r, root)) {
    return err('root-mismatch', `the proof does not lead from the leaf hash to the root of the ${size}-leaf tree`);
  }
  return ok(true);
}
