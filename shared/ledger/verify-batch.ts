/**
 * How HQ (and a device, before sending) checks an upload (./batch.ts for
 * the format), in two steps so that HQ can consult its device registry in
 * between (ledger/service/intake.ts, issue 12):
 *
 *  1. `openUpload`: shape and limits, then the batch signature: one Ed25519
 *     verification, after which the header is the device's own and, through
 *     its root, so is every event whose id is in it;
 *  2. `verifyUploadEvents`: every event (schema, size, signature, device),
 *     the seq/prev chain inside the batch, the root, and optionally that it
 *     continues the device's anchored chain: up to MAX_BATCH_EVENTS
 *     verifications, the expensive part.
 *
 * `verifyBatch` is both. Nothing here throws on input.
 */
import { didToPublicKey } from '../crypto/did-key';
import type { SignatureVerifier } from '../crypto/verifier';
import { signatureSchema } from '../events/envelope';
import { verifyEventWith, type ChainLink, type EventErrorCode, type VerifiedEvent } from '../events/verify';
import { decodeSignature, isRecord } from '../guards';
import { err, ok, type Err, type Ok } from '../result';
import { utf8 } from '../bytes';
import {
  BATCH_VERSION,
  batchHeaderSchema,
  batchId,
  batchRoot,
  batchSigningBytes,
  MAX_BATCH_EVENTS,
  MAX_UPLOAD_BYTES,
  type BatchHeader,
} from './batch';

export type BatchErrorCode =
  | 'malformed'
  | 'unsupported-version'
  | 'too-many-events'
  | 'oversized'
  | 'count-mismatch'
  | 'bad-signature'
  | 'bad-events'
  | 'root-mismatch'
  | 'replayed'
  | 'gap'
  | 'chain-fork';

/** One event's problem in a refused batch. `index` is its position in `events`. */
export interface BatchEventError {
  readonly index: number;
  readonly seq?: number;
  readonly id?: string;
  readonly code: EventErrorCode | 'not-in-sequence' | (string & {});
  readonly message: string;
}

/** A refused batch: a code for the whole, and every event's problem that was found. */
export type BatchRejection<C extends string = BatchErrorCode> = Err<C> & { readonly events: readonly BatchEventError[] };

/**
 * An upload whose shape, limits and batch signature are good: the header is
 * the device's. Its events are still unverified input; those whose ids make
 * up the header's root are the ones the device signed the batch over.
 */
export interface SignedUpload {
  readonly header: BatchHeader;
  readonly sig: string;
  readonly events: readonly unknown[];
}

export interface VerifiedBatch {
  readonly id: string;
  readonly header: BatchHeader;
  readonly sig: string;
  /** In seq order, each with its id. */
  readonly events: readonly VerifiedEvent[];
}

export type BatchVerdict = Ok<VerifiedBatch> | BatchRejection;

export interface VerifyBatchOptions {
  /** Ed25519 for the batch and every event: noble, or a native verifier proved equal to it. */
  readonly verifier: SignatureVerifier;
  /**
   * The device's last event already anchored: the batch must continue it.
   * null: nothing of this device is known, so the batch must start at seq 1.
   * Leave it out to check only the batch's own consistency.
   */
  readonly knownHead?: ChainLink | null;
}

const reject = (code: BatchErrorCode, message: string, events: readonly BatchEventError[] = []): BatchRejection => ({
  ...err(code, message),
  events,
});

function jsonBytes(value: unknown): number | undefined {
  try {
    return utf8(JSON.stringify(value)).length;
  } catch {
    return undefined;
  }
}

const describe = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string => {
  const first = issues[0];
  if (first === undefined) return 'does not match the schema';
  const path = first.path.map(String).join('.');
  return path === '' ? first.message : `${path}: ${first.message}`;
};

/**
 * Step 1: the upload's shape and limits (no cryptography), then the batch
 * signature (one verification). A forger without the device's key stops
 * here, whatever device the header names.
 */
