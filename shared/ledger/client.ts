/**
 * A device's side of the ledger protocol over HTTP, pure (the host passes
 * its fetch): resumable anchoring of a backlog, receipt and checkpoint
 * checks. No UI and no storage: the kit keeps the receipts and the held
 * checkpoint it gets back, and retries with backoff on `unreachable`.
 *
 * `anchor` is idempotent and resumable by construction: it asks HQ where
 * the device's anchored chain ends, sends only what follows, in bounded
 * batches; a batch whose answer was lost is either re-sent (same id, HQ
 * answers with the same receipts and appends nothing) or already behind
 * HQ's head on the next run. Every receipt is verified and every new
 * checkpoint must extend the one the device holds (else `fork`).
 *
 * A refusal is named for what HQ's code says happened (`refusalCode`), so
 * the kit can tell a laptop HQ has not registered yet (which fixes itself
 * when HQ registers it) from one HQ revoked (which never does).
 *
 * The trust feed's page and consistency proofs are checked against the
 * schemas of ./trust-feed.ts and ./proof-answers.ts before any of them is
 * used: an answer that does not fit is `bad-answer`, naming
 * the field, as an answer that is not JSON is, and so is a consistency
 * proof for other sizes than those asked.
 */
import type { z } from 'zod';
import { fromHex } from '../bytes';
import type { SignedEvent } from '../events/envelope';
import { eventId } from '../events/sign';
import { isRecord } from '../guards';
import { openCheckpoint } from '../checkpoint';
import { err, ok, type Ok, type Result } from '../result';
import { makeBatch, planBatches, type BatchSigner, type Upload } from './batch';
import type { BatchErrorCode, BatchEventError } from './verify-batch';
import { acceptCheckpointNote } from './checkpoints';
import { batchAnswerSchema, deviceHeadSchema, type BatchAnswer, type DeviceHead } from './batch-answers';
import { checkedAnswer } from './checked-answer';
import { consistencyAnswerSchema } from './proof-answers';
import { verifyReceipts, type Receipt, type ReceiptTrust } from './receipt';
import type { StandingBatchCode } from './registry';
import { trustPageSchema, type TrustPage } from './trust-feed';

/** The subset of fetch the client uses, so that any host's fetch fits. */
export type HttpFetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{ readonly status: number; text(): Promise<string> }>;

export type ClientErrorCode =
  | 'unreachable'
  | 'bad-answer'
  /** HQ refused, for a reason none of the codes below names (HQ's code and message are in the message). */
  | 'refused'
  /** HQ holds no certificate of this device covering these events (not registered yet, expired, another site). */
  | 'unregistered-device'
  /** HQ revoked this device from a time at or before these events. */
  | 'revoked-device'
  | 'bad-receipt'
  | 'fork'
  /** HQ's copy of this device's chain is not the device's. */
  | 'chain-mismatch'
  | 'batch-error';

/** `reason`: HQ's own error code, when HQ refused. */
export type ClientError = { readonly ok: false; readonly code: ClientErrorCode; readonly message: string; readonly status?: number; readonly events?: readonly BatchEventError[]; readonly reason?: string };

/**
 * HQ's refusal codes that name something the device can act on
 * (ledger/service/intake.ts answers BatchErrorCode or StandingBatchCode;
 * shared/ledger/registry.ts checkStanding says which standing code when).
 * Every other HQ code, and any code of a newer HQ, is `refused`.
 */
const REFUSALS: Readonly<Partial<Record<BatchErrorCode | StandingBatchCode, ClientErrorCode>>> = {
  // Some event has no certificate covering it: not certified at all, not
  // yet or no longer valid at its time, or certified for another site.
  'device-not-certified': 'unregistered-device',
  'device-revoked': 'revoked-device',
  // The batch does not follow the head HQ has anchored for this device.
  'chain-fork': 'chain-mismatch',
};

/** The device's code for HQ's error code `reason`. */
export function refusalCode(reason: string): ClientErrorCode {
  return Object.hasOwn(REFUSALS, reason) ? REFUSALS[reason as keyof typeof REFUSALS]! : 'refused';
}

export type { BatchAnswer } from './batch-answers';

export class LedgerClient {
  readonly #base: string;
  readonly #fetch: HttpFetch;

