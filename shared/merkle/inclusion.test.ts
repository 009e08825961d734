import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inclusionProof, verifyInclusion } from './inclusion';
import { merkleTreeHash } from './tree-hash';
import { countingSource, damaged, junk, leafAt, leaves, N, proofOf, randomHash, roots, tree, treeOf, uniformTree } from './test-support';

/** PATH(m, D[n]) written out from RFC 9162 §2.1.3.1 over the leaf list, as an independent reference. */
function referencePath(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const k = 2 ** Math.floor(Math.log2(d.length - 1));
  return m < k
    ? [...referencePath(m, d.slice(0, k)), merkleTreeHash(d.slice(k))]
    : [...referencePath(m - k, d.slice(k)), merkleTreeHash(d.slice(0, k))];
}

const proofFor = (index: number, size: number): Uint8Array[] => proofOf(tree.inclusionProof(index, size));

const claim = (index: number, size: number, proof = proofFor(index, size)) => ({
  index,
  size,
  leafHash: leaves[index]!,
  proof,
  root: roots[size]!,
});

/** (size, index) with 1 ≤ size ≤ N and 0 ≤ index < size. */
const position = fc
  .integer({ min: 1, max: N })
  .chain((size) => fc.record({ size: fc.constant(size), index: fc.nat({ max: size - 1 }) }));
/** The same with size > 1, where the proof is not empty. */
const inLargerTree = position.filter(({ size }) => size > 1);

