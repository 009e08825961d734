import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex } from '../bytes';
import { emptyRoot, hashLeaf, hashNode } from './hash';
import { merkleTreeHash } from './tree-hash';

describe('merkleTreeHash (MTH)', () => {
  it('separates leaves from nodes, so two leaf hashes cannot pose as one 64-byte leaf', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (a, b) => {
        const pair = merkleTreeHash([a, b]);
        expect(pair).toEqual(hashNode(a, b));
        expect(merkleTreeHash([hashLeaf(concatBytes(a, b))])).not.toEqual(pair);
      }),
    );
  });

  it('splits at the largest power of two below n', () => {
    const [a, b, c] = [1, 2, 3].map((i) => hashLeaf(Uint8Array.of(i))) as [Uint8Array, Uint8Array, Uint8Array];
    expect(merkleTreeHash([a, b, c])).toEqual(hashNode(hashNode(a, b), c));
    expect(merkleTreeHash([a])).toEqual(a);
    expect(merkleTreeHash([])).toEqual(emptyRoot());
  });

  it('returns a copy for a single leaf, not the caller’s array', () => {
    const leaf = hashLeaf(fromHex('00'));
    merkleTreeHash([leaf]).fill(0);
    expect(leaf).toEqual(hashLeaf(fromHex('00')));
  });

  it('throws on a leaf hash that is not 32 bytes, a bug in the caller', () => {
    expect(() => merkleTreeHash([hashLeaf(new Uint8Array(0)), new Uint8Array(31)])).toThrow(RangeError);
  });
});
