/**
 * The browser build's vault record store (`VaultStore`, shared/vault/store.ts):
 * IndexedDB database `aidtrail-vault-v2`, two object stores:
 *   `device`   one entry, `key`: a non-extractable AES-256-GCM `CryptoKey`
 *              (the device layer), made on the first write;
 *   `records`  record name → `{ v: 1, iv, ct }`, the record's bytes sealed
 *              under that key with AAD `"aidtrail/v2/browser-record\n" ‖ name`
 *              (so a record copied under another name does not open).
 *
 * This device layer is WEAK: the key sits beside the records, in the same
 * browser profile, usable by any script of the origin. It keeps the records
 * out of a plain copy of the profile's files only as far as the browser keeps
 * the key non-extractable. The vault (shared/vault/) seals what needs an
 * operator under its own vault key on top. The browser build is for training
 * (the app shows a banner saying so); the desktop build (`safeStorage`, the OS
 * keyring) is the product.
 *
 * A vault of the browser build from before issue 13 (database
 * `aidtrail-vault`) cannot be adopted: its keys are non-extractable
 * `CryptoKey`s, which no script can read out to re-wrap. A new database name
 * keeps such old training profiles from colliding: they start a new vault.
 *
 * Browser storage can be evicted under storage pressure; the store asks for
 * persistent storage (`navigator.storage.persist()`) when it makes its key.
 */
import { err, ok, type Result } from '../../../shared/result';
import { utf8 } from '../../../shared/bytes';
import { VAULT_RECORD_NAME, type VaultStore } from '../../../shared/vault/store';

export const VAULT_DB_NAME = 'aidtrail-vault-v2';
/** The database of the vault before issue 13: never opened, never adopted (see the file comment). */
export const LEGACY_VAULT_DB_NAME = 'aidtrail-vault';
export const VAULT_DB_VERSION = 1;
export const DEVICE_STORE = 'device';
export const DEVICE_KEY = 'key';
export const RECORD_STORE = 'records';

const IV_BYTES = 12;
const AAD_PREFIX = 'aidtrail/v2/browser-record\n';

/** The AAD of a record: its name, so a record copied under another name does not open. WebCrypto wants an ArrayBuffer-backed view. */
const recordAad = (name: string): Uint8Array<ArrayBuffer> => Uint8Array.from(utf8(`${AAD_PREFIX}${name}`));

/** A record as IndexedDB holds it. */
export type StoredRecord = { readonly v: 1; readonly iv: Uint8Array; readonly ct: Uint8Array };

export type BrowserStoreOptions = {
  /** Default `globalThis.indexedDB`; tests pass another factory (fake-indexeddb). */
  readonly indexedDB?: IDBFactory | undefined;
  /** Default `aidtrail-vault-v2`; tests use one database per case. */
  readonly dbName?: string;
  /** Default `globalThis.crypto.subtle`. */
  readonly subtle?: SubtleCrypto | undefined;
  /** Called once the device key is made (default: ask for persistent storage). */
  readonly onKeyCreated?: () => void;
};

class Unavailable extends Error {}

/** An IndexedDB request as a promise (also used by the storage bound of the benchmarks). */
export const requestResult = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

/** Resolves when the transaction commits; rejects when it fails or aborts. */
export const transactionDone = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

/** Best effort: ask the browser not to evict the vault under storage pressure. */
export function requestPersistentStorage(): void {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (storage && typeof storage.persist === 'function') void storage.persist().catch(() => false);
}

const isStoredRecord = (value: unknown): value is StoredRecord =>
  typeof value === 'object' &&
  value !== null &&
  (value as StoredRecord).v === 1 &&
  (value as StoredRecord).iv instanceof Uint8Array &&
  (value as StoredRecord).iv.length === IV_BYTES &&
  (value as StoredRecord).ct instanceof Uint8Array;

const isDeviceKey = (value: unknown): value is CryptoKey =>
  typeof CryptoKey !== 'undefined' &&
  value instanceof CryptoKey &&
  value.type === 'secret' &&
  value.algorithm.name === 'AES-GCM' &&
  value.usages.includes('encrypt') &&
  value.usages.includes('decrypt');

const checkName = (name: string): void => {
  if (!VAULT_RECORD_NAME.test(name)) throw new Error(`not a vault record name: ${JSON.stringify(name)}`);
};

