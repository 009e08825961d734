/**
 * Test support for the inclusion and consistency proof tests (not exported
 * from index.ts): a 200-leaf log with the root of every past size, a tree of
 * equal leaves that reaches any size up to 2^53 - 1 cheaply, a node source
 * that counts its reads, the ways a proof gets damaged, and the junk a
 * verifier must answer without throwing.
 */
import fc from 'fast-check';
import { utf8 } from '../bytes';
import { sha256 } from '../crypto/sha256';
import type { Result } from '../result';
import { hashLeaf, hashNode } from './hash';
import { MemoryMerkleTree } from './memory-tree';
import type { MerkleNodeSource } from './node-source';
import { merkleTreeHash } from './tree-hash';

/** Leaf i: the leaf hash of a 32-byte event id, as the ledger appends it. */
export const leafAt = (i: number): Uint8Array => hashLeaf(sha256(utf8(`event ${i}`)));

/** A tree of the first `size` leaves. */
export function treeOf(size: number): MemoryMerkleTree {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < size; i++) tree.append(leafAt(i));
  return tree;
}

export const N = 200;
export const leaves = Array.from({ length: N }, (_, i) => leafAt(i));
export const tree = treeOf(N);
/** roots[n]: MTH of the first n leaves, computed from the leaf list (not by the tree under test). */
export const roots = Array.from({ length: N + 1 }, (_, n) => merkleTreeHash(leaves.slice(0, n)));

/** The proof, for a proof the tree must be able to make. */
export function proofOf(proof: Result<Uint8Array[]>): Uint8Array[] {
  if (!proof.ok) throw new Error(proof.message);
  return proof.value;
}

export const randomHash = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** Counts node reads, to hold proof generation to its O(log n) promise. */
export function countingSource(inner: MerkleNodeSource): { source: MerkleNodeSource; reads: () => number } {
  let reads = 0;
  return {
    source: {
      get size() {
        return inner.size;
      },
      node(level, index) {
        reads++;
        return inner.node(level, index);
      },
    },
    reads: () => reads,
  };
}

/**
 * A tree of 2^53 - 1 equal leaves: node(level, ·) is the same hash at every
 * index, so proofs at any size are cheap, and `rootOf(size)` is MTH of `size`
 * ≥ 1 of those leaves, folded from the set bits of size.
 */
export function uniformTree(): { source: MerkleNodeSource; leaf: Uint8Array; rootOf: (size: number) => Uint8Array } {
  const levels = [leafAt(0)];
  for (let l = 1; l <= 53; l++) levels.push(hashNode(levels[l - 1]!, levels[l - 1]!));
  const rootOf = (size: number): Uint8Array => {
    const peaks: Uint8Array[] = [];
    for (let level = 53; level >= 0; level--) {
      if (Math.floor(size / 2 ** level) % 2 === 1) peaks.push(levels[level]!);
    }
    return peaks.slice(0, -1).reduceRight((acc, peak) => hashNode(peak, acc), peaks.at(-1)!);
  };
  return { source: { size: Number.MAX_SAFE_INTEGER, node: (level) => levels[level]!.slice() }, leaf: levels[0]!, rootOf };
}

/** The ways a proof gets damaged; `pick` chooses a hash modulo the proof's length. */
export const damaged = {
  /** A copy of a non-empty proof with bit `bit` (0–255) of one hash flipped. */
  bitFlipped(proof: readonly Uint8Array[], pick: number, bit: number): Uint8Array[] {
    const flipped = proof.map((h) => h.slice());
    flipped[pick % proof.length]![bit >> 3]! ^= 1 << (bit & 7);
    return flipped;
  },
  /** `extra` inserted before one hash, or at the end. */
  hashInserted(proof: readonly Uint8Array[], pick: number, extra: Uint8Array): Uint8Array[] {
    const at = pick % (proof.length + 1);
    return [...proof.slice(0, at), extra, ...proof.slice(at)];
  },
  /** A non-empty proof without one of its hashes. */
  hashRemoved(proof: readonly Uint8Array[], pick: number): Uint8Array[] {
    const at = pick % proof.length;
    return [...proof.slice(0, at), ...proof.slice(at + 1)];
  },
  /** The second hash replaced by `wrong` (a proof of one hash gains it). */
  secondHash: (proof: readonly Uint8Array[], wrong: Uint8Array): Uint8Array[] => [...proof.slice(0, 1), wrong, ...proof.slice(2)],
};

/** What a verifier must refuse, or at least answer without throwing. */
export const junk = {
  /** Byte lengths a hash must not have. */
  hashLengths: [0, 31, 33],
  /** Tree sizes (and indexes) that are not non-negative safe integers. */
  sizes: [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53],
  /** Any number a claim may carry: small sizes, junk and 2^53. */
  number: fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double(), fc.constant(2 ** 53)),
  /** Any byte string a claim may carry as a hash: right-sized ones and wrong lengths. */
  bytes: fc.oneof(randomHash, fc.uint8Array({ maxLength: 40 })),
};
