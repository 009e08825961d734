import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../shared/crypto/sha256';
import { hashLeaf, MemoryMerkleTree } from '../../shared/merkle';
import { extendTree, peakCoords, rootOfPeaks } from './append';

const leaf = (i: number) => hashLeaf(sha256(Uint8Array.of(i & 255, (i >> 8) & 255, i >> 16)));

describe('peakCoords', () => {
  it('tiles [0, size) with one complete subtree per set bit, largest first', () => {
    expect(peakCoords(0)).toEqual([]);
    expect(peakCoords(1)).toEqual([{ level: 0, index: 0 }]);
    expect(peakCoords(6)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
    ]);
    expect(peakCoords(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (size) => {
        let start = 0;
        for (const { level, index } of peakCoords(size)) {
          expect(index * 2 ** level).toBe(start);
          start += 2 ** level;
        }
        expect(start).toBe(size);
      }),
    );
  });
});

describe('extendTree', () => {
  it('writes exactly the nodes MemoryMerkleTree holds, in any split of appends, and the same root', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), (batches) => {
        const memory = new MemoryMerkleTree();
        const stored = new Map<string, Uint8Array>();
        let size = 0;
        let peaks: Uint8Array[] = [];
        for (const n of batches) {
          const leaves = Array.from({ length: n }, (_, i) => leaf(size + i));
          leaves.forEach((l) => memory.append(l));
          const grown = extendTree(size, peaks, leaves);
          for (const node of grown.nodes) {
            const key = `${node.level}/${node.index}`;
            expect(stored.has(key), `node ${key} written twice`).toBe(false);
            stored.set(key, node.hash);
          }
          size += n;
          peaks = grown.peaks;
          expect(rootOfPeaks(peaks)).toEqual(memory.root());
        }
        // Every complete node of the tree, no more, no less.
        let expected = 0;
        for (let w = 1; w <= size; w *= 2) expected += Math.floor(size / w);
        expect(stored.size).toBe(expected);
        for (const [key, hash] of stored) {
          const [level, index] = key.split('/').map(Number) as [number, number];
          expect(hash).toEqual(memory.node(level, index));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuses peaks that do not fit the size: a bug, not input', () => {
    expect(() => extendTree(3, [leaf(0)], [leaf(3)])).toThrow(/peaks/);
  });
});
