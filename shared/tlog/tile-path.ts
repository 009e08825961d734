/**
 * Tile and entry-bundle paths of a tiled log (C2SP tlog-tiles, "Merkle Tree"
 * and "Log entries"): `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`,
 * with N in zero-padded 3-digit path elements, all but the last prefixed
 * `x` (1234067 → `x001/x234/067`), so tiles sit in a plain directory tree and
 * any web server or CDN serves them.
 */
import { err, ok, type Result } from '../result';

/** Hashes in a full tile (C2SP tlog-tiles: 256 hashes, 8,192 bytes). */
export const TILE_WIDTH = 256;
/** Tree levels a tile spans: a tile is a subtree of height 8. */
export const TILE_HEIGHT = 8;
/** The highest tile level the spec allows. */
export const MAX_TILE_LEVEL = 63;

/** A tile: its level (0: leaf hashes), its index within the level, and its width (256 when full). */
export interface TileId {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

function indexPath(index: number): string {
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

const widthSuffix = (width: number): string => (width === TILE_WIDTH ? '' : `.p/${width}`);

/** `tile/<L>/<N>[.p/<W>]`. */
export const tilePath = ({ level, index, width }: TileId): string => `tile/${level}/${indexPath(index)}${widthSuffix(width)}`;

/** `tile/entries/<N>[.p/<W>]`: the entry bundle beside level-0 tile `index`. */
export const entriesPath = (index: number, width: number): string => `tile/entries/${indexPath(index)}${widthSuffix(width)}`;

export type TilePathErrorCode = 'not-a-tile-path';

export interface ParsedTilePath extends TileId {
  /** An entry bundle rather than a hash tile (its level is 0). */
  readonly entries: boolean;
}

const LEVEL = /^(0|[1-9][0-9]?)$/;
const WIDTH = /^[1-9][0-9]{0,2}$/;

/**
 * A request path, relative to the log's prefix, read back as a tile or entry
 * bundle; anything else (leading zeros, `..`, a level over 63, a width of 0
 * or 256) is refused, so a server never maps an odd path to a file.
 */
export function parseTilePath(path: string): Result<ParsedTilePath, TilePathErrorCode> {
  const refuse = err('not-a-tile-path', `“${path.slice(0, 80)}” is not a tile path`);
  const parts = path.split('/');
  if (parts[0] !== 'tile' || parts.length < 3) return refuse;
  const entries = parts[1] === 'entries';
  if (!entries && (!LEVEL.test(parts[1]!) || Number(parts[1]) > MAX_TILE_LEVEL)) return refuse;
  let rest = parts.slice(2);
  let width = TILE_WIDTH;
  if (rest.includes('')) return refuse;
  const last = rest.at(-2);
  if (last !== undefined && last.endsWith('.p')) {
    const w = rest.at(-1)!;
    if (!WIDTH.test(w) || Number(w) >= TILE_WIDTH) return refuse;
    width = Number(w);
    rest = [...rest.slice(0, -2), last.slice(0, -2)];
  }
  let index = 0;
  for (const [i, group] of rest.entries()) {
    const digits = i < rest.length - 1 ? (group.startsWith('x') ? group.slice(1) : '') : group;
    if (!/^[0-9]{3}$/.test(digits)) return refuse;
    index = index * 1000 + Number(digits);
  }
  // One canonical spelling per tile: no redundant leading `x000/` groups.
  if (rest.length > 1 && rest[0] === 'x000') return refuse;
  if (!Number.isSafeInteger(index)) return refuse;
  return ok({ level: entries ? 0 : Number(parts[1]), index, width, entries });
}