/** `VaultStore` over IndexedDB, each record sealed under a non-extractable WebCrypto key kept beside it. */
export function indexedDbVaultStore(options: BrowserStoreOptions = {}): VaultStore {
  const factory = options.indexedDB ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
  const subtle = options.subtle ?? (typeof crypto === 'undefined' ? undefined : crypto.subtle);
  const dbName = options.dbName ?? VAULT_DB_NAME;
  const onKeyCreated = options.onKeyCreated ?? requestPersistentStorage;
  let connection: Promise<IDBDatabase> | undefined;
  let deviceKey: CryptoKey | undefined;

  const openDb = (): Promise<IDBDatabase> => {
    if (!factory) return Promise.reject(new Unavailable('This browser offers no IndexedDB (a private window?): the vault cannot be kept.'));
    connection ??= new Promise<IDBDatabase>((resolve, reject) => {
      let request: IDBOpenDBRequest;
      try {
        request = factory.open(dbName, VAULT_DB_VERSION);
      } catch (cause) {
        reject(new Unavailable(`IndexedDB cannot be opened (${String(cause)})`));
        return;
      }
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(DEVICE_STORE)) db.createObjectStore(DEVICE_STORE);
        if (!db.objectStoreNames.contains(RECORD_STORE)) db.createObjectStore(RECORD_STORE);
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
      request.onerror = () => reject(new Unavailable(`IndexedDB cannot be opened (${request.error?.message ?? 'unknown error'})`));
      request.onblocked = () => reject(new Unavailable('the vault database is held open by an older version of the app in another tab'));
    }).catch((cause: unknown) => {
      connection = undefined;
      throw cause;
    });
    return connection;
  };

  const needSubtle = (): SubtleCrypto => {
    if (!subtle) throw new Unavailable('This page has no WebCrypto (crypto.subtle needs https or localhost): the vault cannot be kept.');
    return subtle;
  };

  /** The device key as stored, or undefined; never makes one. */
  const loadKey = async (db: IDBDatabase): Promise<unknown> =>
    requestResult(db.transaction(DEVICE_STORE, 'readonly').objectStore(DEVICE_STORE).get(DEVICE_KEY));

  /** The device key, made on first use: of two tabs making one at once, exactly one is stored and both use it. */
  const keyForWrite = async (db: IDBDatabase): Promise<CryptoKey> => {
    if (deviceKey) return deviceKey;
    const stored = await loadKey(db);
    if (stored !== undefined) {
      if (!isDeviceKey(stored)) throw new Error('damaged device key');
      return (deviceKey = stored);
    }
    const fresh = await needSubtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const tx = db.transaction(DEVICE_STORE, 'readwrite');
    const store = tx.objectStore(DEVICE_STORE);
    const existing = store.get(DEVICE_KEY);
    let answer: unknown = fresh;
    existing.onsuccess = () => {
      if (existing.result === undefined) store.add(fresh, DEVICE_KEY);
      else answer = existing.result;
    };
    await transactionDone(tx);
    if (!isDeviceKey(answer)) throw new Error('damaged device key');
    if (answer === fresh) onKeyCreated();
    return (deviceKey = answer);
  };

  const unavailable = (cause: unknown) =>
    cause instanceof Unavailable ? err('vault-unavailable', cause.message) : undefined;

  return {
    async read(name) {
      checkName(name);
      let db: IDBDatabase;
      try {
        db = await openDb();
        needSubtle();
      } catch (cause) {
        const refused = unavailable(cause);
        if (refused) return refused;
        throw cause;
      }
      const stored: unknown = await requestResult(db.transaction(RECORD_STORE, 'readonly').objectStore(RECORD_STORE).get(name));
      if (stored === undefined) return ok(undefined);
      const unreadable = (what: string): Result<never, 'vault-unreadable'> =>
        err('vault-unreadable', `the vault record ${name} ${what}; it was left untouched`);
      if (!isStoredRecord(stored)) return unreadable('is damaged');
      const key = deviceKey ?? (await loadKey(db));
      if (!isDeviceKey(key)) return unreadable("cannot be read: this browser profile's device key is missing or damaged");
      deviceKey = key;
      try {
        const plain = await needSubtle().decrypt(
          { name: 'AES-GCM', iv: Uint8Array.from(stored.iv), additionalData: recordAad(name) },
          key,
          Uint8Array.from(stored.ct),
        );
        return ok(new Uint8Array(plain));
      } catch {
        return unreadable('does not decrypt under the device key (damaged, or moved from another record)');
      }
    },

    async write(name, bytes) {
      checkName(name);
      let db: IDBDatabase;
      let key: CryptoKey;
      try {
        db = await openDb();
        key = await keyForWrite(db);
      } catch (cause) {
        const refused = unavailable(cause);
        if (refused) return refused;
        throw cause;
      }
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const ct = new Uint8Array(
        await needSubtle().encrypt({ name: 'AES-GCM', iv, additionalData: recordAad(name) }, key, Uint8Array.from(bytes)),
      );
      const record: StoredRecord = { v: 1, iv, ct };
      const tx = db.transaction(RECORD_STORE, 'readwrite');
      tx.objectStore(RECORD_STORE).put(record, name);
      await transactionDone(tx);
      return ok(undefined);
    },
  };
}
