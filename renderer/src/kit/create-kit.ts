/**
 * The kit as the app runs it: RxDB over the browser's IndexedDB, the host the
 * page has (the Electron preload's, or the browser's WebCrypto vault), and the
 * demo plan until HQ-signed plans arrive.
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../../resources/demo-plan.json';
import { openKitDatabase } from '../db/database';
import { selectHost } from '../host/select-host';
import { Kit } from './kit';
import type { KitApi } from './kit-api';

export const KIT_DATABASE = 'aidtrail';

export async function createKit(): Promise<KitApi> {
  const db = await openKitDatabase(KIT_DATABASE, getRxStorageDexie());
  return new Kit({ db, host: selectHost().host, defaultPlan: demoPlan });
}
