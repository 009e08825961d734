/**
 * The kit as the app runs it: RxDB over the browser's IndexedDB, the host the
 * page has (the Electron preload's, or the browser's WebCrypto vault), the
 * demo plan until HQ-signed plans arrive, live peer sync and the background
 * anchoring loop.
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../../resources/demo-plan.json';
import { openKitDatabase } from '../db/database';
import { AggregateStore } from '../db/aggregate-store';
import { repairLog } from '../db/repair';
import { selectHost } from '../host/select-host';
import type { AnchorLoopControl, KitApi, SyncControl } from './api';
import { createKit } from './kit';
import { AnchorLoop } from './ledger/anchor-loop';
import { LiveSync } from './sync/live-sync';

export const KIT_DATABASE = 'aidtrail';

/** The performance marks start-up sets, in order. */
export const STARTUP_MARKS = { databaseOpen: 'aidtrail:database-open', repaired: 'aidtrail:repaired' } as const;

export interface RunningKit {
  readonly kit: KitApi;
  /** Peer sync over the camp LAN, its Yjs documents kept in IndexedDB. */
  readonly sync: SyncControl;
  /** Anchoring at HQ as background work; the screens start it once unlocked. */
  readonly anchorLoop: AnchorLoopControl;
}

/** `onCounting`: told how many events were read so far when this profile's aggregates are built from its log (once, after an upgrade). */
export async function startKit(onCounting?: (counted: number) => void): Promise<RunningKit> {
  // Start-up's phases as performance marks (STARTUP_MARKS), for the screens benchmark and a profiler.
  const db = await openKitDatabase(KIT_DATABASE, getRxStorageDexie());
  performance.mark(STARTUP_MARKS.databaseOpen);
  // A crash in the middle of a write leaves its views and aggregates out: put them back first.
  const aggregates = new AggregateStore(db);
  await repairLog(db, aggregates, onCounting);
  performance.mark(STARTUP_MARKS.repaired);
  const { kind, host } = selectHost();
  const kit = createKit({ db, host, hostKind: kind, defaultPlan: demoPlan, aggregates });
  const anchorLoop = new AnchorLoop({ kit, onInternalError: (cause) => console.error('aidtrail: anchoring failed', cause) });
  return { kit, sync: new LiveSync(kit, { persistence: 'indexeddb' }), anchorLoop };
}
