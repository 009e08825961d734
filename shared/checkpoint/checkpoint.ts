/**
 * C2SP transparency-log checkpoints (c2sp.org/tlog-checkpoint): the signed
 * tree head HQ's ledger hands out with every receipt (DESIGN.md "Ledger
 * protocol"). The note text is
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n]*
 *
 * signed as a C2SP signed note. Parsing is strict: one checkpoint has one
 * spelling, so two devices comparing checkpoints compare like with like.
 */
import { toBase64 } from '../bytes';
import { err, ok, type Result } from '../result';
import {
  checkNoteText,
  decodeCanonicalBase64,
  openNote,
  signNote,
  type NoteErrorCode,
  type NoteSigner,
  type NoteVerifier,
} from './signed-note';

export type CheckpointErrorCode =
  | NoteErrorCode
  | 'too-few-lines'
  | 'bad-origin'
  | 'origin-mismatch'
  | 'bad-tree-size'
  | 'tree-size-too-large'
  | 'bad-root-hash'
  | 'bad-extension-line';

export interface Checkpoint {
  /** The log's identity (tlog-checkpoint §Note text, line 1). */
  readonly origin: string;
  /** Number of leaves; a safe integer, see `parseTreeSize`. */
  readonly size: number;
  /** RFC 6962 / RFC 9162 Merkle root over the first `size` leaves, 32 bytes (SHA-256). */
  readonly rootHash: Uint8Array;
  /** Opaque, non-empty lines after the root hash (tlog-checkpoint §Note text, item 4). */
  readonly extensions: readonly string[];
}

/** SHA-256, the hash of RFC 6962 trees and of this project's Merkle log. */
export const ROOT_HASH_BYTES = 32;

/** A line of note text: non-empty and free of control characters, newline included. */
function isLine(text: string): boolean {
  return text !== '' && checkNoteText(`${text}\n`).ok && !text.includes('\n');
}

/**
 * tlog-checkpoint §Note text, item 2: ASCII decimal, no sign, no leading
 * zeros except the size "0". The spec allows any uint64; sizes here are JS
 * numbers (shared/merkle keeps them below 2^53 too), so a larger one is
 * refused with its own code instead of being rounded.
 */
function parseTreeSize(line: string): Result<number, CheckpointErrorCode> {
  if (!/^(?:0|[1-9][0-9]*)$/.test(line)) {
    return err('bad-tree-size', `tree size ${JSON.stringify(line)} is not a decimal number without sign or leading zeros`);
  }
  if (BigInt(line) > BigInt(Number.MAX_SAFE_INTEGER)) {
    return err('tree-size-too-large', `tree size ${line} is above 2^53 - 1, the largest size this implementation handles`);
  }
  return ok(Number(line));
}

/**
 * The note text of a checkpoint. Fails, rather than writing a text that
 * would not parse back to the same checkpoint, on an empty or multi-line
 * origin or extension, a size that is not a non-negative safe integer, or a
 * root hash that is not 32 bytes.
 */
export function formatCheckpoint(checkpoint: Checkpoint): Result<string, CheckpointErrorCode> {
  const { origin, size, rootHash, extensions } = checkpoint;
  if (!isLine(origin)) {
    return err('bad-origin', 'the origin must be one non-empty line without control characters');
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    return err('bad-tree-size', `tree size ${size} is not a non-negative safe integer`);
  }
  if (rootHash.length !== ROOT_HASH_BYTES) {
    return err('bad-root-hash', `the root hash is ${rootHash.length} bytes, not ${ROOT_HASH_BYTES}`);
  }
  const badExtension = extensions.findIndex((line) => !isLine(line));
  if (badExtension >= 0) {
    return err('bad-extension-line', `extension ${badExtension + 1} must be one non-empty line without control characters`);
  }
  return ok([origin, String(size), toBase64(rootHash), ...extensions].map((line) => `${line}\n`).join(''));
}

/**
 * Parses checkpoint note text (tlog-checkpoint §Note text). Only call this
 * on text whose signature has been verified: the spec says unsigned text
 * MUST be ignored; `openCheckpoint` does both.
 */
export function parseCheckpointText(text: string): Result<Checkpoint, CheckpointErrorCode> {
  const checked = checkNoteText(text);
  if (!checked.ok) return checked;
  const [origin, sizeLine, rootLine, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    return err('too-few-lines', 'a checkpoint has an origin, a tree size and a root hash line');
  }
  if (origin === '') return err('bad-origin', 'the origin line is empty');
  const size = parseTreeSize(sizeLine);
  if (!size.ok) return size;
  const rootHash = decodeCanonicalBase64(rootLine);
  if (rootHash === undefined || rootHash.length !== ROOT_HASH_BYTES) {
    return err('bad-root-hash', `the root hash must be padded base64 of ${ROOT_HASH_BYTES} bytes`);
  }
  const empty = extensions.indexOf('');
  if (empty >= 0) return err('bad-extension-line', `extension line ${empty + 1} is empty`);
  return ok({ origin, size: size.value, rootHash, extensions });
}

/** Formats and signs a checkpoint; the log key first, then any cosigners. */
export function signCheckpoint(
  checkpoint: Checkpoint,
  signers: readonly NoteSigner[],
): Result<string, CheckpointErrorCode> {
  const text = formatCheckpoint(checkpoint);
  return text.ok ? signNote(text.value, signers) : text;
}

/**
 * Verifies a signed checkpoint from the log `logKey` for the log named
 * `expectedOrigin` and returns what it commits to. Signatures by other keys
 * (witnesses, a rotated-out key) are ignored as the note spec requires; the
 * log's own must be present and valid. The origin is compared exactly: the
 * key name need not equal it (sum.golang.org's does not).
 */
export function openCheckpoint(
  message: string | Uint8Array,
  expectedOrigin: string,
  logKey: NoteVerifier,
): Result<Checkpoint, CheckpointErrorCode> {
  const note = openNote(message, [logKey]);
  if (!note.ok) return note;
  const checkpoint = parseCheckpointText(note.value.text);
  if (!checkpoint.ok) return checkpoint;
  if (checkpoint.value.origin !== expectedOrigin) {
    return err(
      'origin-mismatch',
      `the checkpoint is for log ${JSON.stringify(checkpoint.value.origin)}, not ${JSON.stringify(expectedOrigin)}`,
    );
  }
  return ok(checkpoint.value);
}
