/**
 * The `HostApi` of the renderer in a plain browser (no Electron preload):
 * keys are WebCrypto `CryptoKey`s kept in IndexedDB (database
 * `aidtrail-vault`, one object store, one entry per vault record: `vault`,
 * `agreement`, and each site key by its id; ./webcrypto-records.ts).
 * IndexedDB stores them by structured clone, which keeps non-extractable keys
 * non-extractable: page script can sign and seal with them but no API hands
 * out the private bytes. Site keys are the exception (extractable, to be
 * wrapped for other laptops; `StoredSiteKey` says why).
 *
 * Browser storage can be evicted under storage pressure; the host asks for
 * persistent storage (`navigator.storage.persist()`) when it creates keys.
 * Clearing the site's data deletes the keys, and with them every sealed
 * record: the browser build is for trials and tests, the desktop build is the
 * product (DESIGN.md).
 */
import type { AppInfo, HostApi } from '../../../shared/ipc';
import { hostFromVault } from './vault-host';
import { VaultUnavailableError, type VaultRecordStore } from './webcrypto-records';
import { webCryptoVault } from './webcrypto-vault';

export const VAULT_DB_NAME = 'aidtrail-vault';
export const VAULT_DB_VERSION = 1;
export const VAULT_STORE = 'keys';
/** The first record of the store: the signing keys and the data key, written once. */
export const VAULT_RECORD_KEY = 'vault';
/** Site-key records are named by their ids. */
const SITE_KEY_NAME = /^sk-[0-9a-f]{16}$/;

export const BROWSER_HOST_INFO: AppInfo = { name: 'aidtrail', version: 'web', platform: 'browser' };

export type BrowserHostOptions = {
  /** Default `globalThis.indexedDB`; tests pass another factory (fake-indexeddb). */
  readonly indexedDB?: IDBFactory;
  /** Default `aidtrail-vault`; tests use one database per case. */
  readonly dbName?: string;
  readonly appInfo?: AppInfo;
  readonly logError?: (message: string, cause: unknown) => void;
};

const requestResult = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

const transactionDone = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

/** The vault's object store in IndexedDB. One connection per host, reopened if another page upgrades or deletes the database. */
export function indexedDbVaultStore(factory: IDBFactory | undefined, dbName: string): VaultRecordStore {
  let connection: Promise<IDBDatabase> | undefined;

  const openDb = (): Promise<IDBDatabase> => {
    if (!factory) return Promise.reject(new VaultUnavailableError('IndexedDB is not available'));
    connection ??= new Promise<IDBDatabase>((resolve, reject) => {
      let request: IDBOpenDBRequest;
      try {
        request = factory.open(dbName, VAULT_DB_VERSION);
      } catch (cause) {
        reject(new VaultUnavailableError(`IndexedDB cannot be opened (${String(cause)})`));
        return;
      }
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(VAULT_STORE)) request.result.createObjectStore(VAULT_STORE);
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          connection = undefined;
        };
        db.onclose = () => {
          connection = undefined;
        };
        resolve(db);
      };
      request.onerror = () =>
        reject(new VaultUnavailableError(`IndexedDB cannot be opened (${request.error?.message ?? 'unknown error'})`));
      request.onblocked = () =>
        reject(new VaultUnavailableError('the key database is held open by an older version of the app in another tab'));
    }).catch((cause: unknown) => {
      connection = undefined;
      throw cause;
    });
    return connection;
  };

  return {
    async load(name) {
      const db = await openDb();
      return requestResult(db.transaction(VAULT_STORE, 'readonly').objectStore(VAULT_STORE).get(name));
    },
    async addIfAbsent(name, record) {
      const db = await openDb();
      // One readwrite transaction: IndexedDB runs overlapping ones on the same store one after the
      // other, so of two tabs adding a record at once exactly one adds and both end with its record.
      const tx = db.transaction(VAULT_STORE, 'readwrite');
      const store = tx.objectStore(VAULT_STORE);
      const existing = store.get(name);
      let answer: unknown = record;
      existing.onsuccess = () => {
        if (existing.result === undefined) store.add(record, name);
        else answer = existing.result;
      };
      await transactionDone(tx);
      return answer;
    },
    async siteKeyIds() {
      const db = await openDb();
      const store = db.transaction(VAULT_STORE, 'readonly').objectStore(VAULT_STORE);
      // A handful of records: all names, filtered here (no IDBKeyRange global needed, so tests can pass a factory alone).
      const names = await requestResult(store.getAllKeys());
      return names.filter((name): name is string => typeof name === 'string' && SITE_KEY_NAME.test(name)).sort();
    },
  };
}

/** Best effort: ask the browser not to evict the keys under storage pressure. */
function requestPersistentStorage(): void {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (storage && typeof storage.persist === 'function') void storage.persist().catch(() => false);
}

export function createBrowserHost(options: BrowserHostOptions = {}): HostApi {
  const factory = options.indexedDB ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
  const store = indexedDbVaultStore(factory, options.dbName ?? VAULT_DB_NAME);
  const vault = webCryptoVault(store, { onCreated: requestPersistentStorage });
  return hostFromVault(vault, {
    appInfo: options.appInfo ?? BROWSER_HOST_INFO,
    logError: options.logError ?? ((message, cause) => console.error(message, cause)),
  });
}
