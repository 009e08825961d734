/**
 * Start-up repair of what a crash may have left half-written (issue 14): it
 * checks only what may be missing, never the whole log. For each device, the
 * seqs its aggregated chain lacks are probed (one indexed lookup per run);
 * events found there were stored but their batch never finished: they are
 * projected into the views again (idempotent) and aggregated (exactly once:
 * a batch's aggregates and its devices' chains are one transaction). See
 * aggregate-store.ts.
 *
 * A profile from before the aggregates existed has no build mark: it gets
 * its household view checked against the log and its aggregates built, once.
 * One whose aggregates an older version built (aggregate-store.ts
 * AGGREGATES_VERSION) gets them built again, once; its views are the same.
 */
import type { AggregateStore } from './aggregate-store';
import type { KitDatabase } from './database';
import { projectViews, repairViews } from './views';

export interface Repaired {
  /** Events of interrupted batches aggregated now. */
  readonly events: number;
  /** Events read to build the aggregates of a profile that had none, or had an older version's. */
  readonly built: number;
}

export async function repairLog(db: KitDatabase, aggregates: AggregateStore, onProgress?: (done: number) => void): Promise<Repaired> {
  const state = await aggregates.buildState();
  if (state !== 'current') {
    if (state === 'none') await repairViews(db);
    return { events: 0, built: await aggregates.build(onProgress === undefined ? {} : { onProgress }) };
  }
  return { events: await aggregates.repair((events) => projectViews(db, events)), built: 0 };
}
