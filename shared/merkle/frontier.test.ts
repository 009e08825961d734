import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../bytes';
import { sha256 } from '../crypto/sha256';
import { MerkleFrontier } from './frontier';
import { emptyRoot, hashLeaf, hashNode } from './hash';
import { merkleTreeHash } from './tree-hash';

const leafAt = (i: number): Uint8Array => hashLeaf(sha256(utf8(`event ${i}`)));
const leafHashes = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 150 });

/** JSON.stringify then JSON.parse, as storage would. */
const roundTrip = (frontier: MerkleFrontier): unknown => JSON.parse(JSON.stringify(frontier));

function restored(value: unknown): MerkleFrontier {
  const result = MerkleFrontier.fromJSON(value);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('MerkleFrontier', () => {
  it('has the root of every prefix equal to MTH of that prefix', () => {
    fc.assert(
      fc.property(leafHashes, (hashes) => {
        const frontier = MerkleFrontier.empty();
        expect(frontier.root()).toEqual(emptyRoot());
        hashes.forEach((hash, i) => {
          frontier.append(hash);
          expect(frontier.size).toBe(i + 1);
          expect(frontier.root()).toEqual(merkleTreeHash(hashes.slice(0, i + 1)));
        });
      }),
    );
  });

  it('resumes from its JSON form at any size and keeps matching MTH', () => {
    fc.assert(
      fc.property(leafHashes, fc.nat(), (hashes, cut) => {
        const at = cut % (hashes.length + 1);
        const first = MerkleFrontier.empty();
        for (const hash of hashes.slice(0, at)) first.append(hash);
        const resumed = restored(roundTrip(first));
        expect(resumed.size).toBe(at);
        expect(resumed.root()).toEqual(first.root());
        for (const hash of hashes.slice(at)) resumed.append(hash);
        expect(resumed.root()).toEqual(merkleTreeHash(hashes));
      }),
    );
  });

  it('keeps one hash per set bit of the size', () => {
    const frontier = MerkleFrontier.empty();
    for (let i = 0; i < 1023; i++) frontier.append(leafAt(i));
    expect(frontier.toJSON().hashes).toHaveLength(10);
    frontier.append(leafAt(1023));
    expect(frontier.toJSON()).toEqual({ size: 1024, hashes: [toHex(frontier.root())] });
  });

  it('serialises the empty frontier as size 0 with no hashes', () => {
    expect(MerkleFrontier.empty().toJSON()).toEqual({ size: 0, hashes: [] });
    expect(restored({ size: 0, hashes: [] }).root()).toEqual(emptyRoot());
  });

  it('carries through 52 levels past 2^32 leaves without 32-bit truncation', () => {
    // 2^52 - 1 equal leaves: the frontier holds the complete subtrees of equal leaves at levels 51 … 0.
    const levels = [leafAt(0)];
    for (let l = 1; l <= 52; l++) levels.push(hashNode(levels[l - 1]!, levels[l - 1]!));
    const frontier = restored({ size: 2 ** 52 - 1, hashes: levels.slice(0, 52).reverse().map(toHex) });
    frontier.append(levels[0]!);
    expect(frontier.toJSON()).toEqual({ size: 2 ** 52, hashes: [toHex(levels[52]!)] });
    frontier.append(levels[0]!);
    expect(frontier.toJSON()).toEqual({ size: 2 ** 52 + 1, hashes: [toHex(levels[52]!), toHex(levels[0]!)] });
    expect(frontier.root()).toEqual(hashNode(levels[52]!, levels[0]!));
  });

  it('does not share bytes with its caller', () => {
    const leaf = leafAt(0);
    const frontier = MerkleFrontier.empty();
    frontier.append(leaf);
    const root = frontier.root();
    leaf.fill(0);
    root.fill(0);
    expect(frontier.root()).toEqual(leafAt(0));
  });

  it('throws on a leaf hash that is not 32 bytes, a bug in the caller', () => {
    expect(() => MerkleFrontier.empty().append(new Uint8Array(31))).toThrow(RangeError);
  });

  it.each([null, [], 'frontier', 3, undefined])('rejects %j as not an object', (value) => {
    expect(MerkleFrontier.fromJSON(value)).toMatchObject({ ok: false, code: 'not-an-object' });
  });

  it('rejects unexpected fields', () => {
    expect(MerkleFrontier.fromJSON({ size: 0, hashes: [], root: '' })).toMatchObject({
      ok: false,
      code: 'unexpected-field',
    });
  });

  it.each([-1, 1.5, '1', null, 2 ** 53, undefined])('rejects the size %j', (size) => {
    expect(MerkleFrontier.fromJSON({ size, hashes: [toHex(leafAt(0))] })).toMatchObject({
      ok: false,
      code: 'bad-size',
    });
  });

  it('rejects hashes that are missing, too many, too few or malformed', () => {
    const hash = toHex(leafAt(0));
    for (const hashes of [
      undefined,
      hash,
      [],
      [hash],
      [hash, hash, hash],
      [hash.toUpperCase(), hash],
      [hash.slice(1), hash],
      [`${hash}00`, hash],
      [42, hash],
    ]) {
      expect(MerkleFrontier.fromJSON({ size: 3, hashes }), JSON.stringify(hashes)).toMatchObject({
        ok: false,
        code: 'bad-hashes',
      });
    }
    expect(MerkleFrontier.fromJSON({ size: 3, hashes: [hash, hash] }).ok).toBe(true);
  });
});
