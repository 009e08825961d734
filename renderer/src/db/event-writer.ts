/**
 * The one write path into the log (issue 9; DESIGN.md principle 1: state is
 * derived from events). Every event, whether this laptop signed it or it came
 * from a peer, a sync file or HQ, is stored here and projected into the views
 * by the same function, in the same call; start-up repair projects with the
 * same function too (views.ts). Whoever needs to know what the log gained
 * (live sync) subscribes here rather than to the database.
 */
import type { VerifiedEvent } from '../../../shared/events';
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

  constructor(private readonly db: KitDatabase) {}

  async write(events: readonly VerifiedEvent[]): Promise<WriteResult> {
    if (events.length === 0) return { stored: [], duplicates: 0 };
    const { error } = await this.db.events.bulkInsert(events.map(eventDoc));
    // A conflict means the same id was stored meanwhile: identical content.
    if (error.some((e) => e.status !== 409)) throw new Error(`could not store events: ${error.find((e) => e.status !== 409)!.status}`);
    const conflicted = new Set(error.map((e) => e.documentId));
    const stored = events.filter((e) => !conflicted.has(e.id));
    await projectViews(this.db, stored);
    for (const listener of this.listeners) listener(stored);
    return { stored, duplicates: events.length - stored.length };
  }

  onStored(listener: StoredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
