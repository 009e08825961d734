/**
 * The in-memory MerkleNodeSource: every complete node, level by level, so
 * roots and proofs for any past size are O(log n) node reads. It holds about
 * 2n hashes, which suits tests, tools and a device's own logs; the HQ ledger
 * keeps the same nodes in SQLite.
 */
import type { Result } from '../result';
import { type ConsistencyProofErrorCode, consistencyProof } from './consistency';
import { hashNode, isHash } from './hash';
import { type InclusionProofErrorCode, inclusionProof } from './inclusion';
import { type MerkleNodeSource, rootAt, rootOf } from './node-source';
import { lsb, shiftRight } from './tree-size';

export class MemoryMerkleTree implements MerkleNodeSource {
  readonly #leaves: Uint8Array[] = [];
  /** #levels[level][index]: the complete subtree of 2^level leaves starting at leaf index·2^level. */
  readonly #levels: Uint8Array[][] = [this.#leaves];

  get size(): number {
    return this.#leaves.length;
  }

  /**
   * Appends a leaf hash and returns its index. A node at an odd index closes
   * a pair, so its parent (RFC 9162 §2.1.1 node hash) becomes complete and is
   * stored too: O(1) hashes amortised, O(log n) at worst. Throws RangeError
   * on a non-32-byte hash, which is a bug in the caller.
   */
  append(leafHash: Uint8Array): number {
    if (!isHash(leafHash)) throw new RangeError('a leaf hash must be 32 bytes');
    const leafIndex = this.size;
    let node: Uint8Array = leafHash.slice();
    let index = leafIndex;
    for (let level = 0; ; level++) {
      const row = this.#levels[level] ?? [];
      this.#levels[level] = row;
      row.push(node);
      if (!lsb(index)) return leafIndex;
      // row[index - 1] exists: it is the left sibling, completed before this node.
      node = hashNode(row[index - 1]!, node);
      index = shiftRight(index);
    }
  }

  /** A copy of the stored node, so callers cannot alter the tree through it. */
  node(level: number, index: number): Uint8Array {
    const hash = this.#levels[level]?.[index];
    if (hash === undefined) throw new RangeError(`no complete subtree at level ${level}, index ${index}`);
    return hash.slice();
  }

  /** MTH over all leaves appended so far. */
  root(): Uint8Array {
    return rootOf(this, this.size);
  }

  /** The root at an earlier size (0 ≤ size ≤ this.size). */
  rootAt(size: number): Result<Uint8Array, 'size-out-of-range'> {
    return rootAt(this, size);
  }

  /** RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in the tree of `size` leaves (default: now). */
  inclusionProof(index: number, size: number = this.size): Result<Uint8Array[], InclusionProofErrorCode> {
    return inclusionProof(this, index, size);
  }

  /** RFC 9162 §2.1.4.1 consistency proof from size1 to size2 (default: now). */
  consistencyProof(size1: number, size2: number = this.size): Result<Uint8Array[], ConsistencyProofErrorCode> {
    return consistencyProof(this, size1, size2);
  }
}
