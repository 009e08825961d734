import { describe, expect, it, vi } from 'vitest';
import { hostFromVault } from './vault-host';
import { VaultUnavailableError, type VaultRecordStore } from './webcrypto-records';
import { webCryptoVault } from './webcrypto-vault';

const appInfo = { name: 'aidtrail', version: '1', platform: 'test' };

describe('hostFromVault', () => {
  it('turns a throwing store into an internal error, logged, without its detail', async () => {
    const logError = vi.fn();
    const store: VaultRecordStore = {
      load: () => Promise.reject(new Error('secret detail')),
      addIfAbsent: () => Promise.reject(new Error('secret detail')),
      siteKeyIds: () => Promise.reject(new Error('secret detail')),
    };
    const host = hostFromVault(webCryptoVault(store), { appInfo, logError });
    const result = await host.vaultStatus();
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(logError).toHaveBeenCalledOnce();
  });

  it('answers vault-unavailable when the store cannot work here, and creates nothing', async () => {
    const addIfAbsent = vi.fn(() => Promise.reject(new VaultUnavailableError('IndexedDB is not available')));
    const store: VaultRecordStore = {
      load: () => Promise.reject(new VaultUnavailableError('IndexedDB is not available')),
      addIfAbsent,
      siteKeyIds: () => Promise.reject(new VaultUnavailableError('IndexedDB is not available')),
    };
    const host = hostFromVault(webCryptoVault(store), { appInfo });
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    await expect(host.sign({ key: 'device', bytes: new Uint8Array(1) })).resolves.toMatchObject({
      ok: false,
      code: 'vault-unavailable',
    });
    await expect(host.siteKeys()).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    expect(addIfAbsent).not.toHaveBeenCalled();
  });

  it('answers getInfo with the given app info', async () => {
    const store: VaultRecordStore = {
      load: () => Promise.resolve(undefined),
      addIfAbsent: (_name, record) => Promise.resolve(record),
      siteKeyIds: () => Promise.resolve([]),
    };
    await expect(hostFromVault(webCryptoVault(store), { appInfo }).getInfo()).resolves.toEqual({ ok: true, value: appInfo });
  });
});
