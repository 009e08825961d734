/** The log as static tiles (C2SP tlog-tiles), and proofs read from them. */
export { entriesPath, parseTilePath, tilePath, TILE_HEIGHT, TILE_WIDTH, type ParsedTilePath, type TileId, type TilePathErrorCode } from './tile-path';
export { entryBundle, parseEntryBundle, tileBytes, tileHashes, tilesBetween, tilesOf } from './tiles';
export { tilesNeeded, TileNodeSource, withTiles, type TileFetchErrorCode } from './tile-source';
