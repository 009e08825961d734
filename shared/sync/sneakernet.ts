/**
 * Sneakernet: a sync file carries a scope's events (all, or only what a given
 * device lacks) on a USB stick to a device that never meets the other.
 *
 * File format (v1):
 *
 *   "aidtrail/v1/sync\n"            17 bytes, the magic
 *   varString   scope               the document's scope (its guid)
 *   varUint8Array update            a Yjs V1 update
 *   32 bytes    SHA-256 of everything before it
 *
 * `importScope` checks the size, magic, checksum and scope before it parses
 * the update, then puts it through the same guard as peer traffic
 * (./guard.ts, with FILE_GUARD_LIMITS); a truncated, corrupted or random
 * file is an error value and leaves the document untouched. The kit's bridge
 * then verifies every event it adds, as for peer sync.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { concatBytes, equalBytes, utf8 } from '../bytes';
import { sha256 } from '../crypto/sha256';
import { err, ok, type Result } from '../result';
import { guardUpdate, DEFAULT_GUARD_LIMITS, type Dropped, type GuardLimits } from './guard';
import { readStateVector } from './messages';
import { EMPTY_UPDATE, nextSlice } from './slice';

const MAGIC = utf8('aidtrail/v1/sync\n');
const CHECKSUM_BYTES = 32;

export const DEFAULT_MAX_SYNC_FILE_BYTES = 256 * 1024 * 1024;

/** A file is one update holding a whole document: it may carry what a document may hold. */
export const FILE_GUARD_LIMITS: GuardLimits = {
  ...DEFAULT_GUARD_LIMITS,
  perUpdate: { ...DEFAULT_GUARD_LIMITS.perDocument, bytes: DEFAULT_MAX_SYNC_FILE_BYTES },
};

export type ExportCode = 'bad-state-vector';

/**
 * A sync file of `doc`: everything, or only what a device whose state vector
 * is `since` lacks (from `stateVectorOf` on that device, e.g. via a file or
 * its presence).
 */
export function exportScope(doc: Y.Doc, since?: Uint8Array): Result<Uint8Array, ExportCode> {
  const sv = since === undefined ? new Map<number, number>() : readStateVector(since);
  if (typeof sv === 'string') return err('bad-state-vector', sv);
  // One slice of everything: deleted entries travel with their text, as to peers.
  const update = nextSlice(doc, sv, Infinity, Infinity)?.update ?? EMPTY_UPDATE;
  const e = encoding.createEncoder();
  encoding.writeUint8Array(e, MAGIC);
  encoding.writeVarString(e, doc.guid);
  encoding.writeVarUint8Array(e, update);
  const body = encoding.toUint8Array(e);
  return ok(concatBytes(body, sha256(body)));
}

/** What a device hands to another so that one can export only what it lacks. */
export const stateVectorOf = (doc: Y.Doc): Uint8Array => Y.encodeStateVector(doc);

export type ImportCode = 'too-large' | 'not-a-sync-file' | 'corrupt' | 'wrong-scope' | 'malformed' | 'gap' | 'bad-struct' | 'full' | 'apply-failed';

export interface ImportOptions {
  readonly maxBytes?: number;
  readonly limits?: GuardLimits;
  /** The transaction origin (the bridge tells sneakernet events apart by it). */
  readonly origin?: unknown;
}

export interface Imported {
  /** Ids the file added (new entries that passed the guard). */
  readonly ids: readonly string[];
  /** Structs new to this device (≈ events). */
  readonly structs: number;
  /** Entries of the file the guard dropped, with the reason. */
  readonly dropped: readonly Dropped[];
}

/** Reads a sync file into `doc`. Never throws on the file; see the module comment. */
export function importScope(doc: Y.Doc, bytes: Uint8Array, options: ImportOptions = {}): Result<Imported, ImportCode> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SYNC_FILE_BYTES;
  if (bytes.length > maxBytes) return err('too-large', `sync file of ${bytes.length} bytes; the limit is ${maxBytes}`);
  if (bytes.length < MAGIC.length + CHECKSUM_BYTES + 2 || !equalBytes(bytes.subarray(0, MAGIC.length), MAGIC)) {
    return err('not-a-sync-file', 'not an Aidtrail sync file');
  }
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  if (!equalBytes(sha256(body), bytes.subarray(bytes.length - CHECKSUM_BYTES))) {
    return err('corrupt', 'the sync file is damaged or incomplete (checksum mismatch)');
  }
  let scope: string;
  let update: Uint8Array;
  try {
    const d = decoding.createDecoder(body);
    decoding.readUint8Array(d, MAGIC.length);
    scope = decoding.readVarString(d);
    update = decoding.readVarUint8Array(d);
    if (decoding.hasContent(d)) return err('corrupt', 'trailing bytes in the sync file');
  } catch {
    return err('corrupt', 'the sync file is damaged (unreadable header)');
  }
  if (scope !== doc.guid) return err('wrong-scope', `the file is for ${JSON.stringify(scope)}, not ${JSON.stringify(doc.guid)}`);
  const guarded = guardUpdate(doc, update, options.limits ?? FILE_GUARD_LIMITS);
  if (!guarded.ok) {
    if (guarded.code === 'gap') {
      return err('gap', `this file continues from events this device does not have (${guarded.message}); export a full file`);
    }
    return guarded;
  }
  const { update: apply, ids, structs, dropped } = guarded.value;
  if (apply !== null) {
    const failure = applyGuardedUpdate(doc, apply, options.origin ?? null);
    if (failure !== undefined) return err('apply-failed', failure);
  }
  return ok({ ids, structs, dropped });
}

/**
 * Applies an update that passed `guardUpdate`. An exception can only come
 * from an observer of the document (the bridge); the update is applied by
 * then, so it is returned as a message rather than thrown into the transport.
 */
export function applyGuardedUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): string | undefined {
  try {
    Y.applyUpdate(doc, update, origin);
    return undefined;
  } catch (cause) {
    return `applying the update failed: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
}
