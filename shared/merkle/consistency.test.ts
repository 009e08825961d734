import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../bytes';
import { sha256 } from '../crypto/sha256';
import { consistencyProof, verifyConsistency } from './consistency';
import { hashLeaf, hashNode } from './hash';
import { MemoryMerkleTree } from './memory-tree';
import type { MerkleNodeSource } from './node-source';
import { merkleTreeHash } from './tree-hash';

/** Leaf i: the leaf hash of a 32-byte event id, as the ledger appends it. */
const leafAt = (i: number): Uint8Array => hashLeaf(sha256(utf8(`event ${i}`)));

const N = 200;
const leaves = Array.from({ length: N }, (_, i) => leafAt(i));
const tree = new MemoryMerkleTree();
for (const leaf of leaves) tree.append(leaf);
const roots = Array.from({ length: N + 1 }, (_, n) => merkleTreeHash(leaves.slice(0, n)));

/** SUBPROOF(m, D[n], b) written out from RFC 9162 §2.1.4.1 over the leaf list, as an independent reference. */
function referenceSubproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [merkleTreeHash(d)];
  const k = 2 ** Math.floor(Math.log2(d.length - 1));
  return m <= k
    ? [...referenceSubproof(m, d.slice(0, k), b), merkleTreeHash(d.slice(k))]
    : [...referenceSubproof(m - k, d.slice(k), false), merkleTreeHash(d.slice(0, k))];
}

function proofFor(size1: number, size2: number): Uint8Array[] {
  const proof = tree.consistencyProof(size1, size2);
  if (!proof.ok) throw new Error(proof.message);
  return proof.value;
}

const claim = (size1: number, size2: number, proof = proofFor(size1, size2)) => ({
  size1,
  size2,
  root1: roots[size1]!,
  root2: roots[size2]!,
  proof,
});

/** (size1, size2) with 1 ≤ size1 ≤ size2 ≤ N. */
const sizes = fc
  .integer({ min: 1, max: N })
  .chain((size2) => fc.record({ size1: fc.integer({ min: 1, max: size2 }), size2: fc.constant(size2) }));
/** The same with size1 < size2, where the proof is not empty. */
const growing = sizes.filter(({ size1, size2 }) => size1 < size2);