describe('inclusion proofs', () => {
  it('verifies every generated proof for every (index, size) up to 64 leaves', () => {
    for (let size = 1; size <= 64; size++) {
      for (let index = 0; index < size; index++) {
        expect(verifyInclusion(claim(index, size)), `${index} of ${size}`).toEqual({ ok: true, value: true });
      }
    }
  });

  it('generates exactly the RFC 9162 PATH for any past size of a larger log', () => {
    fc.assert(
      fc.property(position, ({ size, index }) => {
        const want = referencePath(index, leaves.slice(0, size));
        expect(proofFor(index, size)).toEqual(want);
        expect(verifyInclusion(claim(index, size)).ok).toBe(true);
      }),
    );
  });

  it('reads O(log n) nodes per proof', () => {
    const big = treeOf(5000);
    const pair = fc
      .integer({ min: 2, max: 5000 })
      .chain((size) => fc.tuple(fc.constant(size), fc.nat({ max: size - 1 })));
    fc.assert(
      fc.property(pair, ([size, index]) => {
        const { source, reads } = countingSource(big);
        expect(inclusionProof(source, index, size).ok).toBe(true);
        expect(reads()).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)));
      }),
    );
  });

  it('handles tree sizes up to 2^53 - 1 without 32-bit truncation', () => {
    const uniform = uniformTree();
    for (const [index, size] of [
      [2 ** 32 + 5, 2 ** 33 + 1],
      [2 ** 52 + 3, Number.MAX_SAFE_INTEGER],
      [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER],
      [0, 2 ** 40],
    ] as const) {
      const proof = inclusionProof(uniform.source, index, size);
      expect(proof.ok).toBe(true);
      if (!proof.ok) continue;
      const good = { index, size, leafHash: uniform.leaf, proof: proof.value, root: uniform.rootOf(size) };
      expect(verifyInclusion(good).ok).toBe(true);
      expect(verifyInclusion({ ...good, proof: proof.value.slice(1) })).toMatchObject({ code: 'wrong-proof-size' });
    }
  });

  it('rejects an inclusion proof with one bit flipped', () => {
    fc.assert(
      fc.property(inLargerTree, fc.nat(), fc.nat({ max: 255 }), ({ size, index }, pick, bit) => {
        const flipped = damaged.bitFlipped(proofFor(index, size), pick, bit);
        expect(verifyInclusion(claim(index, size, flipped))).toMatchObject({ ok: false, code: 'root-mismatch' });
      }),
    );
  });

  it('rejects an inclusion proof with a hash inserted', () => {
    fc.assert(
      fc.property(position, fc.nat(), randomHash, ({ size, index }, pick, extra) => {
        const longer = damaged.hashInserted(proofFor(index, size), pick, extra);
        expect(verifyInclusion(claim(index, size, longer)).ok).toBe(false);
      }),
    );
  });

  it('rejects an inclusion proof with a hash removed', () => {
    fc.assert(
      fc.property(inLargerTree, fc.nat(), ({ size, index }, pick) => {
        const shorter = damaged.hashRemoved(proofFor(index, size), pick);
        expect(verifyInclusion(claim(index, size, shorter))).toMatchObject({ ok: false, code: 'wrong-proof-size' });
      }),
    );
  });

  it('rejects an inclusion proof presented for another index of the same tree', () => {
    fc.assert(
      fc.property(inLargerTree, fc.nat(), ({ size, index }, pick) => {
        const other = (index + 1 + (pick % (size - 1))) % size;
        const moved = { ...claim(index, size), index: other };
        expect(verifyInclusion(moved).ok).toBe(false);
      }),
    );
  });

  it('rejects an inclusion proof presented for another tree size and that size’s root', () => {
    fc.assert(
      fc.property(position, fc.integer({ min: 1, max: N }), ({ size, index }, otherSize) => {
        fc.pre(otherSize !== size && index < otherSize);
        const moved = { ...claim(index, size), size: otherSize, root: roots[otherSize]! };
        expect(verifyInclusion(moved).ok).toBe(false);
      }),
    );
  });

  it('rejects an inclusion proof for a different leaf', () => {
    fc.assert(
      fc.property(position, randomHash, ({ size, index }, leafHash) => {
        expect(verifyInclusion({ ...claim(index, size), leafHash })).toMatchObject({ ok: false, code: 'root-mismatch' });
      }),
    );
  });

  it('accepts a size-3 proof under size 4 given the size-3 root: only the signed checkpoint binds size to root', () => {
    // RFC 9162 §2.1.3.2 checks the shape of the path, and leaf 0 has the same shape in trees of 3 and 4 leaves.
    expect(verifyInclusion({ ...claim(0, 3), size: 4 }).ok).toBe(true);
    expect(verifyInclusion({ ...claim(0, 3), size: 4, root: roots[4]! }).ok).toBe(false);
  });

  it('rejects an oversized proof', () => {
    const proof = [...proofFor(5, 8), ...new Array<Uint8Array>(100_000).fill(leafAt(1))];
    expect(verifyInclusion(claim(5, 8, proof))).toMatchObject({ ok: false, code: 'wrong-proof-size' });
  });

  it('rejects a single-leaf claim that carries a proof', () => {
    expect(verifyInclusion(claim(0, 1, [leafAt(1)]))).toMatchObject({ ok: false, code: 'wrong-proof-size' });
    expect(verifyInclusion(claim(0, 1, []))).toEqual({ ok: true, value: true });
  });

  it.each(junk.hashLengths)('rejects %i-byte hashes in the leaf, the root or the proof', (length) => {
    const wrong = new Uint8Array(length);
    const good = claim(3, 7);
    for (const bad of [{ ...good, leafHash: wrong }, { ...good, root: wrong }, { ...good, proof: damaged.secondHash(good.proof, wrong) }]) {
      expect(verifyInclusion(bad)).toMatchObject({ ok: false, code: 'bad-hash-length' });
    }
  });

  it('rejects an index at or beyond the tree size, including every index of the empty tree', () => {
    expect(verifyInclusion(claim(7, 7, []))).toMatchObject({ ok: false, code: 'index-out-of-range' });
    expect(verifyInclusion({ ...claim(0, 1), size: 0 })).toMatchObject({ ok: false, code: 'index-out-of-range' });
    expect(verifyInclusion({ ...claim(0, 1), index: -1 })).toMatchObject({ ok: false, code: 'index-out-of-range' });
    expect(verifyInclusion({ ...claim(0, 2), index: 0.5 })).toMatchObject({ ok: false, code: 'index-out-of-range' });
  });

  it.each(junk.sizes)('rejects the tree size %d', (size) => {
    expect(verifyInclusion({ ...claim(0, 1), size })).toMatchObject({ ok: false, code: 'invalid-size' });
  });

  it('never throws, whatever numbers and byte strings it is given', () => {
    const { number, bytes } = junk;
    fc.assert(
      fc.property(number, number, bytes, fc.array(bytes, { maxLength: 12 }), bytes, (index, size, leafHash, proof, root) => {
        const result = verifyInclusion({ index, size, leafHash, proof, root });
        if (!result.ok) expect(result.message).not.toBe('');
      }),
    );
  });

  it('refuses to generate a proof beyond the log or outside the tree', () => {
    expect(tree.inclusionProof(0, N + 1)).toMatchObject({ ok: false, code: 'size-out-of-range' });
    expect(tree.inclusionProof(0, -1)).toMatchObject({ ok: false, code: 'size-out-of-range' });
    expect(tree.inclusionProof(0, 0)).toMatchObject({ ok: false, code: 'index-out-of-range' });
    expect(tree.inclusionProof(10, 10)).toMatchObject({ ok: false, code: 'index-out-of-range' });
    expect(tree.inclusionProof(1.5, 10)).toMatchObject({ ok: false, code: 'index-out-of-range' });
  });

  it('proves against the current size by default', () => {
    expect(tree.inclusionProof(17)).toEqual(tree.inclusionProof(17, N));
  });
});
