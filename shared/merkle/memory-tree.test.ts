import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../bytes';
import { sha256 } from '../crypto/sha256';
import { emptyRoot, hashLeaf } from './hash';
import { MemoryMerkleTree } from './memory-tree';
import { merkleTreeHash } from './tree-hash';

const leafAt = (i: number): Uint8Array => hashLeaf(sha256(utf8(`event ${i}`)));

describe('MemoryMerkleTree', () => {
  it('gives the root of every past size equal to MTH of that prefix', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 100 }), (hashes) => {
        const tree = new MemoryMerkleTree();
        hashes.forEach((hash, i) => expect(tree.append(hash)).toBe(i));
        expect(tree.size).toBe(hashes.length);
        expect(tree.root()).toEqual(merkleTreeHash(hashes));
        for (let size = 0; size <= hashes.length; size++) {
          expect(tree.rootAt(size)).toEqual({ ok: true, value: merkleTreeHash(hashes.slice(0, size)) });
        }
      }),
    );
  });

  it('stores every complete subtree as the MTH of its leaves', () => {
    const leaves = Array.from({ length: 37 }, (_, i) => leafAt(i));
    const tree = new MemoryMerkleTree();
    for (const leaf of leaves) tree.append(leaf);
    for (let level = 0; 2 ** level <= leaves.length; level++) {
      const width = 2 ** level;
      for (let index = 0; (index + 1) * width <= leaves.length; index++) {
        expect(tree.node(level, index)).toEqual(merkleTreeHash(leaves.slice(index * width, (index + 1) * width)));
      }
    }
  });

  it('has the empty root before the first append', () => {
    const tree = new MemoryMerkleTree();
    expect(tree.size).toBe(0);
    expect(tree.root()).toEqual(emptyRoot());
    expect(tree.rootAt(0)).toEqual({ ok: true, value: emptyRoot() });
  });

  it('throws when asked for a subtree that is not complete yet, a bug in the caller', () => {
    const tree = new MemoryMerkleTree();
    for (let i = 0; i < 3; i++) tree.append(leafAt(i));
    expect(() => tree.node(1, 1)).toThrow(RangeError);
    expect(() => tree.node(0, 3)).toThrow(RangeError);
    expect(() => tree.node(2, 0)).toThrow(RangeError);
  });

  it.each([4, -1, 0.5, Number.NaN])('refuses the root at size %d of a 3-leaf tree', (size) => {
    const tree = new MemoryMerkleTree();
    for (let i = 0; i < 3; i++) tree.append(leafAt(i));
    expect(tree.rootAt(size)).toMatchObject({ ok: false, code: 'size-out-of-range' });
  });

  it('does not share bytes with its caller', () => {
    const leaf = leafAt(0);
    const tree = new MemoryMerkleTree();
    tree.append(leaf);
    tree.append(leafAt(1));
    const before = tree.root();
    leaf.fill(0);
    tree.node(0, 0).fill(0);
    tree.node(1, 0).fill(0);
    const proof = tree.inclusionProof(0);
    if (proof.ok) proof.value[0]!.fill(0);
    expect(tree.root()).toEqual(before);
    expect(tree.node(0, 0)).toEqual(leafAt(0));
  });

  it('throws on a leaf hash that is not 32 bytes, a bug in the caller', () => {
    expect(() => new MemoryMerkleTree().append(new Uint8Array(33))).toThrow(RangeError);
  });
});
