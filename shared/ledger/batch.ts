/**
 * Batches: how a device anchors a contiguous run of its events at HQ
 * (DESIGN.md "Ledger protocol", "Wire formats"), byte for byte:
 *
 *   header       = { "v": 1, "device", "firstSeq", "lastSeq", "count", "root" }
 *   root         = lowercase hex RFC 9162 MTH over the events' ids in seq order,
 *                  each leaf hashLeaf(32 id bytes)
 *   signed bytes = "aidtrail/v1/batch\n" ‖ JCS(header)
 *   sig          = base64url (no padding) Ed25519 of the signed bytes, by the device
 *   batch id     = lowercase hex SHA-256 of the signed bytes
 *   upload       = { "header", "sig", "events": [signed events, seq order] }
 *
 * Why the batch id hashes the signed bytes and not JCS(header + sig), unlike
 * an event id: (1) they are exactly the bytes the device signs, so a device
 * knows the id of a batch before its key vault has signed it and can queue
 * "batch X" first and resume it after any interruption under the same id;
 * (2) the header already commits to every event id through `root`, and every
 * event id to that event's signature, so the batch signature adds nothing to
 * what the batch *is*; (3) Ed25519 (RFC 8032) signing is deterministic and
 * verification here is strict, so a header has exactly one valid signature
 * and a re-signed batch is the same batch; (4) the domain prefix keeps a
 * batch id from ever equalling an event id (JCS text starts with "{").
 * HQ still compares the signature of a re-sent batch with the stored one.
 *
 * Limits: at most MAX_BATCH_EVENTS events and MAX_UPLOAD_BYTES of JSON per
 * upload (a week of a busy device is a few dozen batches); `planBatches`
 * cuts a backlog to fit both. HQ's checks of an upload: ./verify-batch.ts.
 */
import { z } from 'zod';
import { concatBytes, fromHex, toBase64url, toHex, utf8 } from '../bytes';
import { canonicalBytes } from '../canonical';
import { didToPublicKey, type DidKey } from '../crypto/did-key';
import { sign, verify } from '../crypto/ed25519';
import { sha256Hex } from '../crypto/sha256';
import { didKeySchema, sha256HexSchema } from '../events/fields';
import type { SignedEvent } from '../events/envelope';
import { eventId } from '../events/sign';
import { hashLeaf, merkleTreeHash } from '../merkle';
import { err, ok, type Result } from '../result';

export const BATCH_VERSION = 1;
export const BATCH_DOMAIN = 'aidtrail/v1/batch\n';
/** Events in one batch: a 1000-event batch verifies in about 0.1 s on the native path. */
export const MAX_BATCH_EVENTS = 1000;
/** Bytes of one upload's JSON (HQ's request body limit too): 4 MiB. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
/** What an upload adds to its events' bytes: the header, the signature and the JSON around them. */
const UPLOAD_OVERHEAD_BYTES = 1024;

export interface BatchHeader {
  readonly v: 1;
  readonly device: DidKey;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly count: number;
  readonly root: string;
}

export interface Upload {
  readonly header: BatchHeader;
  readonly sig: string;
  readonly events: readonly SignedEvent[];
}

const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const batchHeaderSchema = z.strictObject({
  v: z.literal(BATCH_VERSION),
  device: didKeySchema,
  firstSeq: seqSchema,
  lastSeq: seqSchema,
  count: z.number().int().min(1).max(MAX_BATCH_EVENTS),
  root: sha256HexSchema,
});

/** Signs batch headers: the device key, wherever it lives (key vault, WebCrypto, a seed in a test). */
export interface BatchSigner {
  readonly did: DidKey;
  /**
   * A pure Ed25519 (RFC 8032) signature over `batchSigningBytes(header)`: 64
   * bytes. The signer builds the bytes from the header itself, so a key
   * vault never signs bytes a caller chose (issue 13).
   */
  sign(header: BatchHeader): Promise<Uint8Array>;
}

export const batchSigningBytes = (header: BatchHeader): Uint8Array =>
  concatBytes(utf8(BATCH_DOMAIN), canonicalBytes(header));

