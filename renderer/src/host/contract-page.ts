/**
 * TEST-ONLY entry, never imported by the app (so never in out/renderer):
 * test/e2e/browser-host.spec.ts bundles it with Vite into a throw-away page,
 * serves it under the app's CSP and drives it from Playwright. It runs the
 * HostApi contract against the browser host in a real Chromium (IndexedDB,
 * WebCrypto, Web Locks), on the page and through the vault's worker
 * (./worker-host.ts, with ./contract-vault-worker.ts), and inspects what the
 * host stored.
 */
import { eventId } from '../../../shared/events/sign';
import { SMALL_KDF } from '../../../shared/vault/test-support';
import type { NewEventEntry } from '../../../shared/events/envelope';
import type { ChainHead, HostApi, SealedBlob } from '../../../shared/ipc';
import { createBrowserHost, LEGACY_VAULT_DB_NAME, VAULT_DB_NAME, type BrowserHostOptions } from './browser-host';
import { DEVICE_KEY, DEVICE_STORE, RECORD_STORE } from './browser-store';
import { runHostContract, type HostContractOutcome, type MakeHostFixture } from './host-contract';
import { LEAD, stockEntry } from './host-contract-support';
import type { ContractClockMessage } from './contract-vault-worker';
import { createWorkerHost } from './worker-host';

/** The page's API is put on `window` under this name. */
export const CONTRACT_PAGE_GLOBAL = '__aidtrailHostContract';


export type StoredKeyReport = {
  readonly isCryptoKey: boolean;
  readonly type: string;
  readonly algorithm: string;
  readonly extractable: boolean;
  readonly usages: readonly string[];
  /** Export format → the error name it was refused with, or `exported` if it was not refused. */
  readonly exports: Readonly<Record<string, string>>;
};

export type VaultInspection = {
  readonly databases: readonly string[];
  /** The device-layer key: a non-extractable AES-GCM CryptoKey. */
  readonly deviceKey: StoredKeyReport;
  /** The record names in the store. */
  readonly records: readonly string[];
  /** Records that are not `{ v: 1, iv: 12 bytes, ct: bytes }`. */
  readonly malformed: readonly string[];
  /** Records whose stored bytes show what they hold (the JSON format name or the operator's name) in clear. */
  readonly readable: readonly string[];
  /** CryptoKeys anywhere in the records: there should be none (keys are bytes under the vault key). */
  readonly cryptoKeysInRecords: readonly string[];
};

export type SignRate = { readonly sequentialPerSecond: number; readonly events: number };

export type ContractPage = {
  /** The contract, one fresh database per check. */
  run(): Promise<HostContractOutcome[]>;
  /** The same through the vault's worker: each host a worker host over its own worker. */
  runThroughWorker(): Promise<HostContractOutcome[]>;
  /** Creates a vault with an operator and a site key in the default database and inspects the stored records. */
  inspectDefaultVault(): Promise<VaultInspection>;
  /** Default-database host calls, for reload checks: JSON-safe values in and out. */
  defaultHost: {
    /** Create and add LEAD, signed in in this page's host; the keys and the lead's id. */
    setUp(): Promise<unknown>;
    status(): Promise<unknown>;
    unlock(operator: string, secret: string): Promise<unknown>;
    signEvents(entries: readonly NewEventEntry[], after: ChainHead | null): Promise<unknown>;
    seal(bytes: readonly number[]): Promise<unknown>;
    open(blob: unknown): Promise<number[] | string>;
    /** Writes a database under the pre-issue-13 name, as an old training profile has one. */
    writeLegacyDatabase(): Promise<void>;
  };
  /** Events signed per second through the HostApi, one call per event (each call writes the chain record first). */
  signRate(milliseconds: number): Promise<SignRate>;
};

let databaseCounter = 0;

const deleteDatabase = (name: string): Promise<void> =>
  new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });

const hostOptions = (dbName?: string, now?: () => Date): BrowserHostOptions => ({
  kdf: SMALL_KDF,
  idleCheckMs: 0,
  ...(dbName !== undefined && { dbName }),
  ...(now && { now }),
});

const freshDatabase: MakeHostFixture = () => {
  const dbName = `aidtrail-vault-contract-${Date.now()}-${databaseCounter++}`;
  return { open: (options) => createBrowserHost(hostOptions(dbName, options?.now)), dispose: () => deleteDatabase(dbName) };
};

/** `host`, with the check's clock posted to its worker before each call (messages arrive in order). */
function withClock(host: HostApi, worker: Worker, now: () => Date): HostApi {
  const methods = Object.entries(host as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>);
  const timed = methods.map(([name, method]) => [
    name,
    (...args: unknown[]) => {
      worker.postMessage({ clock: now().getTime() } satisfies ContractClockMessage);
      return method(...args);
    },
  ]);
  return Object.fromEntries(timed) as HostApi;
}

const workerDatabase: MakeHostFixture = () => {
  const dbName = `aidtrail-vault-contract-worker-${Date.now()}-${databaseCounter++}`;
  const workers: Worker[] = [];
  return {
    open: (options) => {
      const worker = new Worker(new URL('./contract-vault-worker.ts', import.meta.url), { type: 'module', name: dbName });
      workers.push(worker);
      // A vault that moved to the page would pass the contract unseen: said as an error, which fails the e2e test.
      const host = createWorkerHost({ start: () => worker, log: (message) => console.error(message) });
      return options?.now ? withClock(host, worker, options.now) : host;
    },
    dispose: () => {
      for (const worker of workers) worker.terminate();
      return deleteDatabase(dbName);
    },
  };
};

async function withDatabase<T>(dbName: string, body: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await body(db);
  } finally {
    db.close();
  }
}

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

