/**
 * The device's append-only event log in RxDB (DESIGN.md principle 1). Local
 * events are signed and written here before anything else happens, so "saved"
 * on screen means durable in IndexedDB.
 *
 * Appends are serialised: each event's seq and prev come from the device's
 * previous event, so two at once would fork the chain. Within one page a
 * promise queue orders them; across tabs of the same profile the Web Locks
 * API does, where it exists.
 *
 * The vault keeps the chain (issue 13): it signs a segment in one call
 * (`vault:sign-events`) after the head it signed last, and persists its new
 * head before it answers. If the page dies between that answer and the
 * write here, the vault's head is ahead of the log; the vault would refuse
 * every later segment (`out-of-order`: a second event at one seq would be an
 * equivocation). So before its first append, and whenever the vault answers
 * `out-of-order`, an EventStore compares the vault's head with the log's
 * and stores what the vault signed but the log lacks (`vault:signed-batch`),
 * verified like its own events, before it goes on.
 */
import type { DidKey } from '../../../shared/crypto/did-key';
import { createSerialQueue } from '../../../shared/serial-queue';
import {
  placeVerified,
  type RawEventVerifier,
  type SignedEvent,
  type EventBody,
  type EventType,
  type NewEventEntry,
  type VerifiedEvent,
  type ChainLink,
} from '../../../shared/events';
import type { HostApi } from '../../../shared/ipc';
import type { Result } from '../../../shared/result';
import { MAX_SIGN_EVENTS } from '../../../shared/vault';
import type { EventDoc, KitDatabase } from './database';
import type { EventWriter } from './event-writer';

export interface AppendOptions {
  readonly round?: string;
  readonly operator?: string;
}

/** An event to append: its type, body and envelope options. */
export type NewEvent = { [T in EventType]: { type: T; body: EventBody<T>; options?: AppendOptions } }[EventType];

/**
 * What signs this device's events: the key vault (issue 13), which builds the
 * signed bytes itself and keeps the chain, so a caller can neither choose the
 * bytes nor fork the chain. `vaultStatus` answers its head.
 */
export type DeviceSigner = Pick<HostApi, 'vaultStatus' | 'signEvents' | 'signedBatch'>;

const APPEND_LOCK = 'aidtrail-append';

async function withLock<T>(locks: LockManager | undefined, fn: () => Promise<T>): Promise<T> {
  if (locks === undefined) return fn();
  let result: { value: T } | undefined;
  await locks.request(APPEND_LOCK, async () => {
    result = { value: await fn() };
  });
  return result!.value;
}

async function must<T>(answer: Promise<Result<T>>, what: string): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(`host refused ${what}: ${result.code}: ${result.message}`);
  return result.value;
}

/** Chain segments to append, given one at a time (`EventStore.appendSegments`). */
export type Segments = AsyncIterable<readonly NewEvent[]> | Iterable<readonly NewEvent[]>;
/** Hears each segment once it is in the log. */
export type OnStored = (stored: VerifiedEvent[]) => void | Promise<void>;

/** `events` in pieces the vault signs in one call each. */
function* piecesOf(events: readonly NewEvent[]): Iterable<readonly NewEvent[]> {
  for (let start = 0; start < events.length; start += MAX_SIGN_EVENTS) yield events.slice(start, start + MAX_SIGN_EVENTS);
}

/** What the vault is asked to sign for `events`, all at time `at`. */
const entriesOf = (events: readonly NewEvent[], at: string): NewEventEntry[] =>
  events.map(({ type, body, options = {} }) => ({
    type,
    body,
    at,
    ...(options.round !== undefined && { round: options.round }),
    ...(options.operator !== undefined && { operator: options.operator }),
  })) as NewEventEntry[];

const position = (link: ChainLink | null): string => (link === null ? 'no event yet' : `#${link.seq} (${link.id})`);