const randomHash = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('consistency proofs', () => {
  it('verifies every generated proof for every 1 ≤ size1 ≤ size2 ≤ 64', () => {
    for (let size2 = 1; size2 <= 64; size2++) {
      for (let size1 = 1; size1 <= size2; size1++) {
        expect(verifyConsistency(claim(size1, size2)), `${size1} → ${size2}`).toEqual({ ok: true, value: true });
      }
    }
  });

  it('generates exactly the RFC 9162 PROOF for any pair of past sizes of a larger log', () => {
    fc.assert(
      fc.property(sizes, ({ size1, size2 }) => {
        expect(proofFor(size1, size2)).toEqual(referenceSubproof(size1, leaves.slice(0, size2), true));
        expect(verifyConsistency(claim(size1, size2)).ok).toBe(true);
      }),
    );
  });

  it('reads O(log n) nodes per proof', () => {
    const big = new MemoryMerkleTree();
    for (let i = 0; i < 5000; i++) big.append(leafAt(i));
    const pair = fc
      .integer({ min: 2, max: 5000 })
      .chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2)));
    fc.assert(
      fc.property(pair, ([size1, size2]) => {
        let reads = 0;
        const source: MerkleNodeSource = {
          size: big.size,
          node: (level, index) => {
            reads++;
            return big.node(level, index);
          },
        };
        expect(consistencyProof(source, size1, size2).ok).toBe(true);
        expect(reads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size2)) + 1);
      }),
    );
  });

  it('handles tree sizes up to 2^53 - 1 without 32-bit truncation', () => {
    // A tree whose leaves are all equal: node(level, ·) is the same hash at every index, so any size is cheap.
    const levels = [leafAt(0)];
    for (let l = 1; l <= 53; l++) levels.push(hashNode(levels[l - 1]!, levels[l - 1]!));
    const uniform: MerkleNodeSource = { size: Number.MAX_SAFE_INTEGER, node: (level) => levels[level]!.slice() };
    /** MTH of `size` ≥ 1 equal leaves, folded from the set bits of size. */
    function rootOfUniform(size: number): Uint8Array {
      const peaks: Uint8Array[] = [];
      for (let level = 53; level >= 0; level--) {
        if (Math.floor(size / 2 ** level) % 2 === 1) peaks.push(levels[level]!);
      }
      return peaks.slice(0, -1).reduceRight((acc, peak) => hashNode(peak, acc), peaks.at(-1)!);
    }
    for (const [size1, size2] of [
      [2 ** 32 + 5, 2 ** 33 + 1],
      [2 ** 40, 2 ** 52 + 7],
      [2 ** 52 + 3, Number.MAX_SAFE_INTEGER],
      [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER],
    ] as const) {
      const proof = consistencyProof(uniform, size1, size2);
      expect(proof.ok).toBe(true);
      if (!proof.ok) continue;
      const good = { size1, size2, root1: rootOfUniform(size1), root2: rootOfUniform(size2), proof: proof.value };
      expect(verifyConsistency(good).ok, `${size1} → ${size2}`).toBe(true);
      expect(verifyConsistency({ ...good, proof: proof.value.slice(1) })).toMatchObject({ code: 'wrong-proof-size' });
    }
  });

  it('rejects a consistency proof with one bit flipped', () => {
    fc.assert(
      fc.property(growing, fc.nat(), fc.nat({ max: 255 }), ({ size1, size2 }, pick, bit) => {
        const proof = proofFor(size1, size2);
        const flipped = proof.map((h) => h.slice());
        flipped[pick % proof.length]![bit >> 3]! ^= 1 << (bit & 7);
        expect(verifyConsistency(claim(size1, size2, flipped))).toMatchObject({ ok: false, code: 'root-mismatch' });
      }),
    );
  });

  it('rejects a consistency proof with a hash inserted', () => {
    fc.assert(
      fc.property(sizes, fc.nat(), randomHash, ({ size1, size2 }, pick, extra) => {
        const proof = proofFor(size1, size2);
        const at = pick % (proof.length + 1);
        const longer = [...proof.slice(0, at), extra, ...proof.slice(at)];
        expect(verifyConsistency(claim(size1, size2, longer)).ok).toBe(false);
      }),
    );
  });

  it('rejects a consistency proof with a hash removed', () => {
    fc.assert(
      fc.property(growing, fc.nat(), ({ size1, size2 }, pick) => {
        const proof = proofFor(size1, size2);
        const at = pick % proof.length;
        const shorter = [...proof.slice(0, at), ...proof.slice(at + 1)];
        expect(verifyConsistency(claim(size1, size2, shorter))).toMatchObject({ ok: false, code: 'wrong-proof-size' });
      }),
    );
  });

  it('rejects a consistency proof presented for other sizes with those sizes’ roots', () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 1, max: N }), fc.integer({ min: 1, max: N }), (pair, other1, other2) => {
        const { size1, size2 } = pair;
        fc.pre((other1 !== size1 || other2 !== size2) && other1 <= other2);
        // The empty proof of one unchanged tree rightly serves every other unchanged tree.
        fc.pre(size1 !== size2 || other1 !== other2);
        const moved = { ...claim(other1, other2), proof: proofFor(size1, size2) };
        expect(verifyConsistency(moved).ok).toBe(false);
      }),
    );
  });

  it('rejects a consistency proof whose old root belongs to a forked history', () => {
    fc.assert(
      fc.property(growing, randomHash, ({ size1, size2 }, root1) => {
        expect(verifyConsistency({ ...claim(size1, size2), root1 })).toMatchObject({ ok: false, code: 'root-mismatch' });
      }),
    );
  });

  it('rejects a consistency proof with the two roots swapped', () => {
    fc.assert(
      fc.property(growing, ({ size1, size2 }) => {
        const good = claim(size1, size2);
        expect(verifyConsistency({ ...good, root1: good.root2, root2: good.root1 }).ok).toBe(false);
      }),
    );
  });

  it('accepts equal sizes with an empty proof and equal roots, and nothing else', () => {
    expect(verifyConsistency(claim(5, 5, []))).toEqual({ ok: true, value: true });
    expect(verifyConsistency({ ...claim(5, 5, []), root2: roots[6]! })).toMatchObject({ code: 'root-mismatch' });
    expect(verifyConsistency(claim(5, 5, [leafAt(1)]))).toMatchObject({ code: 'wrong-proof-size' });
  });

  it('rejects an empty proof between different sizes', () => {
    expect(verifyConsistency(claim(4, 8, []))).toMatchObject({ ok: false, code: 'wrong-proof-size' });
    expect(verifyConsistency(claim(3, 8, []))).toMatchObject({ ok: false, code: 'wrong-proof-size' });
  });

  it('rejects a proof from the empty tree, even to the empty tree', () => {
    const empty = merkleTreeHash([]);
    expect(verifyConsistency({ size1: 0, size2: 5, root1: empty, root2: roots[5]!, proof: [] })).toMatchObject({
      code: 'size1-zero',
    });
    expect(verifyConsistency({ size1: 0, size2: 0, root1: empty, root2: empty, proof: [] })).toMatchObject({
      code: 'size1-zero',
    });
  });

  it('rejects size1 greater than size2', () => {
    expect(verifyConsistency({ ...claim(3, 5), size1: 6 })).toMatchObject({ ok: false, code: 'size1-greater-than-size2' });
  });

  it('rejects an oversized proof', () => {
    const proof = [...proofFor(6, 8), ...new Array<Uint8Array>(100_000).fill(leafAt(1))];
    expect(verifyConsistency(claim(6, 8, proof))).toMatchObject({ ok: false, code: 'wrong-proof-size' });
  });

  it.each([0, 31, 33])('rejects %i-byte hashes in either root or the proof', (length) => {
    const wrong = new Uint8Array(length);
    const good = claim(6, 13);
    for (const bad of [
      { ...good, root1: wrong },
      { ...good, root2: wrong },
      { ...good, proof: [...good.proof.slice(0, 1), wrong, ...good.proof.slice(2)] },
    ]) {
      expect(verifyConsistency(bad)).toMatchObject({ ok: false, code: 'bad-hash-length' });
    }
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects the tree size %d', (size) => {
    expect(verifyConsistency({ ...claim(3, 5), size1: size })).toMatchObject({ ok: false, code: 'invalid-size' });
    expect(verifyConsistency({ ...claim(3, 5), size2: size })).toMatchObject({ ok: false, code: 'invalid-size' });
  });

  it('never throws, whatever numbers and byte strings it is given', () => {
    const number = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double(), fc.constant(2 ** 53));
    const bytes = fc.oneof(randomHash, fc.uint8Array({ maxLength: 40 }));
    fc.assert(
      fc.property(number, number, bytes, bytes, fc.array(bytes, { maxLength: 12 }), (size1, size2, root1, root2, proof) => {
        const result = verifyConsistency({ size1, size2, root1, root2, proof });
        if (!result.ok) expect(result.message).not.toBe('');
      }),
    );
  });

  it('refuses to generate a proof beyond the log, from zero, or backwards', () => {
    expect(tree.consistencyProof(1, N + 1)).toMatchObject({ ok: false, code: 'size-out-of-range' });
    expect(tree.consistencyProof(-1, 4)).toMatchObject({ ok: false, code: 'size-out-of-range' });
    expect(tree.consistencyProof(2.5, 4)).toMatchObject({ ok: false, code: 'size-out-of-range' });
    expect(tree.consistencyProof(0, 4)).toMatchObject({ ok: false, code: 'size1-zero' });
    expect(tree.consistencyProof(5, 4)).toMatchObject({ ok: false, code: 'size1-greater-than-size2' });
  });

  it('proves up to the current size by default', () => {
    expect(tree.consistencyProof(17)).toEqual(tree.consistencyProof(17, N));
  });
});