export async function openUpload(input: unknown, verifier: SignatureVerifier): Promise<Ok<SignedUpload> | BatchRejection> {
  if (!isRecord(input)) return reject('malformed', 'an upload must be a JSON object { header, sig, events }');
  const extra = Object.keys(input).find((k) => k !== 'header' && k !== 'sig' && k !== 'events');
  if (extra !== undefined) return reject('malformed', `unexpected field "${extra}" in an upload`);
  const { header: rawHeader, sig, events } = input;
  if (!isRecord(rawHeader)) return reject('malformed', 'header must be an object');
  if (rawHeader.v !== BATCH_VERSION) {
    return reject(
      'unsupported-version',
      `batch format version ${JSON.stringify(rawHeader.v) ?? 'missing'} is not one this ledger reads (expected ${BATCH_VERSION})`,
    );
  }
  const parsedHeader = batchHeaderSchema.safeParse(rawHeader);
  if (!parsedHeader.success) return reject('malformed', `header.${describe(parsedHeader.error.issues)}`);
  const header = parsedHeader.data as BatchHeader;
  if (!Array.isArray(events)) return reject('malformed', 'events must be an array');
  if (typeof sig !== 'string' || !signatureSchema.safeParse(sig).success) {
    return reject('malformed', 'sig must be 86 base64url characters (an Ed25519 signature)');
  }
  if (events.length > MAX_BATCH_EVENTS) {
    return reject('too-many-events', `${events.length} events, more than the ${MAX_BATCH_EVENTS} a batch may hold`);
  }
  const size = jsonBytes(input);
  if (size === undefined) return reject('malformed', 'the upload is not plain JSON');
  if (size > MAX_UPLOAD_BYTES) return reject('oversized', `the upload is ${size} bytes, more than ${MAX_UPLOAD_BYTES}`);
  if (header.count !== events.length || header.lastSeq - header.firstSeq + 1 !== header.count) {
    return reject(
      'count-mismatch',
      `the header says ${header.count} events #${header.firstSeq}–#${header.lastSeq}, the upload carries ${events.length}`,
    );
  }

  const key = didToPublicKey(header.device);
  const signature = decodeSignature(sig);
  const signed = key.ok && signature !== undefined && (await verifier(signature, batchSigningBytes(header), key.value));
  if (!signed) return reject('bad-signature', `the batch signature does not match the header and ${header.device}'s key`);
  return ok({ header, sig, events });
}

/**
 * Step 2: every event of a signed upload, all their problems listed, the
 * chain inside the batch, the root, and, given `knownHead`, that the batch
 * continues the device's anchored chain. The device registry (certificates,
 * revocations) is applied on top by `checkStanding`.
 */
export async function verifyUploadEvents(upload: SignedUpload, options: VerifyBatchOptions): Promise<BatchVerdict> {
  const { header, sig, events } = upload;
  const verdicts = await Promise.all(events.map((e) => verifyEventWith(options.verifier, e, { device: header.device })));
  const problems: BatchEventError[] = [];
  const verified: VerifiedEvent[] = [];
  for (const [index, verdict] of verdicts.entries()) {
    const raw = events[index];
    const seq = isRecord(raw) && typeof raw.seq === 'number' ? raw.seq : undefined;
    if (!verdict.ok) {
      problems.push({ index, ...(seq === undefined ? {} : { seq }), code: verdict.code, message: verdict.message });
      continue;
    }
    const { id, event } = verdict.value;
    verified.push(verdict.value);
    const expectedSeq = header.firstSeq + index;
    const previousId = index > 0 && verdicts[index - 1]!.ok ? (verdicts[index - 1] as Ok<VerifiedEvent>).value.id : undefined;
    if (event.seq !== expectedSeq) {
      problems.push({ index, seq: event.seq, id, code: 'not-in-sequence', message: `expected #${expectedSeq} at position ${index}, got #${event.seq}` });
    } else if (previousId !== undefined && event.prev !== previousId) {
      problems.push({ index, seq: event.seq, id, code: 'bad-prev', message: `#${event.seq} does not follow the batch's #${event.seq - 1}` });
    }
  }
  if (problems.length > 0) {
    return reject('bad-events', `${problems.length} of ${events.length} events are invalid; nothing of the batch is accepted`, problems);
  }
  const ids = verified.map((v) => v.id);
  const root = batchRoot(ids);
  if (root !== header.root) return reject('root-mismatch', `the events' Merkle root is ${root}, the header says ${header.root}`);

  const link = checkHead(header, verified[0]!, options.knownHead);
  if (!link.ok) return link;
  return ok({ id: batchId(header), header, sig, events: verified });
}

/** Both steps: an upload as HQ receives it, or as a device may check it before sending. */
export async function verifyBatch(input: unknown, options: VerifyBatchOptions): Promise<BatchVerdict> {
  const opened = await openUpload(input, options.verifier);
  return opened.ok ? verifyUploadEvents(opened.value, options) : opened;
}

/** Does a batch starting with `first` continue the device's anchored chain? */
export function checkHead(
  header: BatchHeader,
  first: VerifiedEvent,
  knownHead: ChainLink | null | undefined,
): Ok<true> | BatchRejection {
  if (knownHead === undefined) return ok(true);
  const anchored = knownHead?.seq ?? 0;
  if (header.firstSeq <= anchored) {
    return reject(
      'replayed',
      `events #${header.firstSeq}–#${Math.min(header.lastSeq, anchored)} of ${header.device} are already anchored (up to #${anchored})`,
    );
  }
  if (header.firstSeq > anchored + 1) {
    return reject(
      'gap',
      `the batch starts at #${header.firstSeq} but ${header.device}'s anchored chain ends at #${anchored}: events #${anchored + 1}–#${header.firstSeq - 1} must come first`,
    );
  }
  if (knownHead !== null && first.event.prev !== knownHead.id) {
    return reject(
      'chain-fork',
      `#${first.event.seq} does not follow the anchored #${knownHead.seq} (${knownHead.id.slice(0, 12)}…): the device's chain forked`,
      [{ index: 0, seq: first.event.seq, id: first.id, code: 'bad-prev', message: 'prev is not the anchored head' }],
    );
  }
  return ok(true);
}
