import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistencyProof, hashLeaf, inclusionProof, MemoryMerkleTree, rootAt } from '../merkle';
import { entriesPath, parseTilePath, tilePath, TILE_WIDTH, type TileId } from './tile-path';
import { withTiles } from './tile-source';
import { entryBundle, parseEntryBundle, tileBytes, tilesBetween, tilesOf } from './tiles';

const leaf = (i: number) => hashLeaf(Uint8Array.of(i >> 24, i >> 16, i >> 8, i));

function tree(size: number): MemoryMerkleTree {
  const t = new MemoryMerkleTree();
  for (let i = 0; i < size; i++) t.append(leaf(i));
  return t;
}

/** The tiles a log of `size` serves, by path, read from its nodes. */
function served(t: MemoryMerkleTree, size: number): Map<string, Uint8Array> {
  return new Map(tilesOf(size).map((tile) => [tilePath(tile), tileBytes(t, tile)]));
}

const fetchFrom = (tiles: ReadonlyMap<string, Uint8Array>) => async (tile: TileId) => tiles.get(tilePath(tile));

describe('tile paths (C2SP tlog-tiles)', () => {
  it('encode the index in zero-padded groups of three, all but the last prefixed x, as the spec example', () => {
    expect(tilePath({ level: 0, index: 1234067, width: TILE_WIDTH })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 5, width: 1 })).toBe('tile/2/005.p/1');
    expect(entriesPath(1234067, 112)).toBe('tile/entries/x001/x234/067.p/112');
  });

  it('read back exactly the paths they write', () => {
    fc.assert(
      fc.property(fc.nat(63), fc.nat(2 ** 40), fc.integer({ min: 1, max: 256 }), (level, index, width) => {
        expect(parseTilePath(tilePath({ level, index, width }))).toEqual({ ok: true, value: { level, index, width, entries: false } });
        expect(parseTilePath(entriesPath(index, width))).toEqual({ ok: true, value: { level: 0, index, width, entries: true } });
      }),
    );
  });

  it.each([
    'tile/0/1',
    'tile/00/001',
    'tile/64/001',
    'tile/0/x001',
    'tile/0/001.p/0',
    'tile/0/001.p/256',
    'tile/0/001.p/007',
    'tile/0/x000/001',
    'tile/0/../001',
    'tile/0//001',
    'tile/0/001/',
    'tile/entries/..%2f001',
    'tiles/0/001',
    'tile/0/x1234/067',
  ])('refuse %s', (path) => {
    expect(parseTilePath(path)).toMatchObject({ ok: false, code: 'not-a-tile-path' });
  });
});

describe('the tiles of a log', () => {
  it('are those of the spec example for a tree of 70,000', () => {
    const tiles = tilesOf(70_000);
    const level = (l: number) => tiles.filter((t) => t.level === l);
    expect(level(0).filter((t) => t.width === TILE_WIDTH)).toHaveLength(273);
    expect(level(0).filter((t) => t.width !== TILE_WIDTH)).toEqual([{ level: 0, index: 273, width: 112 }]);
    expect(level(1)).toEqual([
      { level: 1, index: 0, width: TILE_WIDTH },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(level(2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(level(3)).toEqual([]);
    // "A tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1."
    expect(tilesOf(256)).toEqual([
      { level: 0, index: 0, width: TILE_WIDTH },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(tilesOf(0)).toEqual([]);
  });

  it('that grew are the old full tiles and what the growth wrote, never a full tile twice', () => {
    fc.assert(
      fc.property(fc.nat(200_000), fc.nat(200_000), (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const written = tilesBetween(from, to).map(tilePath);
        const before = new Set(tilesOf(from).map(tilePath));
        const after = tilesOf(to).map(tilePath);
        const full = (paths: Iterable<string>) => [...paths].filter((p) => !p.includes('.p/'));
        expect(new Set([...full(before), ...full(written)])).toEqual(new Set(full(after)));
        expect(full(written).filter((p) => before.has(p))).toEqual([]);
        // Every tile of the new size the old one did not serve is written.
        expect(new Set(written)).toEqual(new Set(after.filter((p) => !before.has(p))));
      }),
      { numRuns: 100 },
    );
  });

  it('give the same roots and inclusion and consistency proofs as the log itself, at random sizes', async () => {
    const log = tree(1_300);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_300 }), fc.nat(), fc.nat(), async (size, i, j) => {
        const tiles = served(log, size);
        const index = i % size;
        const older = 1 + (j % size);
        expect(await withTiles(size, fetchFrom(tiles), (s) => rootAt(s, size))).toEqual({ ok: true, value: rootAt(log, size) });
        expect(await withTiles(size, fetchFrom(tiles), (s) => inclusionProof(s, index, size))).toEqual({ ok: true, value: inclusionProof(log, index, size) });
        expect(await withTiles(size, fetchFrom(tiles), (s) => consistencyProof(s, older, size))).toEqual({ ok: true, value: consistencyProof(log, older, size) });
      }),
      { numRuns: 150 },
    );
  });

  it('give the proofs of the log across tile levels 0 to 2 (a log past 65,536 leaves)', async () => {
    const log = tree(70_000);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 65_536, max: 70_000 }), fc.nat(), fc.nat(), async (size, i, j) => {
        const tiles = served(log, size);
        expect(await withTiles(size, fetchFrom(tiles), (s) => inclusionProof(s, i % size, size))).toEqual({ ok: true, value: inclusionProof(log, i % size, size) });
        expect(await withTiles(size, fetchFrom(tiles), (s) => consistencyProof(s, 1 + (j % size), size))).toEqual({ ok: true, value: consistencyProof(log, 1 + (j % size), size) });
      }),
      { numRuns: 10 },
    );
  });

  it('refuse a tile of the wrong length, and say which tile could not be fetched', async () => {
    const log = tree(600);
    const tiles = served(log, 600);
    const cut = new Map(tiles);
    cut.set('tile/0/002.p/88', tiles.get('tile/0/002.p/88')!.slice(1));
    expect(await withTiles(600, fetchFrom(cut), (s) => rootAt(s, 600))).toMatchObject({ ok: false, code: 'bad-tile' });
    const missing = new Map(tiles);
    missing.delete('tile/1/000.p/2');
    expect(await withTiles(600, fetchFrom(missing), (s) => rootAt(s, 600))).toMatchObject({ ok: false, code: 'tile-unavailable', message: expect.stringContaining('tile/1/000.p/2') });
  });
});

describe('entry bundles', () => {
  it('hold each entry as a big-endian uint16 length and its bytes, and read back', () => {
    expect(entryBundle([Uint8Array.of(7, 8), new Uint8Array(0)])).toEqual(Uint8Array.of(0, 2, 7, 8, 0, 0));
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 20 }), (entries) => {
        expect(parseEntryBundle(entryBundle(entries), entries.length)).toEqual({ ok: true, value: entries });
      }),
    );
  });

  it('that are cut, padded or of another width are refused', () => {
    const bundle = entryBundle([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    expect(parseEntryBundle(bundle.slice(0, -1), 2)).toMatchObject({ ok: false, code: 'bad-bundle' });
    expect(parseEntryBundle(Uint8Array.of(...bundle, 0), 2)).toMatchObject({ ok: false, code: 'bad-bundle' });
    expect(parseEntryBundle(bundle, 3)).toMatchObject({ ok: false, code: 'bad-bundle' });
    expect(() => entryBundle([new Uint8Array(0x10000)])).toThrow(/does not fit/);
  });
});