  constructor(baseUrl: string, fetch: HttpFetch) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#fetch = fetch;
  }

  async #call(path: string, init?: { method: string; body: string }): Promise<Result<{ status: number; body: unknown }, ClientErrorCode>> {
    let status: number;
    let text: string;
    try {
      const response = await this.#fetch(`${this.#base}${path}`, init === undefined ? undefined : { ...init, headers: { 'content-type': 'application/json' } });
      status = response.status;
      text = await response.text();
    } catch (e) {
      return err('unreachable', `cannot reach the ledger: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (status >= 500) return err('unreachable', `the ledger answered ${status}`);
    // Over HQ's rate limit (per address or per device, ledger/service/http-limits.ts): not a refusal of the
    // upload, so the kit waits and tries again as when HQ cannot be reached.
    if (status === 429) return err('unreachable', `the ledger is limiting requests (429): ${errorMessage(text)}; trying again later`);
    if (path === '/checkpoint' && status === 200) return ok({ status, body: text });
    try {
      return ok({ status, body: JSON.parse(text) as unknown });
    } catch {
      return err('bad-answer', `the ledger's answer to ${path} is not JSON (status ${status})`);
    }
  }

  async #json<T>(path: string): Promise<Result<T, ClientErrorCode>> {
    const r = await this.#call(path);
    if (!r.ok) return r;
    if (r.value.status !== 200) return refused(r.value.status, r.value.body);
    return ok(r.value.body as T);
  }

  /** A 200 answer that fits `schema`, else `bad-answer` naming the first field that does not (a refusal stays a refusal). */
  async #checked<T>(path: string, schema: z.ZodType<T>): Promise<Result<T, ClientErrorCode>> {
    const r = await this.#json<unknown>(path);
    return r.ok ? checkedAnswer(schema, r.value, `the ledger's answer to ${path}`) : r;
  }

  /** Where HQ's copy of the device's chain ends (seq 0: nothing anchored). */
  head(device: string): Promise<Result<DeviceHead, ClientErrorCode>> {
    return this.#checked(`/devices/${encodeURIComponent(device)}/head`, deviceHeadSchema);
  }

  async checkpoint(): Promise<Result<string, ClientErrorCode>> {
    return this.#json<string>('/checkpoint');
  }

  /**
   * The proof that the tree of `to` entries extends the tree of `from`. An
   * answer for other sizes is `bad-answer`: checked against the sizes asked,
   * its proof would fail, and the kit would take a wrong answer for a fork.
   */
  async consistency(from: number, to: number): Promise<Result<Uint8Array[], ClientErrorCode>> {
    const path = `/proof/consistency?from=${from}&to=${to}`;
    const r = await this.#checked(path, consistencyAnswerSchema);
    if (!r.ok) return r;
    if (r.value.from !== from || r.value.to !== to) {
      return err('bad-answer', `the ledger's answer to ${path} is for other sizes: asked for a proof from ${from} to ${to}, got one from ${r.value.from} to ${r.value.to}`);
    }
    return ok(r.value.proof.map(fromHex));
  }

  /** HQ's trust events after HQ's seq `after`, a page of them: each is still to verify (verifyTrustFeed). */
  trust(after = 0): Promise<Result<TrustPage, ClientErrorCode>> {
    return this.#checked(`/trust?after=${after}`, trustPageSchema);
  }

  receipts(batchId: string): Promise<Result<BatchAnswer, ClientErrorCode>> {
    return this.#checked(`/batches/${batchId}`, batchAnswerSchema);
  }

  async submit(upload: Upload): Promise<Result<BatchAnswer, ClientErrorCode> | ClientError> {
    const r = await this.#call('/batches', { method: 'POST', body: JSON.stringify(upload) });
    if (!r.ok) return r;
    if (r.value.status !== 200 && r.value.status !== 201) return refused(r.value.status, r.value.body);
    return checkedAnswer(batchAnswerSchema, r.value.body, "the ledger's answer to /batches");
  }
}

/** HQ's message in an error answer, for a person; the text itself (cut short) when it is not HQ's JSON. */
function errorMessage(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON (a proxy's page): shown as it is.
  }
  return text.slice(0, 200);
}

