/**
 * Start-up repair of what a crash may have left half-written (issue 14): it
 * checks only what may be missing, from the write path's journal, never the
 * whole log. A batch whose journal entry is still there had its events
 * written, or not, but neither its views nor its aggregates for sure: those
 * of its events that reached the log are projected again (the household
 * view is idempotent) and aggregated (exactly once: the aggregates and the
 * end of the entry are one transaction).
 *
 * A profile from before the aggregates existed has no build mark: it gets
 * its household view checked against the log and its aggregates built, once.
 */
import type { AggregateStore } from './aggregate-store';
import type { KitDatabase } from './database';
import { storedEvent } from './event-doc';
import { projectViews, repairViews } from './views';

export interface Repaired {
  /** Events of interrupted batches aggregated now. */
  readonly events: number;
  /** Events read to build the aggregates of a profile that had none. */
  readonly built: number;
}

export async function repairLog(db: KitDatabase, aggregates: AggregateStore, onProgress?: (done: number) => void): Promise<Repaired> {
  if (!(await aggregates.isBuilt())) {
    await repairViews(db);
    return { events: 0, built: await aggregates.build(onProgress === undefined ? {} : { onProgress }) };
  }
  const ids = await aggregates.pendingEvents();
  if (ids.length > 0) {
    const present = await db.events.findByIds(ids).exec();
    await projectViews(db, [...present.values()].map((d) => storedEvent(d.toMutableJSON())));
  }
  return { events: await aggregates.repair(), built: 0 };
}