async function report(key: unknown, formats: readonly KeyFormat[]): Promise<StoredKeyReport> {
  if (!(key instanceof CryptoKey)) {
    return { isCryptoKey: false, type: typeof key, algorithm: '', extractable: true, usages: [], exports: {} };
  }
  const exports: Record<string, string> = {};
  for (const format of formats) {
    try {
      await crypto.subtle.exportKey(format, key);
      exports[format] = 'exported';
    } catch (cause) {
      exports[format] = cause instanceof Error ? cause.name : String(cause);
    }
  }
  return { isCryptoKey: true, type: key.type, algorithm: key.algorithm.name, extractable: key.extractable, usages: [...key.usages], exports };
}

function findCryptoKeys(value: unknown, path: string, found: string[]): void {
  if (value instanceof CryptoKey) found.push(path);
  else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const [key, inner] of Object.entries(value)) findCryptoKeys(inner, `${path}.${key}`, found);
  }
}

const latin1 = (bytes: Uint8Array): string => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

const toNumbers = (bytes: Uint8Array): number[] => Array.from(bytes);

const page: ContractPage = {
  run: () => runHostContract(freshDatabase),
  runThroughWorker: () => runHostContract(workerDatabase),

  async inspectDefaultVault() {
    const host = createBrowserHost(hostOptions());
    const created = await host.vaultCreate();
    if (!created.ok) throw new Error(`vaultCreate: ${created.code}: ${created.message}`);
    const added = await host.operatorAdd(LEAD);
    if (!added.ok) throw new Error(`operatorAdd: ${added.code}: ${added.message}`);
    const siteKey = await host.siteKeyCreate();
    if (!siteKey.ok) throw new Error(`siteKeyCreate: ${siteKey.code}: ${siteKey.message}`);
    const databases = (await indexedDB.databases()).map((db) => db.name ?? '');
    return withDatabase(VAULT_DB_NAME, async (db) => {
      const deviceKey = await request(db.transaction(DEVICE_STORE).objectStore(DEVICE_STORE).get(DEVICE_KEY));
      const store = db.transaction(RECORD_STORE).objectStore(RECORD_STORE);
      const names = (await request(store.getAllKeys())).map(String);
      const values = await request(db.transaction(RECORD_STORE).objectStore(RECORD_STORE).getAll());
      const malformed: string[] = [];
      const readable: string[] = [];
      const cryptoKeysInRecords: string[] = [];
      values.forEach((value: unknown, i) => {
        const name = names[i]!;
        findCryptoKeys(value, name, cryptoKeysInRecords);
        const record = value as { v?: unknown; iv?: unknown; ct?: unknown };
        const wellFormed =
          record.v === 1 && record.iv instanceof Uint8Array && record.iv.length === 12 && record.ct instanceof Uint8Array;
        if (!wellFormed) {
          malformed.push(name);
          return;
        }
        const text = latin1(record.ct as Uint8Array);
        if (text.includes('aidtrail-vault') || text.includes('Amina') || text.includes(created.value.device)) readable.push(name);
      });
      return {
        databases,
        deviceKey: await report(deviceKey, ['raw', 'jwk']),
        records: names,
        malformed,
        readable,
        cryptoKeysInRecords,
      };
    });
  },

  defaultHost: {
    async setUp() {
      currentHost = createBrowserHost(hostOptions());
      const keys = await currentHost.vaultCreate();
      if (!keys.ok) return keys;
      const added = await currentHost.operatorAdd(LEAD);
      return added.ok ? { ok: true, value: { ...keys.value, lead: added.value.id } } : added;
    },
    status: () => createBrowserHost(hostOptions()).vaultStatus(),
    async unlock(operator, secret) {
      // A fresh host, as after a reload: the session lives in it.
      currentHost = createBrowserHost(hostOptions());
      return currentHost.unlock({ operator, secret });
    },
    signEvents: (entries, after) => host().signEvents(entries, after),
    seal: (bytes) => host().seal({ plaintext: Uint8Array.from(bytes) }),
    async open(blob) {
      // Deliberately unchecked: the host validates.
      const result = await host().open(blob as SealedBlob);
      return result.ok ? toNumbers(result.value) : `${result.code}: ${result.message}`;
    },
    async writeLegacyDatabase() {
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(LEGACY_VAULT_DB_NAME, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('keys');
        open.onsuccess = () => {
          const tx = open.result.transaction('keys', 'readwrite');
          tx.objectStore('keys').put({ v: 1, device: { did: 'did:key:z6MkOld' } }, 'vault');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      });
    },
  },

  async signRate(milliseconds) {
    const fixture = await freshDatabase();
    const host = await fixture.open();
    try {
      const created = await host.vaultCreate();
      if (!created.ok) throw new Error(created.message);
      const added = await host.operatorAdd(LEAD);
      if (!added.ok) throw new Error(added.message);
      let head: ChainHead | null = null;
      let seq = 0;
      const start = performance.now();
      while (performance.now() - start < milliseconds) {
        seq += 1;
        const result = await host.signEvents([stockEntry(seq)], head);
        if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
        head = { seq, id: eventId(result.value[0]!) };
      }
      return { sequentialPerSecond: (seq * 1000) / (performance.now() - start), events: seq };
    } finally {
      await fixture.dispose?.();
    }
  },
};

/** The page's host for the default database (the session lives in it): made on first use, anew by `unlock`. */
let currentHost: ReturnType<typeof createBrowserHost> | undefined;
const host = (): ReturnType<typeof createBrowserHost> => (currentHost ??= createBrowserHost(hostOptions()));

(window as unknown as Record<string, unknown>)[CONTRACT_PAGE_GLOBAL] = page;
document.title = 'HostApi contract page (ready)';