export class EventStore {
  /** Appends of this page, one at a time (the Web Lock orders them across tabs). */
  private readonly queue = createSerialQueue();
  /** The last link this instance wrote or read; checked against the log before each use. */
  private lastLink: ChainLink | null | undefined;
  /** Whether this instance has compared the vault's head with the log's (before its first append). */
  private caughtUp = false;

  constructor(
    private readonly db: KitDatabase,
    private readonly writer: EventWriter,
    readonly device: DidKey,
    private readonly vault: DeviceSigner,
    private readonly now: () => Date,
    /** The ingest's verification stage (shared/events/raw-verification.ts), which own events pass too. */
    private readonly verifyRaw: RawEventVerifier,
  ) {}

  /** The device's newest event, the one the next must chain to. */
  async head(): Promise<EventDoc | undefined> {
    const [doc] = await this.db.events
      .find({ selector: { device: this.device }, sort: [{ device: 'desc' }, { seq: 'desc' }], limit: 1 })
      .exec();
    return doc?.toMutableJSON();
  }

  async append<T extends EventType>(type: T, body: EventBody<T>, options: AppendOptions = {}): Promise<VerifiedEvent> {
    const [event] = await this.appendMany([{ type, body, options } as NewEvent]);
    return event!;
  }

  /**
   * Appends several events as one chain segment, signed in one vault call and
   * stored in one bulk write: either all of them are in the log afterwards or
   * none (a caseload import is never half-written). A segment of more than
   * `MAX_SIGN_EVENTS` is signed and stored in pieces of that many, each whole.
   */
  async appendMany(events: readonly NewEvent[]): Promise<VerifiedEvent[]> {
    const out: VerifiedEvent[] = [];
    await this.appendSegments(piecesOf(events), (stored) => void out.push(...stored));
    return out;
  }

