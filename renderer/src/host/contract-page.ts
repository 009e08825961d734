/**
 * TEST-ONLY entry, never imported by the app (so never in out/renderer):
 * test/e2e/browser-host.spec.ts bundles it with Vite into a throw-away page,
 * serves it under the app's CSP and drives it from Playwright. It runs the
 * HostApi contract against the browser host in a real Chromium (IndexedDB,
 * WebCrypto Ed25519) and inspects what the host stored.
 */
import type { SealedBlob } from '../../../shared/ipc';
import { createBrowserHost, VAULT_DB_NAME, VAULT_RECORD_KEY, VAULT_STORE } from './browser-host';
import { runHostContract, type HostContractOutcome, type MakeHostFixture } from './host-contract';

/** The page's API is put on `window` under this name. */
export const CONTRACT_PAGE_GLOBAL = '__aidtrailHostContract';

export type StoredKeyReport = {
  readonly what: string;
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
  /** The device and issuer private keys and the data key (the `vault` record). */
  readonly keys: readonly StoredKeyReport[];
  /** The X25519 agreement private key: non-extractable like the others. */
  readonly agreementKey: StoredKeyReport;
  /** A site key made for the inspection: extractable, so that it can be wrapped for other laptops. */
  readonly siteKey: StoredKeyReport;
  /** Paths of any raw bytes (ArrayBuffer, typed arrays) in the stored record: there should be none. */
  readonly rawBytes: readonly string[];
};

export type SignRate = { readonly sequentialPerSecond: number; readonly batchedPerSecond: number; readonly messageBytes: number };

export type ContractPage = {
  /** The contract, one fresh database per check. */
  run(): Promise<HostContractOutcome[]>;
  /** Creates keys and a site key in the default `aidtrail-vault` database and inspects the stored records. */
  inspectDefaultVault(): Promise<VaultInspection>;
  /** Default-database host calls, for reload checks: numbers in, numbers out (JSON-safe). */
  defaultHost: {
    create(): Promise<unknown>;
    status(): Promise<unknown>;
    sign(key: 'device' | 'issuer', bytes: readonly number[]): Promise<number[] | string>;
    seal(bytes: readonly number[]): Promise<unknown>;
    open(blob: unknown): Promise<number[] | string>;
  };
  signRate(milliseconds: number, messageBytes: number): Promise<SignRate>;
};

let databaseCounter = 0;

const deleteDatabase = (name: string): Promise<void> =>
  new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });

const freshDatabase: MakeHostFixture = () => {
  const dbName = `aidtrail-vault-contract-${Date.now()}-${databaseCounter++}`;
  return { open: () => createBrowserHost({ dbName }), dispose: () => deleteDatabase(dbName) };
};

async function readRecord(dbName: string, key: string): Promise<unknown> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const get = db.transaction(VAULT_STORE).objectStore(VAULT_STORE).get(key);
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error);
    });
  } finally {
    db.close();
  }
}

function findRawBytes(value: unknown, path: string, found: string[]): void {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    found.push(path);
  } else if (typeof value === 'object' && value !== null && !(value instanceof CryptoKey)) {
    for (const [key, inner] of Object.entries(value)) findRawBytes(inner, `${path}.${key}`, found);
  }
}

async function report(what: string, key: unknown, formats: readonly KeyFormat[]): Promise<StoredKeyReport> {
  if (!(key instanceof CryptoKey)) {
    return { what, isCryptoKey: false, type: typeof key, algorithm: '', extractable: true, usages: [], exports: {} };
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
  return {
    what,
    isCryptoKey: true,
    type: key.type,
    algorithm: key.algorithm.name,
    extractable: key.extractable,
    usages: [...key.usages],
    exports,
  };
}

const toNumbers = (bytes: Uint8Array): number[] => Array.from(bytes);

const page: ContractPage = {
  run: () => runHostContract(freshDatabase),

  async inspectDefaultVault() {
    const host = createBrowserHost();
    const created = await host.vaultCreate();
    if (!created.ok) throw new Error(`vaultCreate: ${created.code}: ${created.message}`);
    const siteKey = await host.siteKeyCreate();
    if (!siteKey.ok) throw new Error(`siteKeyCreate: ${siteKey.code}: ${siteKey.message}`);
    const databases = (await indexedDB.databases()).map((db) => db.name ?? '');
    const record = (await readRecord(VAULT_DB_NAME, VAULT_RECORD_KEY)) as {
      device?: { privateKey?: unknown };
      issuer?: { privateKey?: unknown };
      data?: { key?: unknown };
    };
    const agreement = (await readRecord(VAULT_DB_NAME, 'agreement')) as { privateKey?: unknown };
    const site = (await readRecord(VAULT_DB_NAME, siteKey.value.kid)) as { key?: unknown };
    const rawBytes: string[] = [];
    for (const [name, value] of [['record', record], ['agreement', agreement], ['siteKey', site]] as const) {
      findRawBytes(value, name, rawBytes);
    }
    return {
      databases,
      rawBytes,
      keys: [
        await report('device private key', record.device?.privateKey, ['pkcs8', 'jwk', 'raw']),
        await report('issuer private key', record.issuer?.privateKey, ['pkcs8', 'jwk', 'raw']),
        await report('data key', record.data?.key, ['raw', 'jwk']),
      ],
      agreementKey: await report('agreement private key', agreement.privateKey, ['pkcs8', 'jwk', 'raw']),
      siteKey: await report('site key', site.key, ['raw']),
    };
  },

  defaultHost: {
    create: () => createBrowserHost().vaultCreate(),
    status: () => createBrowserHost().vaultStatus(),
    async sign(key, bytes) {
      const result = await createBrowserHost().sign({ key, bytes: Uint8Array.from(bytes) });
      return result.ok ? toNumbers(result.value) : `${result.code}: ${result.message}`;
    },
    seal: (bytes) => createBrowserHost().seal({ plaintext: Uint8Array.from(bytes) }),
    async open(blob) {
      // Deliberately unchecked: the host validates.
      const result = await createBrowserHost().open(blob as SealedBlob);
      return result.ok ? toNumbers(result.value) : `${result.code}: ${result.message}`;
    },
  },

  async signRate(milliseconds, messageBytes) {
    const fixture = await freshDatabase();
    const host = await fixture.open();
    try {
      const created = await host.vaultCreate();
      if (!created.ok) throw new Error(created.message);
      const message = crypto.getRandomValues(new Uint8Array(messageBytes));
      // Warm up (loads the key from IndexedDB once).
      await host.sign({ key: 'device', bytes: message });

      let count = 0;
      let start = performance.now();
      while (performance.now() - start < milliseconds) {
        const result = await host.sign({ key: 'device', bytes: message });
        if (!result.ok) throw new Error(result.message);
        count++;
      }
      const sequentialPerSecond = (count * 1000) / (performance.now() - start);

      count = 0;
      start = performance.now();
      while (performance.now() - start < milliseconds) {
        const batch = await Promise.all(Array.from({ length: 100 }, () => host.sign({ key: 'device', bytes: message })));
        if (!batch.every((r) => r.ok)) throw new Error('a batched signature failed');
        count += batch.length;
      }
      const batchedPerSecond = (count * 1000) / (performance.now() - start);
      return { sequentialPerSecond, batchedPerSecond, messageBytes };
    } finally {
      await fixture.dispose?.();
    }
  },
};

(window as unknown as Record<string, unknown>)[CONTRACT_PAGE_GLOBAL] = page;
document.title = 'HostApi contract page (ready)';
