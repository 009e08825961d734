/**
 * Proofs from tiles alone (C2SP tlog-tiles: "clients can fetch all the tiles
 * they need in parallel and compute any desired proof"): a `MerkleNodeSource`
 * over the tiles of a tree of one size, so shared/merkle's own proof and root
 * code runs unchanged over them. Which tiles a computation needs is learnt by
 * running it once over a source that only records the nodes asked for; those
 * tiles are fetched, then it runs again over the real hashes.
 */
import { hashNode, HASH_SIZE, type MerkleNodeSource } from '../merkle';
import { err, ok, type Result } from '../result';
import { TILE_HEIGHT, TILE_WIDTH, tilePath, type TileId } from './tile-path';
import { tileHashes } from './tiles';

/** The tile of a tree of `size` leaves that holds node (treeLevel 8·level, `hash`): full, or the level's partial one. */
function tileHolding(size: number, level: number, hash: number): TileId {
  const index = Math.floor(hash / TILE_WIDTH);
  const hashes = Math.floor(size / TILE_WIDTH ** level);
  return { level, index, width: index < Math.floor(hashes / TILE_WIDTH) ? TILE_WIDTH : hashes % TILE_WIDTH };
}

/** A tree node as a tile level, the first tile hash under it, and how many tile hashes it spans. */
function locate(level: number, index: number): { tileLevel: number; first: number; span: number } {
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const span = 2 ** (level % TILE_HEIGHT);
  return { tileLevel, first: index * span, span };
}

export class TileNodeSource implements MerkleNodeSource {
  constructor(
    readonly size: number,
    /** Tile hashes by tile path. */
    private readonly tiles: ReadonlyMap<string, readonly Uint8Array[]>,
  ) {}

  node(level: number, index: number): Uint8Array {
    const { tileLevel, first, span } = locate(level, index);
    const tile = tileHolding(this.size, tileLevel, first);
    const hashes = this.tiles.get(tilePath(tile));
    if (hashes === undefined) throw new Error(`tile ${tilePath(tile)} was not fetched`);
    let row = hashes.slice(first - tile.index * TILE_WIDTH, first - tile.index * TILE_WIDTH + span);
    // The tile's hashes are 8·tileLevel levels up; the levels between are hashed here.
    while (row.length > 1) row = Array.from({ length: row.length / 2 }, (_, i) => hashNode(row[2 * i]!, row[2 * i + 1]!));
    return row[0]!;
  }
}

/** The tiles `compute` reads for a tree of `size` leaves. */
export function tilesNeeded<T>(size: number, compute: (source: MerkleNodeSource) => T): TileId[] {
  const needed = new Map<string, TileId>();
  const recorder: MerkleNodeSource = {
    size,
    node(level, index) {
      const { tileLevel, first } = locate(level, index);
      const tile = tileHolding(size, tileLevel, first);
      needed.set(tilePath(tile), tile);
      return new Uint8Array(HASH_SIZE);
    },
  };
  compute(recorder);
  return [...needed.values()];
}

export type TileFetchErrorCode = 'bad-tile' | 'tile-unavailable';

/**
 * Runs `compute` (a proof, a root) over the tiles of a tree of `size`
 * leaves, fetched with `fetchTile` in parallel. The size must come from a
 * verified checkpoint: a client never asks for partial tiles no checkpoint
 * vouches for (C2SP tlog-tiles, "Partial Tiles").
 */
export async function withTiles<T>(
  size: number,
  fetchTile: (tile: TileId) => Promise<Uint8Array | undefined>,
  compute: (source: MerkleNodeSource) => T,
): Promise<Result<T, TileFetchErrorCode>> {
  const needed = tilesNeeded(size, compute);
  const fetched = await Promise.all(needed.map(async (tile) => ({ tile, bytes: await fetchTile(tile) })));
  const tiles = new Map<string, Uint8Array[]>();
  for (const { tile, bytes } of fetched) {
    if (bytes === undefined) return err('tile-unavailable', `tile ${tilePath(tile)} could not be fetched`);
    const hashes = tileHashes(bytes, tile.width);
    if (!hashes.ok) return err('bad-tile', `tile ${tilePath(tile)}: ${hashes.message}`);
    tiles.set(tilePath(tile), hashes.value);
  }
  return ok(compute(new TileNodeSource(size, tiles)));
}
