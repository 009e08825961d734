/**
 * Batch intake (DESIGN.md "Ledger protocol"), what HQ does with one upload:
 *  1. a re-sent batch (id known, same signature, same event ids) is answered
 *     with its stored receipts at once: nothing is verified or appended again;
 *  2. verifyBatch: shape, limits, batch signature, every event (node:crypto
 *     Ed25519, proved equal to noble), the chain inside the batch, the root;
 *  3. the registry: every event's device certified, not revoked before the
 *     event, for the event's site; no HQ-only event types;
 *  4. the append, serialised: under the store's lock, the batch must continue
 *     the device's anchored chain (else replayed / gap / chain-fork), then
 *     events, nodes, head, size and a checkpoint signed for the new size
 *     commit in one transaction;
 *  5. the receipts (./proofs.ts batchReceipts), with that checkpoint.
 * Every refusal is recorded with its reason for HQ and nothing is appended;
 * a refusal after step 2 also with the earliest event time of the batch, the
 * start a back-dated registration can give (issue 10, point 5).
 */
import { canonicalBytes } from '../../shared/canonical';
import { sha256Hex } from '../../shared/crypto/sha256';
import type { SignatureVerifier } from '../../shared/crypto/verifier';
import { isRecord } from '../../shared/guards';
import {
  batchId,
  batchRoot,
  batchHeaderSchema,
  checkStanding,
  standingAt,
  verifyBatch,
  type BatchErrorCode,
  type BatchEventError,
  type BatchHeader,
  type DeviceRegistry,
  type StandingBatchCode,
} from '../../shared/ledger';
import type { VerifiedEvent } from '../../shared/events/verify';
import type { AppendRequest } from '../store/append';
import type { AppendResult, LedgerStore, StoredBatch } from '../store/store';
import { batchReceipts, type BatchReceipts } from './proofs';

/** Why an upload was refused: by its own content (verifyBatch) or by the device registry. */
export type SubmitErrorCode = BatchErrorCode | StandingBatchCode;

export type SubmitResult =
  | { readonly ok: true; readonly status: 'appended' | 'duplicate'; readonly value: BatchReceipts }
  | { readonly ok: false; readonly code: SubmitErrorCode; readonly message: string; readonly events: readonly BatchEventError[] };

export interface IntakeOptions {
  readonly store: LedgerStore;
  readonly verifier: SignatureVerifier;
  readonly now: () => Date;
  /** HQ's current device registry. */
  readonly registry: () => Promise<DeviceRegistry>;
  /** Appends a verified batch, one at a time in this process, with the checkpoint of the new size. */
  readonly append: (request: AppendRequest) => Promise<AppendResult>;
}

export class Intake {
  readonly #store: LedgerStore;
  readonly #verifier: SignatureVerifier;
  readonly #now: () => Date;
  readonly #registry: () => Promise<DeviceRegistry>;
  readonly #append: (request: AppendRequest) => Promise<AppendResult>;

  constructor(options: IntakeOptions) {
    this.#store = options.store;
    this.#verifier = options.verifier;
    this.#now = options.now;
    this.#registry = options.registry;
    this.#append = options.append;
  }

  async submit(input: unknown): Promise<SubmitResult> {
    const resent = await this.#resent(input);
    if (resent !== undefined) return { ok: true, status: 'duplicate', value: await batchReceipts(this.#store, resent) };

    const verdict = await verifyBatch(input, { verifier: this.#verifier });
    if (!verdict.ok) return this.#refuse(input, verdict.code, verdict.message, verdict.events);
    const batch = verdict.value;

    const registry = await this.#registry();
    const standing = checkStanding(registry, batch.events);
    if (standing !== undefined) {
      const { code, errors } = standing;
      return this.#refuse(input, code, `${errors.length} of ${batch.events.length} events are not from a trusted device: ${errors[0]!.message}`, errors, batch.events);
    }
    const last = batch.events.at(-1)!.event;
    const cert = standingAt(registry, last.device, last.at);
    const site = cert.ok ? cert.value.site : null;

    const appended = await this.#append({ batch, site, receivedAt: this.#now().toISOString() });
    if (appended.kind === 'rejected') {
      const { code, message, events } = appended.rejection;
      return this.#refuse(input, code, message, events, batch.events);
    }
    return {
      ok: true,
      status: appended.kind === 'appended' ? 'appended' : 'duplicate',
      value: await batchReceipts(this.#store, appended.batch),
    };
  }

  /** Records a request refused before it was an upload (unparseable JSON, too large). */
  async recordUnreadable(code: string, message: string): Promise<void> {
    await this.#store.recordRejection({ at: this.#now().toISOString(), device: null, batch: null, code, message, events: [], firstAt: null });
  }

  /**
   * A re-send of a stored batch: same header (hence id), same signature, and
   * events whose ids give the stored root. Only hashing, no signature checks:
   * the stored batch was verified when it came in. Anything else is verified
   * in full, and the transaction still catches a duplicate that raced in.
   */
  async #resent(input: unknown): Promise<StoredBatch | undefined> {
    if (!isRecord(input) || !Array.isArray(input.events)) return undefined;
    const header = batchHeaderSchema.safeParse(input.header);
    if (!header.success) return undefined;
    const stored = await this.#store.batch(batchId(header.data as BatchHeader));
    if (stored === undefined || stored.sig !== input.sig || input.events.length !== stored.header.count) return undefined;
    try {
      const ids = input.events.map(idOf);
      return batchRoot(ids) === stored.header.root ? stored : undefined;
    } catch {
      return undefined;
    }
  }

  /** `verified`: the batch's events when the batch verified (step 2), so their times are the device's own. */
  async #refuse(
    input: unknown,
    code: SubmitErrorCode,
    message: string,
    events: readonly BatchEventError[],
    verified?: readonly VerifiedEvent[],
  ): Promise<SubmitResult> {
    const header = isRecord(input) && isRecord(input.header) ? input.header : {};
    const device = typeof header.device === 'string' ? header.device.slice(0, 200) : null;
    const parsed = batchHeaderSchema.safeParse(header);
    await this.#store.recordRejection({
      at: this.#now().toISOString(),
      device,
      batch: parsed.success ? batchId(parsed.data as BatchHeader) : null,
      code,
      message,
      events,
      firstAt: verified === undefined ? null : earliestAt(verified),
    });
    return { ok: false, code, message, events };
  }
}

/**
 * SHA-256 of the JCS of a value: an event's id (shared/events eventId) for
 * input not schema-checked yet. Throws on what is not JSON (the caller catches).
 */
const idOf = (value: unknown): string => sha256Hex(canonicalBytes(value));

/** The earliest `at` of a verified batch's events (a device's clock may step back, so not always the first event's). */
const earliestAt = (events: readonly VerifiedEvent[]): string =>
  events.map((e) => e.event.at).reduce((min, at) => (Date.parse(at) < Date.parse(min) ? at : min));