  /**
   * Appends the segments `segments` gives (each of 1 to `MAX_SIGN_EVENTS`
   * events, signed in one call and stored whole), one after the other in the
   * chain; `onStored` hears each once it is in the log, before the next is
   * stored. The next segment is asked for, signed and verified while the one
   * before is stored (issue 14): the vault keeps its last two calls' events
   * (shared/vault/signing.ts), so a crash in between loses neither. Holds the
   * append lock throughout: other appends wait until the last segment is in.
   * A failure stops at the segment it hit; the segments before it stay stored.
   */
  appendSegments(segments: Segments, onStored: OnStored): Promise<void> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    return this.queue(() => withLock(locks, () => this.appendNow(segments, onStored)));
  }

  private async appendNow(segments: Segments, onStored: OnStored): Promise<void> {
    let previous = await this.currentLink();
    if (!this.caughtUp) {
      previous = await this.catchUp(previous);
      this.caughtUp = true;
    }
    /** The segment being stored, while the next one is signed. */
    let storing: Promise<void> | undefined;
    try {
      for await (const events of segments) {
        if (events.length === 0 || events.length > MAX_SIGN_EVENTS) throw new Error(`a segment has 1 to ${MAX_SIGN_EVENTS} events, not ${events.length}`);
        const segment = entriesOf(events, this.now().toISOString());
        let answer = await this.vault.signEvents(segment, previous);
        if (!answer.ok && answer.code === 'out-of-order') {
          // The vault is ahead of the log (a page that died after it signed): store what it signed, then ask again.
          await storing;
          storing = undefined;
          previous = await this.catchUp(previous);
          answer = await this.vault.signEvents(segment, previous);
        }
        if (!answer.ok) throw new Error(`host refused to sign: ${answer.code}: ${answer.message}`);
        if (answer.value.length !== segment.length || answer.value.some((event, i) => event.type !== segment[i]!.type)) {
          throw new Error(`the vault answered ${answer.value.length} events for the ${segment.length} it was asked to sign`);
        }
        const verified = await this.verifyOwn(answer.value, previous);
        previous = { id: verified.at(-1)!.id, seq: verified.at(-1)!.event.seq };
        // At most two signed segments are ever out of the log: this one, and the one being stored.
        await storing;
        storing = this.store(verified).then(() => onStored(verified));
        // Awaited above or below; a failure meanwhile is not unhandled.
        storing.catch(() => undefined);
      }
      await storing;
    } catch (cause) {
      // The segment being stored finishes (or fails) before the caller hears: what it reports is what the log holds.
      await storing?.catch(() => undefined);
      throw cause;
    }
  }

  /**
   * The same checks every peer will run, from the log's head on: a bug (or a
   * vault of another chain) must never write an event that others would
   * quarantine.
   */
  private async verifyOwn(events: readonly SignedEvent[], after: ChainLink | null): Promise<VerifiedEvent[]> {
    // Each event on its own in the verify stage (a worker, off the thread that stores: issue 14),
    // then its place in the chain here, link by link from `after`.
    const verdicts = await this.verifyRaw(events.map((event) => JSON.stringify(event)));
    let previous = after;
    return verdicts.map((verdict) => {
      const placed = verdict.ok ? placeVerified(verdict.value, { device: this.device, previous }) : verdict;
      if (!placed.ok) throw new Error(`refusing to store an invalid own event: ${placed.code}: ${placed.message}`);
      previous = { id: placed.value.id, seq: placed.value.event.seq };
      return placed.value;
    });
  }

  /** Stores a verified segment through the one write path; the link after it is this instance's head. */
  private async store(events: readonly VerifiedEvent[]): Promise<void> {
    const { stored } = await this.writer.write(events);
    if (stored.length !== events.length) throw new Error(`${events.length - stored.length} of ${events.length} new events were in the log already`);
    const last = events.at(-1)!;
    this.lastLink = { id: last.id, seq: last.event.seq };
  }

  /**
   * Brings the log up to the vault's head: when the vault signed events the
   * log lacks (the page died before it stored them), they are its last batch;
   * they are verified and stored like own events. Answers the log's head.
   * Throws when the vault and the log cannot be brought together: the vault
   * ahead by more than its last batch (events lost for good), or at another
   * event than the log.
   */
  private async catchUp(logHead: ChainLink | null): Promise<ChainLink | null> {
    const { head } = await must(this.vault.vaultStatus(), 'its status');
    // A vault with no head has signed nothing, or took over an older vault's keys and continues the log's chain.
    if (head === null) return logHead;
    const logSeq = logHead?.seq ?? 0;
    if (head.seq === logSeq && head.id === logHead?.id) return logHead;
    if (head.seq <= logSeq) {
      throw new Error(
        `the vault's chain head is #${head.seq} (${head.id}) but this device's log has ${position(logHead)}: they are not the same chain; nothing can be signed until they are`,
      );
    }
    const lost = await must(this.vault.signedBatch({ after: logSeq }), 'the last batch');
    if (lost[0]?.seq !== logSeq + 1 || lost.at(-1)?.seq !== head.seq) {
      const held = lost.length === 0 ? 'none of them' : `only #${lost[0]!.seq}–#${lost.at(-1)!.seq}`;
      throw new Error(
        `the vault signed events up to #${head.seq} but this device's log has ${position(logHead)}, and its last batch holds ${held}: ` +
          `events #${logSeq + 1}–#${head.seq} were lost, and nothing more can be signed on this laptop`,
      );
    }
    const verified = await this.verifyOwn(lost, logHead);
    await this.store(verified);
    return this.lastLink!;
  }

  /**
   * The device's chain head. A sorted query over the whole log is the truth
   * but costs more as the log grows, so the link this instance last wrote is
   * reused while no event follows it (another tab of the same profile may
   * have appended; the Web Lock makes that check race-free).
   */
  private async currentLink(): Promise<ChainLink | null> {
    const known = this.lastLink;
    if (known !== undefined) {
      const next = await this.db.events.findOne({ selector: { device: this.device, seq: (known?.seq ?? 0) + 1 } }).exec();
      if (next === null) return known;
    }
    const head = await this.head();
    this.lastLink = head ? { id: head.id, seq: head.seq } : null;
    return this.lastLink;
  }
}
