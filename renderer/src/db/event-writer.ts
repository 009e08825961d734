/**
 * The one write path into the log (issue 9; DESIGN.md principle 1: state is
 * derived from events). Every event, whether this laptop signed it or it came
 * from a peer, a sync file or HQ, is stored here, and in the same call
 * projected into the views (views.ts) and the maintained aggregates
 * (aggregate-store.ts, issue 14); start-up repair projects with the same
 * functions. Whoever needs to know what the log gained (live sync)
 * subscribes here rather than to the database.
 *
 * Writes run one at a time: a batch's aggregates are read, changed and
 * written whole, and two at once would each miss the other's changes.
 */
import type { VerifiedEvent } from '../../../shared/events';
import { createSerialQueue } from '../../../shared/serial-queue';
import { AggregateStore } from './aggregate-store';
import type { KitDatabase } from './database';
import { eventDoc } from './event-doc';
import { projectViews } from './views';

export interface WriteResult {
  /** The events this write added to the log, in the order given. */
  readonly stored: readonly VerifiedEvent[];
  /** Events the log held already (same id: identical content, nothing lost). */
  readonly duplicates: number;
}

export type StoredListener = (events: readonly VerifiedEvent[]) => void;

export class EventWriter {
  private readonly listeners = new Set<StoredListener>();
  private readonly queue = createSerialQueue();
  /** Whether the aggregates were found built (or built) before this writer's first batch. */
  private built = false;

  constructor(
    private readonly db: KitDatabase,
    readonly aggregates: AggregateStore = new AggregateStore(db),
  ) {}

  write(events: readonly VerifiedEvent[]): Promise<WriteResult> {
    return this.queue(() => this.writeNow(events));
  }

  private async writeNow(events: readonly VerifiedEvent[]): Promise<WriteResult> {
    if (events.length === 0) return { stored: [], duplicates: 0 };
    if (!this.built) {
      // A profile from before the aggregates: built from the log first (empty: just marked).
      await this.aggregates.build();
      this.built = true;
    }
    // A batch this session failed to aggregate is aggregated before anything else.
    if (this.aggregates.needsRepair) await this.aggregates.repair((missed) => projectViews(this.db, missed));
    const unique = [...new Map(events.map((e) => [e.id, e])).values()];
    const { error } = await this.db.events.bulkInsert(unique.map(eventDoc));
    // A conflict means the log held the event already: identical content (same id).
    if (error.some((e) => e.status !== 409)) throw new Error(`could not store events: ${error.find((e) => e.status !== 409)!.status}`);
    const conflicted = new Set(error.map((e) => e.documentId));
    const stored = unique.filter((e) => !conflicted.has(e.id));
    // Views first, aggregates last: the aggregates' transaction is the mark that the batch is done (aggregate-store.ts).
    await projectViews(this.db, stored);
    await this.aggregates.commit(stored);
    for (const listener of this.listeners) listener(stored);
    return { stored, duplicates: events.length - stored.length };
  }

  onStored(listener: StoredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
