import { describe, expect, it, vi } from 'vitest';
import { hostApiChannels, type HostApiMethod } from '../../../shared/ipc';
import { err, ok } from '../../../shared/result';
import type { VaultApi } from '../../../shared/vault';
import type { VaultStore } from '../../../shared/vault/store';
import { Vault } from '../../../shared/vault/vault';
import { gatedCalls, LEAD, loose } from './host-contract-support';
import { MEMORY_HOST_KDF } from './memory-host';
import { hostFromVault } from './vault-host';

const appInfo = { name: 'aidtrail', version: '1', platform: 'test' };
const vaultMethods = (Object.keys(hostApiChannels) as HostApiMethod[]).filter((m) => m !== 'getInfo' && m !== 'allowAddress');

/** A vault whose every method answers ok(method name) and records its arguments. */
function stubVault(): VaultApi & Record<string, ReturnType<typeof vi.fn>> {
  return Object.fromEntries(vaultMethods.map((m) => [m, vi.fn(() => Promise.resolve(ok(m)))])) as never;
}

describe('hostFromVault', () => {
  it('maps every HostApi method to the vault method of the same name, with the parsed arguments', async () => {
    const vault = stubVault();
    const host = loose(hostFromVault(vault, { appInfo }));
    const calls = new Map<string, readonly unknown[]>([
      ...gatedCalls(),
      ['vaultStatus', []],
      ['vaultCreate', []],
      ['unlock', [{ operator: 'op-abcdef-1', secret: LEAD.secret }]],
      ['lock', []],
    ]);
    expect([...calls.keys()].sort()).toEqual([...vaultMethods].sort());
    for (const [method, args] of calls) {
      await expect(host[method]!(...args)).resolves.toEqual(ok(method));
      expect(vault[method]).toHaveBeenCalledOnce();
    }
    // Parsed, not passed through: the name is trimmed by the schema.
    await host['operatorAdd']!({ ...LEAD, name: '  Amina Lead ' });
    expect(vault['operatorAdd']).toHaveBeenLastCalledWith({ ...LEAD, name: 'Amina Lead' });
  });

  it('refuses malformed arguments with invalid-args before the vault sees them', async () => {
    const vault = stubVault();
    const host = loose(hostFromVault(vault, { appInfo }));
    for (const method of vaultMethods) {
      await expect(host[method]!({ hostile: true }, 'extra', 'arguments')).resolves.toMatchObject({ ok: false, code: 'invalid-args' });
    }
    for (const method of vaultMethods) expect(vault[method]).not.toHaveBeenCalled();
  });

  it('turns a throwing vault into an internal error, logged, without its detail', async () => {
    const logError = vi.fn();
    const store: VaultStore = { read: () => Promise.reject(new Error('secret detail')), write: () => Promise.reject(new Error('secret detail')) };
    const host = hostFromVault(new Vault({ store, kdf: MEMORY_HOST_KDF }), { appInfo, logError });
    const result = await host.vaultStatus();
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(logError).toHaveBeenCalledOnce();
  });

  it('answers vault-unavailable when the store cannot work here, and creates nothing', async () => {
    const write = vi.fn(() => Promise.resolve(err('vault-unavailable', 'IndexedDB is not available')));
    const store: VaultStore = { read: () => Promise.resolve(err('vault-unavailable', 'IndexedDB is not available')), write };
    const host = hostFromVault(new Vault({ store, kdf: MEMORY_HOST_KDF }), { appInfo });
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    await expect(host.seal({ plaintext: new Uint8Array(1) })).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    expect(write).not.toHaveBeenCalled();
  });

  it('answers allowAddress, after the argument check, with nothing to change: the browser CSP allows every endpoint', async () => {
    const vault = stubVault();
    const host = hostFromVault(vault, { appInfo });
    await expect(host.allowAddress({ url: 'ws://10.0.0.5:4444', kind: 'lan' })).resolves.toEqual(ok({ added: false, reload: false }));
    await expect(host.allowAddress({ url: 'https://hq.example.org', kind: 'hq' })).resolves.toEqual(ok({ added: false, reload: false }));
    for (const args of [[], [{ url: 'ws://10.0.0.5:4444' }], [{ url: 'ws://x', kind: 'any' }], [{ url: 'x'.repeat(201), kind: 'lan' }], [{ url: 'ws://x', kind: 'lan', extra: 1 }], ['ws://x']]) {
      await expect(loose(host)['allowAddress']!(...args)).resolves.toMatchObject({ ok: false, code: 'invalid-args' });
    }
    for (const method of vaultMethods) expect(vault[method]).not.toHaveBeenCalled();
  });

  it('answers getInfo with the given app info', async () => {
    await expect(hostFromVault(stubVault(), { appInfo }).getInfo()).resolves.toEqual({ ok: true, value: appInfo });
  });
});
