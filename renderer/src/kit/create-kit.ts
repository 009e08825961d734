/**
 * The kit as the app runs it: RxDB over the browser's IndexedDB, the host the
 * page has (the Electron preload's, or the browser's WebCrypto vault), the
 * demo plan until HQ-signed plans arrive, and live peer sync.
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../../resources/demo-plan.json';
import { openKitDatabase } from '../db/database';
import { repairViews } from '../db/views';
import { selectHost } from '../host/select-host';
import { Kit } from './kit';
import type { KitApi } from './kit-api';
import { LiveSync } from './live-sync';
import type { SyncControl } from './sync-api';

export const KIT_DATABASE = 'aidtrail';

export interface RunningKit {
  readonly kit: KitApi;
  /** Peer sync over the camp LAN, its Yjs documents kept in IndexedDB. */
  readonly sync: SyncControl;
}

export async function createKit(): Promise<RunningKit> {
  const db = await openKitDatabase(KIT_DATABASE, getRxStorageDexie());
  // A crash between an event and its view row leaves the row out: put it back first.
  await repairViews(db);
  const kit = new Kit({ db, host: selectHost().host, defaultPlan: demoPlan });
  return { kit, sync: new LiveSync(kit, db, { persistence: 'indexeddb' }) };
}
