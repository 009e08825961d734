/**
 * When the ledger anchors: every `everyMs` while the log has grown, and as
 * soon as `afterLeaves` leaves have been appended since the last anchor. It
 * learns the log's size by reading the latest signed checkpoint every
 * `pollMs` (one row from the store), so the ledger's append path knows
 * nothing of the chain and never waits on it; a post in flight, however
 * slow the chain, only holds back the next post. After a failed post it
 * waits `retryMs` before trying again, so a chain that is down is not
 * hammered once per poll.
 */
import { openCheckpoint, parseVerifierKey, type NoteVerifier } from '../../shared/checkpoint';
import type { AnchorPoster } from './poster';
import type { ChainStatus } from './status';

/** What the scheduler reads of the ledger: the Ledger class has all three. */
export interface CheckpointSource {
  readonly origin: string;
  readonly logKey: string;
  checkpoint(): Promise<{ size: number; note: string }>;
}

export interface ScheduleOptions {
  readonly everyMs: number;
  readonly afterLeaves: number;
  readonly pollMs: number;
  readonly retryMs: number;
  readonly now?: () => number;
}

export class AnchorScheduler {
  readonly #source: CheckpointSource;
  readonly #poster: Pick<AnchorPoster, 'post' | 'status'>;
  readonly #options: ScheduleOptions;
  readonly #logKey: NoteVerifier;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #lastPost: { at: number; ok: boolean } | undefined;
  #stopped = false;

  constructor(source: CheckpointSource, poster: Pick<AnchorPoster, 'post' | 'status'>, options: ScheduleOptions) {
    const key = parseVerifierKey(source.logKey);
    if (!key.ok) throw new Error(`the log key does not parse: ${key.message}`);
    this.#source = source;
    this.#poster = poster;
    this.#options = options;
    this.#logKey = key.value;
    this.#now = options.now ?? Date.now;
  }

  get status(): ChainStatus {
    return this.#poster.status;
  }

  /** Checks now, then every pollMs until stopped. The timer does not keep the process alive. */
  start(): void {
    const loop = () => {
      this.#timer = undefined;
      void this.tick().finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(loop, this.#options.pollMs).unref();
      });
    };
    loop();
  }

  /**
   * Stops the timer. A post in flight is left to end on its own: it touches
   * only the chain, and a ledger shutting down must not wait minutes for a
   * receipt. Its transaction, if mined, is found on chain at the next start.
   */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** One check: posts the latest checkpoint if it is due; resolves when that post is done. Never rejects. */
  async tick(): Promise<void> {
    if (this.#running !== undefined) return this.#running;
    this.#running = this.#check().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(): Promise<void> {
    let latest;
    try {
      latest = await this.#source.checkpoint();
    } catch {
      return; // the store is busy or closing; the next poll reads again
    }
    const opened = openCheckpoint(latest.note, this.#source.origin, this.#logKey);
    // Only what the log key signed is anchored; anything else is a bug upstream, not something to publish.
    if (this.#stopped || !opened.ok || !this.#due(opened.value.size)) return;
    await this.#poster.post(opened.value);
    this.#lastPost = { at: this.#now(), ok: this.#poster.status.state === 'ok' };
  }

  #due(size: number): boolean {
    const last = this.#lastPost;
    // The first check after start posts even an empty log's size: it learns what the chain holds and whether it is reachable.
    if (last === undefined) return true;
    const since = this.#now() - last.at;
    // A failure is retried even when the log has not grown, so the status shows the chain back when it is.
    if (!last.ok) return since >= this.#options.retryMs;
    const anchored = this.#poster.status.lastAnchored?.size ?? 0;
    if (size === anchored) return false;
    return size - anchored >= this.#options.afterLeaves || since >= this.#options.everyMs;
  }
}
