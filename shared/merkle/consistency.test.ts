import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistencyProof, verifyConsistency } from './consistency';
import { merkleTreeHash } from './tree-hash';
import { countingSource, damaged, junk, leafAt, leaves, N, proofOf, randomHash, roots, tree, treeOf, uniformTree } from './test-support';

/** SUBPROOF(m, D[n], b) written out from RFC 9162 §2.1.4.1 over the leaf list, as an independent reference. */
function referenceSubproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [merkleTreeHash(d)];
  const k = 2 ** Math.floor(Math.log2(d.length - 1));
  return m <= k
    ? [...referenceSubproof(m, d.slice(0, k), b), merkleTreeHash(d.slice(k))]
    : [...referenceSubproof(m - k, d.slice(k), false), merkleTreeHash(d.slice(0, k))];
}

const proofFor = (size1: number, size2: number): Uint8Array[] => proofOf(tree.consistencyProof(size1, size2));

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
    const big = treeOf(5000);
    const pair = fc
      .integer({ min: 2, max: 5000 })
      .chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2)));
    fc.assert(
      fc.property(pair, ([size1, size2]) => {
        const { source, reads } = countingSource(big);
        expect(consistencyProof(source, size1, size2).ok).toBe(true);
        expect(reads()).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size2)) + 1);
      }),
    );
  });

  it('handles tree sizes up to 2^53 - 1 without 32-bit truncation', () => {
    const uniform = uniformTree();
    for (const [size1, size2] of [
      [2 ** 32 + 5, 2 ** 33 + 1],
      [2 ** 40, 2 ** 52 + 7],
      [2 ** 52 + 3, Number.MAX_SAFE_INTEGER],
      [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER],
    ] as const) {
      const proof = consistencyProof(uniform.source, size1, size2);
      expect(proof.ok).toBe(true);
      if (!proof.ok) continue;
      const good = { size1, size2, root1: uniform.rootOf(size1), root2: uniform.rootOf(size2), proof: proof.value };
      expect(verifyConsistency(good).ok, `${size1} → ${size2}`).toBe(true);
      expect(verifyConsistency({ ...good, proof: proof.value.slice(1) })).toMatchObject({ code: 'wrong-proof-size' });
    }
  });

  it('rejects a consistency proof with one bit flipped', () => {
    fc.assert(
      fc.property(growing, fc.nat(), fc.nat({ max: 255 }), ({ size1, size2 }, pick, bit) => {
        const flipped = damaged.bitFlipped(proofFor(size1, size2), pick, bit);
        expect(verifyConsistency(claim(size1, size2, flipped))).toMatchObject({ ok: false, code: 'root-mismatch' });
      }),
    );
  });

  it('rejects a consistency proof with a hash inserted', () => {
    fc.assert(
      fc.property(sizes, fc.nat(), randomHash, ({ size1, size2 }, pick, extra) => {
        const longer = damaged.hashInserted(proofFor(size1, size2), pick, extra);
        expect(verifyConsistency(claim(size1, size2, longer)).ok).toBe(false);
      }),
    );
  });

  it('rejects a consistency proof with a hash removed', () => {
    fc.assert(
      fc.property(growing, fc.nat(), ({ size1, size2 }, pick) => {
        const shorter = damaged.hashRemoved(proofFor(size1, size2), pick);
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

  it.each(junk.hashLengths)('rejects %i-byte hashes in either root or the proof', (length) => {
    const wrong = new Uint8Array(length);
    const good = claim(6, 13);
    for (const bad of [{ ...good, root1: wrong }, { ...good, root2: wrong }, { ...good, proof: damaged.secondHash(good.proof, wrong) }]) {
      expect(verifyConsistency(bad)).toMatchObject({ ok: false, code: 'bad-hash-length' });
    }
  });

  it.each(junk.sizes)('rejects the tree size %d', (size) => {
    expect(verifyConsistency({ ...claim(3, 5), size1: size })).toMatchObject({ ok: false, code: 'invalid-size' });
    expect(verifyConsistency({ ...claim(3, 5), size2: size })).toMatchObject({ ok: false, code: 'invalid-size' });
  });

  it('never throws, whatever numbers and byte strings it is given', () => {
    const { number, bytes } = junk;
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
