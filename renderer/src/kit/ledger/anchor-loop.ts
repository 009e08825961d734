/**
 * Anchoring as background work (DESIGN.md principle 6: visible progress,
 * retry, idempotent resumption). Once started, the loop anchors this
 * device's backlog at HQ whenever a ledger is configured:
 *
 * - `unreachable` / `bad-answer` (HQ offline, a proxy's error page, a crash
 *   mid-upload): retry after 5 s, doubling up to 10 min, with jitter so a
 *   camp's laptops do not all knock at once when the link comes back. The
 *   kit's anchoring resumes from HQ's head, so a retry never sends twice.
 * - success: check again every minute; anchor when events are pending (or
 *   when the last visit to HQ is old: every visit is also an audit of HQ's
 *   checkpoint and brings HQ's trust events). Events a successful run could
 *   not send (HQ had them already, their receipts were lost) wait for that
 *   visit too instead of a useless one every minute.
 * - `unregistered-device` (HQ holds no certificate covering this laptop's
 *   records): fixed when HQ registers the laptop, a person's work of hours
 *   or days, so retry, but at the longest interval (10 min, with jitter)
 *   from the first try on; once registered (issue 10, point 5: HQ can start
 *   the certificate at the laptop's first record) the next try anchors all.
 * - `fork` (HQ showed two histories, the alarm is kept by the kit): stop,
 *   until a person deals with it.
 * - `reload-needed` (the desktop app: the ledger's address was allowed after
 *   the page loaded, kit/api/network.ts): stop; the shell reloads the page,
 *   where the loop starts again.
 * - `revoked-device`, `refused` and the other answers that retrying cannot
 *   fix (HQ revoked this laptop, refused for another reason, a receipt does
 *   not verify, HQ holds another chain): stop with the reason shown;
 *   "Anchor now" (`runNow`) tries again.
 *
 * Timers, clock and randomness are injected (tests use a fake clock); all
 * state lives in the instance.
 */
import type { AnchorFailureCode, AnchorLoopControl, AnchorLoopStatus, LedgerApi, LedgerStatus } from '../api/ledger';

export interface LoopTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AnchorLoopOptions {
  readonly kit: Pick<LedgerApi, 'ledgerStatus' | 'anchor'>;
  readonly timers?: LoopTimers;
  /** [0, 1): Math.random unless a test says otherwise. */
  readonly random?: () => number;
  /** First retry after a failure; doubles per failure. */
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
  /** The fraction of a retry delay taken off at random (0.2: between 80 % and 100 % of it). */
  readonly jitter?: number;
  /** How often an idle loop looks for pending events. */
  readonly intervalMs?: number;
  /** An idle loop visits HQ at least this often even with nothing to send. */
  readonly visitEveryMs?: number;
  /** A failure the loop cannot act on (a bug): logged, then retried like `unreachable`. */
  readonly onInternalError?: (cause: unknown) => void;
}

export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 10 * 60_000;
export const ANCHOR_INTERVAL_MS = 60_000;
export const VISIT_EVERY_MS = 15 * 60_000;
export const RETRY_JITTER = 0.2;

/** Failures that pass on their own (`locked`: the next sign-in unlocks the vault that signs batches), retried with backoff. */
const RETRYABLE: ReadonlySet<AnchorFailureCode> = new Set<AnchorFailureCode>(['unreachable', 'bad-answer', 'internal', 'locked']);
/** Failures only a person at HQ fixes, retried at the longest interval. */
const AWAITING_HQ: ReadonlySet<AnchorFailureCode> = new Set<AnchorFailureCode>(['unregistered-device']);

const browserTimers: LoopTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** The delay before retry number `attempt` (1, 2, …): 5 s doubling, capped, minus up to `jitter` of it. */
export function retryDelay(attempt: number, options: { firstRetryMs?: number; maxRetryMs?: number; jitter?: number; random: () => number }): number {
  const first = options.firstRetryMs ?? FIRST_RETRY_MS;
  const max = options.maxRetryMs ?? MAX_RETRY_MS;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? RETRY_JITTER));
  const capped = Math.min(max, first * 2 ** Math.min(Math.max(0, attempt - 1), 30));
  return Math.round(capped * (1 - jitter * Math.min(1, Math.max(0, options.random()))));
}

