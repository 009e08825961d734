/**
 * Batch intake (DESIGN.md "Ledger protocol"), what HQ does with one upload,
 * cheapest check first so that what a stranger can make HQ do is bounded
 * (issue 12):
 *  1. a re-sent batch (id known, same signature, same event ids) is answered
 *     with its stored receipts at once: nothing is verified or appended again;
 *  2. openUpload: shape and limits, then the batch signature (one Ed25519
 *     verification): from here on the device is the header's, not whoever
 *     names it;
 *  3. `admit`, the caller's per-device allowance (HTTP's rate limit): a
 *     device over it is refused `too-many-uploads`, not recorded;
 *  4. the registry at the times the events claim (checkClaimedStanding): a
 *     device HQ does not trust at those times is refused before any of up to
 *     MAX_BATCH_EVENTS event signatures is verified;
 *  5. verifyUploadEvents: every event (node:crypto Ed25519, proved equal to
 *     noble), the chain inside the batch, the root;
 *  6. the registry on the verified events: certified, not revoked before the
 *     event, for the event's site; no HQ-only event types;
 *  7. the append, serialised: under the store's lock, the batch must continue
 *     the device's anchored chain (else replayed / gap / chain-fork), then
 *     events, nodes, head, size and a checkpoint signed for the new size
 *     commit in one transaction;
 *  8. the receipts (./proofs.ts batchReceipts), with that checkpoint.
 * Every refusal but step 3's is recorded with its reason for HQ and nothing
 * is appended; a refusal from step 4 on also with the earliest event time of
 * the batch as the device signed it (./claims.ts), the start a back-dated
 * registration can give (issue 10, point 5).
 */
import {
  batchId,
  batchRoot,
  batchHeaderSchema,
  checkClaimedStanding,
  checkStanding,
  openUpload,
  standingAt,
  verifyUploadEvents,
  type BatchErrorCode,
  type BatchEventError,
  type BatchHeader,
  type DeviceRegistry,
  type StandingBatchCode,
} from '../../shared/ledger';
import type { SignatureVerifier } from '../../shared/crypto/verifier';
import { isRecord } from '../../shared/guards';
import type { Result } from '../../shared/result';
import type { AppendRequest } from '../store/append';
import type { AppendResult, LedgerStore, StoredBatch } from '../store/store';
import { claimedTimes, earliest, idOf, signedEarliestAt } from './claims';
import { batchReceipts, type BatchReceipts } from './proofs';

/** Why an upload was refused: by its own content (verifyBatch), by the device registry, or for its device's rate. */
export type SubmitErrorCode = BatchErrorCode | StandingBatchCode | 'too-many-uploads';

export type SubmitResult =
  | { readonly ok: true; readonly status: 'appended' | 'duplicate'; readonly value: BatchReceipts }
  | { readonly ok: false; readonly code: SubmitErrorCode; readonly message: string; readonly events: readonly BatchEventError[] };

export interface SubmitOptions {
  /**
   * Asked once per upload after its batch signature verified, so it counts
   * the device's own uploads only (a forger naming the device cannot use up
   * its allowance); an error refuses the upload with its message.
   */
  readonly admit?: () => Promise<Result<true, 'too-many-uploads'>>;
}

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

  async submit(input: unknown, options: SubmitOptions = {}): Promise<SubmitResult> {
    const resent = await this.#resent(input);
    if (resent !== undefined) return { ok: true, status: 'duplicate', value: await batchReceipts(this.#store, resent) };

    const opened = await openUpload(input, this.#verifier);
    if (!opened.ok) return this.#refuse(input, opened.code, opened.message, opened.events, null);
    const upload = opened.value;

    const admitted = (await options.admit?.()) ?? { ok: true };
    if (!admitted.ok) return { ok: false, code: admitted.code, message: admitted.message, events: [] };

    const registry = await this.#registry();
    const claims = claimedTimes(upload);
    const claimed = checkClaimedStanding(registry, upload.header.device, claims);
    if (claimed !== undefined) {
      const { code, errors } = claimed;
      const message = `${errors.length} of ${upload.events.length} events are not from a trusted device: ${errors[0]!.message}`;
      return this.#refuse(input, code, message, errors, signedEarliestAt(upload, claims));
    }

    const verdict = await verifyUploadEvents(upload, { verifier: this.#verifier });
    if (!verdict.ok) return this.#refuse(input, verdict.code, verdict.message, verdict.events, null);
    const batch = verdict.value;
    const firstAt = earliest(batch.events.map((e) => e.event.at))!;

    const standing = checkStanding(registry, batch.events);
    if (standing !== undefined) {
      const { code, errors } = standing;
      return this.#refuse(input, code, `${errors.length} of ${batch.events.length} events are not from a trusted device: ${errors[0]!.message}`, errors, firstAt);
    }
    const last = batch.events.at(-1)!.event;
    const cert = standingAt(registry, last.device, last.at);
    const site = cert.ok ? cert.value.site : null;

    const appended = await this.#append({ batch, site, receivedAt: this.#now().toISOString() });
    if (appended.kind === 'rejected') {
      const { code, message, events } = appended.rejection;
      return this.#refuse(input, code, message, events, firstAt);
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

  /** `firstAt`: the batch's earliest event time as its device signed it, or null when that is not known (see Rejection.firstAt). */
  async #refuse(
    input: unknown,
    code: SubmitErrorCode,
    message: string,
    events: readonly BatchEventError[],
    firstAt: string | null,
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
      firstAt,
    });
    return { ok: false, code, message, events };
  }
}