/** A batch signer over a seed in memory (HQ's own key, tests). */
export const seedBatchSigner = (did: DidKey, seed: Uint8Array): BatchSigner => ({
  did,
  sign: async (header) => sign(batchSigningBytes(header), seed),
});

/** The batch id: SHA-256 of the signed bytes (see the file comment for why not of header + sig). */
export const batchId = (header: BatchHeader): string => sha256Hex(batchSigningBytes(header));

/** RFC 9162 root over event ids (lowercase hex), each leaf the 32 id bytes. Throws on a malformed id: ids come from eventId. */
export function batchRoot(ids: readonly string[]): string {
  return toHex(merkleTreeHash(ids.map((id) => hashLeaf(fromHex(id)))));
}

/** Bytes of an upload's JSON for these events (JCS and JSON.stringify spell plain data at the same length). */
export const uploadBytes = (events: readonly SignedEvent[]): number =>
  events.reduce((n, e) => n + canonicalBytes(e).length + 1, UPLOAD_OVERHEAD_BYTES);

export type MakeBatchErrorCode = 'empty' | 'too-many-events' | 'oversized' | 'wrong-device' | 'not-contiguous' | 'bad-signer';

/**
 * Builds and signs the upload of a device's contiguous run of events. Refuses
 * (never throws on) a run that HQ would refuse for its shape: empty, over the
 * limits, another device's events, a gap or a break in the hash chain. The
 * signature the signer returns is checked against the device key, so a
 * mis-wired signer fails here and not at HQ.
 */
export async function makeBatch(
  events: readonly SignedEvent[],
  signer: BatchSigner,
): Promise<Result<Upload, MakeBatchErrorCode>> {
  const first = events[0];
  if (first === undefined) return err('empty', 'a batch needs at least one event');
  if (events.length > MAX_BATCH_EVENTS) {
    return err('too-many-events', `${events.length} events, more than the ${MAX_BATCH_EVENTS} a batch may hold`);
  }
  const size = uploadBytes(events);
  if (size > MAX_UPLOAD_BYTES) return err('oversized', `the upload would be about ${size} bytes, more than ${MAX_UPLOAD_BYTES}`);
  const ids = events.map(eventId);
  for (const [i, e] of events.entries()) {
    if (e.device !== signer.did) return err('wrong-device', `event ${i} (#${e.seq}) is ${e.device}'s, not the signer's ${signer.did}`);
    if (i > 0 && (e.seq !== first.seq + i || e.prev !== ids[i - 1])) {
      return err('not-contiguous', `event ${i} (#${e.seq}) does not directly follow #${events[i - 1]!.seq}`);
    }
  }
  const header: BatchHeader = {
    v: BATCH_VERSION,
    device: signer.did,
    firstSeq: first.seq,
    lastSeq: first.seq + events.length - 1,
    count: events.length,
    root: batchRoot(ids),
  };
  const message = batchSigningBytes(header);
  const signature = await signer.sign(header);
  const key = didToPublicKey(signer.did);
  if (!key.ok || !verify(signature, message, key.value)) {
    return err('bad-signer', `the signer's signature does not verify under ${signer.did}`);
  }
  return ok({ header, sig: toBase64url(signature), events: [...events] });
}

/**
 * Cuts a device's backlog (contiguous, seq order) into runs that each fit one
 * batch: at most `maxEvents` events and `maxBytes` of upload JSON. An event
 * too large for any batch is a run of its own, for makeBatch to refuse.
 */
export function planBatches(
  events: readonly SignedEvent[],
  limits: { readonly maxEvents?: number; readonly maxBytes?: number } = {},
): SignedEvent[][] {
  const maxEvents = Math.min(limits.maxEvents ?? MAX_BATCH_EVENTS, MAX_BATCH_EVENTS);
  const maxBytes = Math.min(limits.maxBytes ?? MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES);
  const runs: SignedEvent[][] = [];
  let run: SignedEvent[] = [];
  let bytes = UPLOAD_OVERHEAD_BYTES;
  for (const e of events) {
    const size = canonicalBytes(e).length + 1;
    if (run.length > 0 && (run.length >= maxEvents || bytes + size > maxBytes)) {
      runs.push(run);
      run = [];
      bytes = UPLOAD_OVERHEAD_BYTES;
    }
    run.push(e);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