type Trigger = 'start' | 'manual' | 'timer';
type Outcome = { readonly ok: true; readonly value: { readonly anchored: number } } | { readonly ok: false; readonly code: AnchorFailureCode; readonly message: string };

/** A status without its schedule. */
function unscheduled(status: AnchorLoopStatus): AnchorLoopStatus {
  const { nextRunAt: _dropped, ...rest } = status;
  return rest;
}

export class AnchorLoop implements AnchorLoopControl {
  readonly #kit: AnchorLoopOptions['kit'];
  readonly #timers: LoopTimers;
  readonly #random: () => number;
  readonly #options: AnchorLoopOptions;
  readonly #listeners = new Set<(status: AnchorLoopStatus) => void>();
  #status: AnchorLoopStatus = { state: 'off', started: false, attempt: 0 };
  #timer: { readonly handle: unknown } | undefined;
  #running: Promise<void> | undefined;
  #lastVisitAt: number | undefined;
  /** A pending count a successful run could not lower (HQ already held those events): not worth a visit a minute. */
  #unsendable: number | undefined;

  constructor(options: AnchorLoopOptions) {
    this.#options = options;
    this.#kit = options.kit;
    this.#timers = options.timers ?? browserTimers;
    this.#random = options.random ?? Math.random;
  }

  /** The current status; the same object until it changes (fits useSyncExternalStore). */
  status(): AnchorLoopStatus {
    return this.#status;
  }