function refused(status: number, body: unknown): ClientError {
  const b: Record<string, unknown> = isRecord(body) ? body : {};
  const reason = typeof b.error === 'string' ? b.error : 'unknown';
  return {
    ok: false,
    code: refusalCode(reason),
    status,
    reason,
    message: `the ledger refused (${status} ${String(b.error)}): ${String(b.message)}`,
    ...(Array.isArray(b.events) ? { events: b.events as BatchEventError[] } : {}),
  };
}

export interface AnchorOptions {
  readonly client: LedgerClient;
  readonly signer: BatchSigner;
  /** The device's events not known to be anchored, contiguous, in seq order (more is fine: anchored ones are skipped). */
  readonly events: readonly SignedEvent[];
  readonly trust: ReceiptTrust;
  /** The newest checkpoint the device holds (signed note). */
  readonly heldCheckpoint?: string;
  readonly maxEvents?: number;
  /** After each batch: events anchored so far of those to send. */
  readonly onProgress?: (anchored: number, total: number) => void;
}

export interface AnchorOutcome {
  /** Receipts of the events this run anchored, verified. */
  readonly receipts: readonly Receipt[];
  /** The checkpoint to hold from now on. */
  readonly checkpoint: string | undefined;
  readonly anchored: number;
}

/**
 * Anchors the device's unanchored events. Stops at the first error; what was
 * anchored before it is in `partial` (on the error), and the next run goes
 * on from HQ's head.
 */
export async function anchor(options: AnchorOptions): Promise<Ok<AnchorOutcome> | (ClientError & { readonly partial: AnchorOutcome })> {
  const { client, signer, trust } = options;
  const receipts: Receipt[] = [];
  let held = options.heldCheckpoint;
  const outcome = (): AnchorOutcome => ({ receipts, checkpoint: held, anchored: receipts.length });
  const fail = (e: ClientError) => ({ ...e, partial: outcome() });

  const head = await client.head(signer.did);
  if (!head.ok) return fail(head);
  const known = options.events.find((e) => e.seq === head.value.seq);
  if (known !== undefined && eventId(known) !== head.value.id) {
    return fail({ ok: false, code: 'chain-mismatch', message: `HQ holds another event #${head.value.seq} for this device than the device has` });
  }
  const pending = options.events.filter((e) => e.seq > head.value.seq);
  const runs = planBatches(pending, options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents });
  for (const run of runs) {
    const upload = await makeBatch(run, signer);
    if (!upload.ok) return fail({ ok: false, code: 'batch-error', message: upload.message });
    const answer = await client.submit(upload.value);
    if (!answer.ok) return fail(answer);
    const verified = verifyReceipts(answer.value.receipts, trust);
    const ids = run.map(eventId);
    const bad = verified.findIndex((v, i) => !v.ok || v.value.receipt.event !== ids[i]);
    if (bad !== -1 || verified.length !== run.length) {
      const v = verified[bad];
      return fail({ ok: false, code: 'bad-receipt', message: v !== undefined && !v.ok ? `receipt ${bad}: ${v.code}: ${v.message}` : 'the receipts do not match the batch' });
    }
    // Every receipt verified, one per event of the run (a run is never empty).
    const good = verified.flatMap((v) => (v.ok ? [v.value] : []));
    const note = good[0]!.receipt.checkpoint;
    const next = good[0]!.checkpoint;
    let proof: Uint8Array[] = [];
    const heldSize = held === undefined ? undefined : openCheckpoint(held, trust.origin, trust.logKey);
    if (heldSize?.ok === true) {
      const size = heldSize.value.size;
      if (size > 0 && size !== next.size) {
        const p = await client.consistency(Math.min(size, next.size), Math.max(size, next.size));
        if (!p.ok) return fail(p);
        proof = p.value;
      }
    }
    const accepted = acceptCheckpointNote(held, note, proof, trust);
    if (!accepted.ok && accepted.code !== 'older') {
      return fail({ ok: false, code: 'fork', message: `the ledger's checkpoint is not consistent with the one held: ${accepted.message}` });
    }
    if (accepted.ok) held = accepted.value.note;
    receipts.push(...good.map((v) => v.receipt));
    options.onProgress?.(receipts.length, pending.length);
  }
  return ok(outcome());
}
