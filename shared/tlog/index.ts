/** The log as static tiles (C2SP tlog-tiles), and proofs read from them. */
export { entriesPath, parseTilePath, tilePath, TILE_HEIGHT, TILE_WIDTH, type ParsedTilePath, type TileId, type TilePathErrorCode } from './tile-path';
export { entryBundle, parseEntryBundle, tileBytes, tileHashes, tilesBetween, tilesOf } from './tiles';
export { tilesNeeded, TileNodeSource, withTiles, type TileFetchErrorCode } from './tile-source';
export { cosign, cosignedMessage, cosignerKeyId, verifyCosignatures, COSIGNATURE_V1_TYPE, type Cosigner, type CosignatureErrorCode, type VerifiedCosignature } from './cosignature';
export { addCheckpoint, formatAddCheckpoint, parseAddCheckpoint, MAX_PROOF_LINES, type AddCheckpoint, type WitnessAnswer, type WitnessedLog, type WitnessedTree } from './witness';
export { fetchTiles, findEntry, proveConsistency, proveInclusion, readCheckpoint, type FetchLike, type TileGetter, type TiledCheckpoint, type TiledInclusion, type TileReadErrorCode } from './tile-reader';
