/**
 * The browser host under Node with fake-indexeddb: the contract, and the
 * IndexedDB layout. The real thing (Chromium's IndexedDB and WebCrypto) is
 * test/e2e/browser-host.spec.ts.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { BROWSER_HOST_INFO, createBrowserHost, VAULT_DB_NAME, VAULT_RECORD_KEY, VAULT_STORE } from './browser-host';
import { describeHostContract } from './host-contract';

describeHostContract(
  'browser host (fake-indexeddb)',
  () => {
    const indexedDB = new IDBFactory();
    return { open: () => createBrowserHost({ indexedDB }) };
  },
  { describe, it },
);

const read = (factory: IDBFactory, name: string, key = VAULT_RECORD_KEY): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const request = factory.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const get = request.result.transaction(VAULT_STORE).objectStore(VAULT_STORE).get(key);
      get.onsuccess = () => {
        request.result.close();
        resolve(get.result);
      };
      get.onerror = () => reject(get.error);
    };
  });

describe('browser host', () => {
  it(`keeps non-extractable CryptoKeys in the "${VAULT_DB_NAME}" database`, async () => {
    const indexedDB = new IDBFactory();
    const host = createBrowserHost({ indexedDB });
    const keys = await host.vaultCreate();
    expect(keys.ok).toBe(true);
    const record = (await read(indexedDB, VAULT_DB_NAME)) as {
      device: { did: string; privateKey: CryptoKey };
      issuer: { did: string; privateKey: CryptoKey };
      data: { kid: string; key: CryptoKey };
    };
    expect(keys.ok && record.device.did === keys.value.device && record.issuer.did === keys.value.issuer).toBe(true);
    for (const key of [record.device.privateKey, record.issuer.privateKey]) {
      expect(key).toBeInstanceOf(CryptoKey);
      expect(key.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('pkcs8', key)).rejects.toThrow();
    }
    expect(record.data.key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', record.data.key)).rejects.toThrow();
  });

  it('keeps the agreement key non-extractable and each site key, extractable for wrapping, in a record of its own', async () => {
    const indexedDB = new IDBFactory();
    const host = createBrowserHost({ indexedDB });
    const keys = await host.vaultCreate();
    const created = await host.siteKeyCreate();
    if (!keys.ok || !created.ok) throw new Error('create failed');
    const agreement = (await read(indexedDB, VAULT_DB_NAME, 'agreement')) as { agreement: string; privateKey: CryptoKey };
    expect(agreement.agreement).toBe(keys.value.agreement);
    expect(agreement.privateKey).toMatchObject({ type: 'private', extractable: false, usages: ['deriveBits'] });
    expect(agreement.privateKey.algorithm.name).toBe('X25519');
    await expect(crypto.subtle.exportKey('pkcs8', agreement.privateKey)).rejects.toThrow();
    const site = (await read(indexedDB, VAULT_DB_NAME, created.value.kid)) as { kid: string; key: CryptoKey };
    expect(site.kid).toBe(created.value.kid);
    expect(site.key).toMatchObject({ type: 'secret', extractable: true, algorithm: { name: 'AES-GCM', length: 256 } });
  });

  it('answers getInfo as the browser', async () => {
    await expect(createBrowserHost({ indexedDB: new IDBFactory() }).getInfo()).resolves.toEqual({
      ok: true,
      value: BROWSER_HOST_INFO,
    });
  });
});
