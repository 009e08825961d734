/**
 * The device's append-only event log in RxDB (DESIGN.md principle 1). Local
 * events are signed and written here before anything else happens, so "saved"
 * on screen means durable in IndexedDB.
 *
 * Appends are serialised: each event's seq and prev come from the device's
 * previous event, so two at once would fork the chain. Within one page a
 * promise queue orders them; across tabs of the same profile the Web Locks
 * API does, where it exists.
 */
import type { DidKey } from '../../../shared/crypto/did-key';
import { createSerialQueue } from '../../../shared/serial-queue';
import type { SignatureVerifier } from '../../../shared/crypto/verifier';
import {
  EVENT_VERSION,
  verifyEventWith,
  type SignedEvent,
  type EventBody,
  type EventType,
  type UnsignedEvent,
  type VerifiedEvent,
  type ChainLink,
} from '../../../shared/events';
import type { EventDoc, KitDatabase } from './database';
import { storedEvent } from './event-doc';
import type { EventWriter } from './event-writer';

export interface AppendOptions {
  readonly round?: string;
  readonly operator?: string;
}

/** An event to append: its type, body and envelope options. */
export type NewEvent = { [T in EventType]: { type: T; body: EventBody<T>; options?: AppendOptions } }[EventType];

/**
 * Signs one of this device's events: the vault builds the signed bytes from
 * the draft and checks its seq and prev against the chain head it signed last
 * (issue 13), so a caller can neither choose the bytes nor fork the chain.
 */
export type DeviceSigner = (draft: UnsignedEvent) => Promise<SignedEvent>;

const APPEND_LOCK = 'aidtrail-append';

async function withLock<T>(locks: LockManager | undefined, fn: () => Promise<T>): Promise<T> {
  if (locks === undefined) return fn();
  let result: { value: T } | undefined;
  await locks.request(APPEND_LOCK, async () => {
    result = { value: await fn() };
  });
  return result!.value;
}

export class EventStore {
  /** Appends of this page, one at a time (the Web Lock orders them across tabs). */
  private readonly queue = createSerialQueue();
  /** The last link this instance wrote or read; checked against the log before each use. */
  private lastLink: ChainLink | null | undefined;

  constructor(
    private readonly db: KitDatabase,
    private readonly writer: EventWriter,
    readonly device: DidKey,
    private readonly sign: DeviceSigner,
    private readonly now: () => Date,
    private readonly verifier: SignatureVerifier,
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
   * Appends several events as one chain segment, stored in one bulk write:
   * either all of them are in the log afterwards or none (a caseload import
   * is never half-written).
   */
  appendMany(events: readonly NewEvent[]): Promise<VerifiedEvent[]> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    return this.queue(() => withLock(locks, () => this.appendNow(events)));
  }

  private async appendNow(events: readonly NewEvent[]): Promise<VerifiedEvent[]> {
    let previous = await this.currentLink();
    const at = this.now().toISOString();
    const out: VerifiedEvent[] = [];
    for (const { type, body, options = {} } of events) {
      const draft = {
        v: EVENT_VERSION,
        type,
        device: this.device,
        seq: previous ? previous.seq + 1 : 1,
        prev: previous ? previous.id : null,
        at,
        ...(options.round !== undefined && { round: options.round }),
        ...(options.operator !== undefined && { operator: options.operator }),
        body,
      } as UnsignedEvent;
      const signed = await this.sign(draft);
      // The same check every peer will run: a bug here must never write an
      // event that others would quarantine.
      const verified = await verifyEventWith(this.verifier, signed, { device: this.device, previous });
      if (!verified.ok) throw new Error(`refusing to store an invalid own event: ${verified.code}: ${verified.message}`);
      out.push(verified.value);
      previous = { id: verified.value.id, seq: verified.value.event.seq };
    }
    const { stored } = await this.writer.write(out);
    if (stored.length !== out.length) throw new Error(`${out.length - stored.length} of ${out.length} new events were in the log already`);
    this.lastLink = previous;
    return out;
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

  /** Every event up to the end of `day` (UTC), for tallies and stock. */
  async upTo(day: string): Promise<VerifiedEvent[]> {
    const docs = await this.db.events.find({ selector: { day: { $lte: day } }, sort: [{ day: 'asc' }, { type: 'asc' }] }).exec();
    return docs.map((d) => storedEvent(d.toMutableJSON()));
  }
}