  /** Called on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: AnchorLoopStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Starts the loop (idempotent): a first run at once, then on its own schedule. */
  start(): void {
    if (this.#status.started) return;
    this.#set({ ...this.#status, started: true });
    void this.#run('start');
  }

  /** Stops scheduling; a run in flight finishes (the kit's anchoring is resumable). */
  stop(): void {
    this.#clearTimer();
    const { state } = this.#status;
    this.#set({ ...unscheduled(this.#status), started: false, state: state === 'idle' || state === 'waiting' ? 'off' : state });
  }

  /**
   * Runs now, and starts the loop if it was not: after a configuration, from
   * "Anchor now", or to try again after a stop. Joins a run in flight. While
   * the fork alarm stands it only re-reads the status: nothing more goes to
   * a ledger that showed two histories until a person has looked.
   */
  runNow(): Promise<void> {
    if (!this.#status.started) this.#set({ ...this.#status, started: true });
    return this.#run('manual');
  }

  /**
   * Re-reads the kit's ledger status (local): the counts, an alarm raised
   * elsewhere (a gossiped checkpoint), a ledger configured meanwhile (a
   * started loop then runs).
   */
  async refresh(): Promise<void> {
    if (this.#running) return this.#running;
    // Quietly: before setup there is no status to read, and the next run reports a real failure.
    const ledger = await this.#readStatus(false);
    if (ledger === undefined || this.#running) return;
    if (ledger.alarm !== undefined) {
      this.#clearTimer();
      this.#set({ ...unscheduled(this.#status), ledger, state: 'fork' });
    } else if (!ledger.configured) {
      this.#clearTimer();
      this.#set({ ...unscheduled(this.#status), ledger, state: 'off' });
    } else {
      this.#set({ ...this.#status, ledger });
      if (this.#status.started && this.#status.state === 'off') void this.#run('start');
    }
  }

  /** Resolves when the run in flight, if any, is over. */
  settled(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  // ---- internals ---------------------------------------------------------------------

  #run(trigger: Trigger): Promise<void> {
    if (this.#running) return this.#running;
    this.#clearTimer();
    const run = this.#cycle(trigger).finally(() => {
      this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #cycle(trigger: Trigger): Promise<void> {
    const ledger = await this.#readStatus();
    if (ledger === undefined) {
      this.#failed({ code: 'internal', message: 'the ledger status could not be read' });
      return;
    }
    if (!ledger.configured || ledger.alarm !== undefined) {
      this.#set({ ...unscheduled(this.#status), ledger, state: ledger.configured ? 'fork' : 'off' });
      return;
    }
    const now = this.#timers.now();
    const visitDue = this.#lastVisitAt === undefined || now - this.#lastVisitAt >= (this.#options.visitEveryMs ?? VISIT_EVERY_MS);
    const nothingNew = ledger.pending === 0 || ledger.pending === this.#unsendable;
    if (trigger === 'timer' && this.#status.state === 'idle' && nothingNew && !visitDue) {
      this.#set({ ...this.#status, ledger });
      this.#schedule(this.#options.intervalMs ?? ANCHOR_INTERVAL_MS, 'idle');
      return;
    }

    this.#set({ ...unscheduled(this.#status), ledger, state: 'anchoring', progress: { done: 0, total: ledger.pending } });
    let reported = false;
    let outcome: Outcome;
    try {
      outcome = await this.#kit.anchor((done, total) => {
        reported = true;
        this.#set({ ...this.#status, progress: { done, total } });
      });
    } catch (cause) {
      this.#options.onInternalError?.(cause);
      outcome = { ok: false, code: 'internal', message: cause instanceof Error ? cause.message : String(cause) };
    }
    this.#lastVisitAt = this.#timers.now();
    const after = (await this.#readStatus()) ?? ledger;
    if (!outcome.ok) {
      this.#set({ ...this.#status, ledger: after });
      this.#failed(outcome);
      return;
    }
    this.#unsendable = outcome.value.anchored === 0 && after.pending > 0 ? after.pending : undefined;
    const { error: _cleared, ...kept } = this.#status;
    this.#set({
      ...kept,
      ledger: after,
      attempt: 0,
      lastSuccessAt: this.#timers.now(),
      lastAnchored: outcome.value.anchored,
      // Nothing was sent: the bar says so rather than "0 of the pending count".
      progress: reported && this.#status.progress !== undefined ? this.#status.progress : { done: 0, total: 0 },
      state: after.alarm === undefined ? 'idle' : 'fork',
    });
    if (after.alarm === undefined) this.#schedule(this.#options.intervalMs ?? ANCHOR_INTERVAL_MS, 'idle');
  }

  #failed(failure: { readonly code: AnchorFailureCode; readonly message: string }): void {
    const error = { code: failure.code, message: failure.message, at: this.#timers.now() };
    const status = unscheduled(this.#status);
    if (failure.code === 'fork' || status.ledger?.alarm !== undefined) {
      this.#set({ ...status, error, state: 'fork' });
    } else if (failure.code === 'not-configured') {
      this.#set({ ...status, error, state: 'off' });
    } else if (!RETRYABLE.has(failure.code) && !AWAITING_HQ.has(failure.code)) {
      this.#set({ ...status, error, state: 'error' });
    } else {
      const attempt = status.attempt + 1;
      this.#set({ ...status, error, attempt, state: 'waiting' });
      const backoff = { ...this.#options, random: this.#random };
      // Awaiting HQ, the backoff starts where it otherwise ends.
      const delay = AWAITING_HQ.has(failure.code)
        ? retryDelay(attempt, { ...backoff, firstRetryMs: this.#options.maxRetryMs ?? MAX_RETRY_MS })
        : retryDelay(attempt, backoff);
      this.#schedule(delay, 'waiting');
    }
  }

  async #readStatus(report = true): Promise<LedgerStatus | undefined> {
    try {
      return await this.#kit.ledgerStatus();
    } catch (cause) {
      if (report) this.#options.onInternalError?.(cause);
      return undefined;
    }
  }

  #schedule(ms: number, state: 'idle' | 'waiting'): void {
    this.#clearTimer();
    if (!this.#status.started) {
      this.#set({ ...unscheduled(this.#status), state: 'off' });
      return;
    }
    const timer = {
      handle: this.#timers.setTimeout(() => {
        if (this.#timer !== timer) return;
        this.#timer = undefined;
        void this.#run('timer');
      }, ms),
    };
    this.#timer = timer;
    this.#set({ ...this.#status, state, nextRunAt: this.#timers.now() + ms });
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
  }

  #set(next: AnchorLoopStatus): void {
    this.#status = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener(next);
      } catch (cause) {
        this.#options.onInternalError?.(cause);
      }
    }
  }
}
