/**
 * The tiles of a log of a given size, and their bytes (C2SP tlog-tiles).
 * Tile n at level l holds, for i < width, MTH of the 256^l leaves from
 * (n·256 + i)·256^l: the complete subtree at tree level 8l, index n·256 + i,
 * which is exactly a node a `MerkleNodeSource` stores. So a log's tiles are
 * read from the same nodes its proofs are, and a tile never changes once
 * full; the partial tile of each level is rewritten as the log grows.
 */
import { concatBytes } from '../bytes';
import { HASH_SIZE, type MerkleNodeSource } from '../merkle';
import { err, ok, type Result } from '../result';
import { TILE_HEIGHT, TILE_WIDTH, type TileId } from './tile-path';

/** Complete subtrees at tree level 8·level in a tree of `size` leaves. */
const hashesAt = (size: number, level: number): number => Math.floor(size / TILE_WIDTH ** level);

/**
 * Every tile a tree of `size` leaves has: the full ones and, per level, the
 * partial one (C2SP: floor(s / 256^l) mod 256 hashes; none when that is 0).
 * A tree of 70,000 has 273 full level-0 tiles, a level-0 tile of 112, one full
 * level-1 tile, a level-1 tile of 17 and a level-2 tile of 1.
 */
export function tilesOf(size: number): TileId[] {
  return tilesBetween(0, size);
}

/**
 * The tiles a log that grew from `from` to `to` leaves must (re)write: the
 * full tiles it completed and its new partial tiles. Full tiles of `from` are
 * never written again.
 */
export function tilesBetween(from: number, to: number): TileId[] {
  const tiles: TileId[] = [];
  for (let level = 0; hashesAt(to, level) > 0; level++) {
    const before = hashesAt(from, level);
    const after = hashesAt(to, level);
    for (let index = Math.floor(before / TILE_WIDTH); index < Math.floor(after / TILE_WIDTH); index++) tiles.push({ level, index, width: TILE_WIDTH });
    const width = after % TILE_WIDTH;
    if (width > 0 && after !== before) tiles.push({ level, index: Math.floor(after / TILE_WIDTH), width });
  }
  return tiles;
}

/** The tile's bytes: its hashes, 32 bytes each, read from the log's nodes. */
export function tileBytes(source: MerkleNodeSource, { level, index, width }: TileId): Uint8Array {
  return concatBytes(...Array.from({ length: width }, (_, i) => source.node(TILE_HEIGHT * level, index * TILE_WIDTH + i)));
}

/** The hashes of a tile's bytes, or `bad-tile` when they are not `width` hashes. */
export function tileHashes(bytes: Uint8Array, width: number): Result<Uint8Array[], 'bad-tile'> {
  if (bytes.length !== width * HASH_SIZE) return err('bad-tile', `a tile of ${width} hashes has ${width * HASH_SIZE} bytes, not ${bytes.length}`);
  return ok(Array.from({ length: width }, (_, i) => bytes.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE)));
}

/** An entry bundle: each entry as a big-endian uint16 length and its bytes. */
export function entryBundle(entries: readonly Uint8Array[]): Uint8Array {
  return concatBytes(
    ...entries.flatMap((entry) => {
      if (entry.length > 0xffff) throw new Error(`an entry of ${entry.length} bytes does not fit a bundle`);
      return [Uint8Array.of(entry.length >> 8, entry.length & 0xff), entry];
    }),
  );
}

/** The entries of a bundle, or `bad-bundle` when it is cut or longer than `width` entries. */
export function parseEntryBundle(bytes: Uint8Array, width: number): Result<Uint8Array[], 'bad-bundle'> {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) return err('bad-bundle', 'the bundle ends inside an entry length');
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    if (at + 2 + length > bytes.length) return err('bad-bundle', 'the bundle ends inside an entry');
    entries.push(bytes.slice(at + 2, at + 2 + length));
    at += 2 + length;
  }
  if (entries.length !== width) return err('bad-bundle', `the bundle holds ${entries.length} entries, not ${width}`);
  return ok(entries);
}
