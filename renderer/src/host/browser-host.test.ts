/**
 * The browser host under Node with fake-indexeddb: the contract, and the
 * IndexedDB layout (records sealed under a non-extractable device key). The
 * real thing (Chromium's IndexedDB, WebCrypto and Web Locks) is
 * test/e2e/browser-host.spec.ts.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { fromUtf8, utf8 } from '../../../shared/bytes';
import { BROWSER_HOST_INFO, createBrowserHost, LEGACY_VAULT_DB_NAME, VAULT_DB_NAME, type BrowserHostOptions } from './browser-host';
import { DEVICE_KEY, DEVICE_STORE, indexedDbVaultStore, RECORD_STORE, type StoredRecord } from './browser-store';
import { describeHostContract } from './host-contract';
import { LEAD } from './host-contract-support';
import { MEMORY_HOST_KDF } from './memory-host';

const options = (indexedDB: IDBFactory, more: Partial<BrowserHostOptions> = {}): BrowserHostOptions => ({
  indexedDB,
  kdf: MEMORY_HOST_KDF,
  idleCheckMs: 0,
  locks: null,
  log: () => undefined,
  ...more,
});

describeHostContract(
  'browser host (fake-indexeddb)',
  () => {
    const indexedDB = new IDBFactory();
    return { open: (open) => createBrowserHost(options(indexedDB, open?.now ? { now: open.now } : {})) };
  },
  { describe, it },
);

async function withDb<T>(factory: IDBFactory, name: string, body: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => resolve(request.result);
  });
  try {
    return await body(db);
  } finally {
    db.close();
  }
}

const get = (db: IDBDatabase, store: string, key: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const request = db.transaction(store).objectStore(store).get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

const put = (db: IDBDatabase, store: string, key: string, value: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });

describe('browser host', () => {
  it(`seals every record under a non-extractable AES-GCM key kept in the "${VAULT_DB_NAME}" database`, async () => {
    const indexedDB = new IDBFactory();
    const host = createBrowserHost(options(indexedDB));
    const keys = await host.vaultCreate();
    await host.operatorAdd(LEAD);
    expect(keys.ok).toBe(true);
    await withDb(indexedDB, VAULT_DB_NAME, async (db) => {
      const key = (await get(db, DEVICE_STORE, DEVICE_KEY)) as CryptoKey;
      expect(key).toBeInstanceOf(CryptoKey);
      expect(key).toMatchObject({ type: 'secret', extractable: false, algorithm: { name: 'AES-GCM', length: 256 } });
      await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
      for (const name of ['device', 'operators', 'site-keys', 'chain']) {
        const record = (await get(db, RECORD_STORE, name)) as StoredRecord;
        expect(record).toMatchObject({ v: 1 });
        expect(record.iv).toBeInstanceOf(Uint8Array);
        const text = new TextDecoder('latin1').decode(record.ct);
        expect(text).not.toContain('aidtrail-vault');
        expect(text).not.toContain('Amina');
        // The page's own script can open it (the layer is weak, the build is for training): with the AAD naming the record.
        const aad = utf8(`aidtrail/v2/browser-record\n${name}`);
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: Uint8Array.from(record.iv), additionalData: Uint8Array.from(aad) }, key, Uint8Array.from(record.ct));
        expect(JSON.parse(fromUtf8(new Uint8Array(plain)))).toMatchObject({ format: 'aidtrail-vault', record: name });
      }
    });
  });

  it('answers vault-unreadable for a record moved under another name, and leaves it', async () => {
    const indexedDB = new IDBFactory();
    await createBrowserHost(options(indexedDB)).vaultCreate();
    await withDb(indexedDB, VAULT_DB_NAME, async (db) => put(db, RECORD_STORE, 'device', await get(db, RECORD_STORE, 'chain')));
    await expect(createBrowserHost(options(indexedDB)).vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
  });

  it('answers vault-unreadable when the device key is gone, and never makes another over existing records', async () => {
    const indexedDB = new IDBFactory();
    await createBrowserHost(options(indexedDB)).vaultCreate();
    await withDb(indexedDB, VAULT_DB_NAME, (db) => put(db, DEVICE_STORE, DEVICE_KEY, 'not a key'));
    const host = createBrowserHost(options(indexedDB));
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
  });

  it(`never opens nor adopts the old "${LEGACY_VAULT_DB_NAME}" database: an old training profile starts a new vault`, async () => {
    const indexedDB = new IDBFactory();
    await withDb(indexedDB, LEGACY_VAULT_DB_NAME, async () => undefined);
    const host = createBrowserHost(options(indexedDB));
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: true, value: { device: null } });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: true });
    const names = (await indexedDB.databases()).map((db) => db.name).sort();
    expect(names).toEqual([LEGACY_VAULT_DB_NAME, VAULT_DB_NAME].sort());
  });

  it('answers vault-unavailable where there is no IndexedDB', async () => {
    expect(typeof globalThis.indexedDB).toBe('undefined');
    const store = indexedDbVaultStore();
    await expect(store.read('device')).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    await expect(store.write('device', new Uint8Array(1))).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    const host = createBrowserHost({ idleCheckMs: 0, locks: null });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
  });

  it('refuses record names the vault would never use', async () => {
    const store = indexedDbVaultStore({ indexedDB: new IDBFactory() });
    await expect(store.read('../x')).rejects.toThrow(/not a vault record name/);
    await expect(store.write('Device', new Uint8Array(1))).rejects.toThrow(/not a vault record name/);
  });

  it('runs every vault call under one exclusive Web Lock per database, so tabs take turns', async () => {
    const indexedDB = new IDBFactory();
    const request = vi.fn((_name: string, _options: LockOptions, callback: () => Promise<unknown>) => callback());
    const host = createBrowserHost(options(indexedDB, { dbName: 'db-1', locks: { request } as unknown as LockManager }));
    await host.vaultCreate();
    await host.operatorAdd(LEAD);
    await host.vaultStatus();
    await host.lock();
    expect(request).toHaveBeenCalledTimes(4);
    for (const [name, lockOptions] of request.mock.calls) expect([name, lockOptions]).toEqual(['aidtrail-vault:db-1', { mode: 'exclusive' }]);
    await host.getInfo();
    expect(request).toHaveBeenCalledTimes(4);
  });

  it('answers getInfo as the browser', async () => {
    await expect(createBrowserHost(options(new IDBFactory())).getInfo()).resolves.toEqual({ ok: true, value: BROWSER_HOST_INFO });
  });
});
