/**
 * Reading a tiled log (C2SP tlog-tiles) from wherever it is served: its
 * checkpoint, verified under the log key first, then the entry bundles and
 * tiles that checkpoint vouches for, and proofs computed from them and
 * checked against its signed root. Nothing here trusts the server: a tile
 * or bundle that was changed gives a proof that does not verify, never a
 * wrong answer. Works over any `fetch`-like function (the kit, the donor
 * page, the CLI) or a getter over a directory.
 */
import { equalBytes, fromUtf8 } from '../bytes';
import { openCheckpoint, type Checkpoint, type NoteVerifier } from '../checkpoint';
import { consistencyProof, hashLeaf, inclusionProof, verifyConsistency, verifyInclusion } from '../merkle';
import { err, ok, type Result } from '../result';
import { entriesPath, tilePath, TILE_WIDTH } from './tile-path';
import { withTiles, type TileFetchErrorCode } from './tile-source';
import { parseEntryBundle } from './tiles';

/** The bytes of the resource at `path` under the log's prefix (`checkpoint`, `tile/…`), or undefined when it cannot be had. */
export type TileGetter = (path: string) => Promise<Uint8Array | undefined>;

/** What `fetchTiles` needs of `fetch`: `globalThis.fetch` fits, in a browser and in Node. */
export type FetchLike = (url: string) => Promise<{ readonly status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

/** A getter over HTTP(S) under `prefix`; a failed request or any status but 200 is an absent resource. */
export function fetchTiles(prefix: string, fetchLike: FetchLike): TileGetter {
  const base = prefix.replace(/\/+$/, '');
  return async (path) => {
    try {
      const response = await fetchLike(`${base}/${path}`);
      return response.status === 200 ? new Uint8Array(await response.arrayBuffer()) : undefined;
    } catch {
      return undefined;
    }
  };
}

export type TileReadErrorCode =
  | 'checkpoint-unavailable'
  | 'bad-checkpoint'
  | 'index-out-of-range'
  | 'not-found'
  | 'entry-mismatch'
  | 'bad-bundle'
  | 'proof-mismatch'
  | TileFetchErrorCode;

export interface TiledCheckpoint {
  readonly note: string;
  readonly checkpoint: Checkpoint;
}

/** The log's checkpoint, verified under `logKey` for `origin`. */
export async function readCheckpoint(get: TileGetter, origin: string, logKey: NoteVerifier): Promise<Result<TiledCheckpoint, TileReadErrorCode>> {
  const bytes = await get('checkpoint');
  if (bytes === undefined) return err('checkpoint-unavailable', 'the checkpoint could not be fetched');
  const checkpoint = openCheckpoint(bytes, origin, logKey);
  if (!checkpoint.ok) return err('bad-checkpoint', `the checkpoint does not verify under the log key (${checkpoint.code}): ${checkpoint.message}`);
  // A note that opened is valid UTF-8.
  return ok({ note: fromUtf8(bytes), checkpoint: checkpoint.value });
}

/** The width of entry bundle `n` in a tree of `size` leaves: full, or the partial last one. */
const bundleWidth = (size: number, n: number): number => (n < Math.floor(size / TILE_WIDTH) ? TILE_WIDTH : size % TILE_WIDTH);

async function readBundle(get: TileGetter, size: number, n: number): Promise<Result<Uint8Array[], TileReadErrorCode>> {
  const width = bundleWidth(size, n);
  const path = entriesPath(n, width);
  const bytes = await get(path);
  if (bytes === undefined) return err('tile-unavailable', `entry bundle ${path} could not be fetched`);
  const entries = parseEntryBundle(bytes, width);
  return entries.ok ? entries : err('bad-bundle', `entry bundle ${path}: ${entries.message}`);
}

/**
 * The index of `entry` in the tree of `size` leaves, read from the entry
 * bundles in order: one fetch per 256 entries, for a client that holds no
 * receipt. What it finds is only a hint until `proveInclusion` checks it.
 */
export async function findEntry(get: TileGetter, size: number, entry: Uint8Array): Promise<Result<number, TileReadErrorCode>> {
  for (let n = 0; n * TILE_WIDTH < size; n++) {
    const entries = await readBundle(get, size, n);
    if (!entries.ok) return entries;
    const at = entries.value.findIndex((e) => equalBytes(e, entry));
    if (at >= 0) return ok(n * TILE_WIDTH + at);
  }
  return err('not-found', `the entry is not among the log's ${size} entries`);
}

export interface TiledInclusion {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/**
 * Proves, from the tiles alone, that `entry` is leaf `index` of the
 * checkpoint's tree, and checks the proof against its signed root: the
 * entry bundle must hold `entry` there, and the leaf hash RFC 6962 gives it
 * must be in the tree.
 */
export async function proveInclusion(get: TileGetter, checkpoint: Checkpoint, entry: Uint8Array, index: number): Promise<Result<TiledInclusion, TileReadErrorCode>> {
  const { size, rootHash } = checkpoint;
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) return err('index-out-of-range', `leaf ${index} is not in the tree of size ${size}`);
  const entries = await readBundle(get, size, Math.floor(index / TILE_WIDTH));
  if (!entries.ok) return entries;
  if (!equalBytes(entries.value[index % TILE_WIDTH]!, entry)) return err('entry-mismatch', `leaf ${index} of the log is another entry`);
  const proof = await withTiles(size, (tile) => get(tilePath(tile)), (source) => inclusionProof(source, index, size));
  if (!proof.ok) return proof;
  // The index and size were checked above, so the proof's own checks pass.
  if (!proof.value.ok) return err('index-out-of-range', proof.value.message);
  const leafHash = hashLeaf(entry);
  const verified = verifyInclusion({ leafHash, index, size, root: rootHash, proof: proof.value.value });
  if (!verified.ok) return err('proof-mismatch', `the tiles do not match the signed checkpoint (${verified.code}): ${verified.message}`);
  return ok({ index, size, leafHash, proof: proof.value.value });
}

/** Proves, from the tiles of the newer tree alone, that it extends the older one, and checks the proof against both signed roots. */
export async function proveConsistency(get: TileGetter, older: Checkpoint, newer: Checkpoint): Promise<Result<readonly Uint8Array[], TileReadErrorCode>> {
  if (older.size > newer.size) return err('index-out-of-range', `the tree of size ${older.size} is not older than that of size ${newer.size}`);
  // Every tree extends the empty one; RFC 9162 has no proof for it.
  if (older.size === 0) return ok([]);
  const proof = await withTiles(newer.size, (tile) => get(tilePath(tile)), (source) => consistencyProof(source, older.size, newer.size));
  if (!proof.ok) return proof;
  if (!proof.value.ok) return err('index-out-of-range', proof.value.message);
  const verified = verifyConsistency({ size1: older.size, size2: newer.size, root1: older.rootHash, root2: newer.rootHash, proof: proof.value.value });
  if (!verified.ok) return err('proof-mismatch', `the tiles do not prove the trees consistent (${verified.code}): ${verified.message}`);
  return ok(proof.value.value);
}
