import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { ipcChannels, type SealedBlob } from '../../shared/ipc';
import { ok } from '../../shared/result';
import { MAX_SEAL_CONTEXT_LENGTH, MAX_SEAL_PLAINTEXT_BYTES, MAX_SIGN_BYTES, type VaultApi, type VaultChannel } from '../../shared/vault';
import type { WrappedSiteKey } from '../../shared/vault-wrap';
import { dispatch, registerIpcHandlers, type DispatchOptions } from './ipc';

const APP = 'file:///app/out/renderer/index.html';
const info = { name: 'aidtrail', version: '0.1.0', platform: 'linux' };
const DEVICE = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const BLOB: SealedBlob = { alg: 'A256GCM', kid: 'dk-0011223344556677', iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(22) };
const KID = 'sk-0011223344556677';
/** The X25519 base point: a well-formed recipient key. */
const TO = 'CQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const WRAPPED: WrappedSiteKey = { kid: KID, epk: TO, iv: 'A'.repeat(16), ct: 'A'.repeat(64) };

/** A vault that answers fixed values and records what reached it. */
function stubVault() {
  return {
    vaultStatus: vi.fn<VaultApi['vaultStatus']>(() => Promise.resolve(ok({ device: null, issuer: null, agreement: null }))),
    vaultCreate: vi.fn<VaultApi['vaultCreate']>(() => Promise.resolve(ok({ device: DEVICE, issuer: DEVICE, agreement: TO }))),
    sign: vi.fn<VaultApi['sign']>(() => Promise.resolve(ok(new Uint8Array(64)))),
    seal: vi.fn<VaultApi['seal']>(() => Promise.resolve(ok(BLOB))),
    open: vi.fn<VaultApi['open']>(() => Promise.resolve(ok(new Uint8Array(3)))),
    siteKeyCreate: vi.fn<VaultApi['siteKeyCreate']>(() => Promise.resolve(ok({ kid: KID }))),
    siteKeyWrap: vi.fn<VaultApi['siteKeyWrap']>(() => Promise.resolve(ok(WRAPPED))),
    siteKeyAccept: vi.fn<VaultApi['siteKeyAccept']>(() => Promise.resolve(ok({ kid: KID }))),
    siteKeys: vi.fn<VaultApi['siteKeys']>(() => Promise.resolve(ok([KID]))),
  } satisfies VaultApi;
}

const options: DispatchOptions = { appEntry: APP, deps: { appInfo: () => info, vault: stubVault() } };

describe('dispatch', () => {
  it('answers app:get-info with an ok envelope', async () => {
    await expect(dispatch('app:get-info', APP, [], options)).resolves.toEqual({ ok: true, value: info });
  });

  it('refuses arguments the schema does not allow', async () => {
    const result = await dispatch('app:get-info', APP, ['unexpected'], options);
    expect(result).toMatchObject({ ok: false, code: 'invalid-args' });
  });

  it.each([undefined, 'https://evil.example/', 'file:///tmp/other.html', 'about:blank'])(
    'refuses a caller that is not the app: %s',
    async (sender) => {
      const result = await dispatch('app:get-info', sender, [], options);
      expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    },
  );

  it('turns a throwing handler into an internal error, logged, with no stack in the answer', async () => {
    const logError = vi.fn();
    const failing: DispatchOptions = {
      appEntry: APP,
      logError,
      deps: {
        appInfo: () => {
          throw new Error('secret detail');
        },
        vault: stubVault(),
      },
    };
    const result = await dispatch('app:get-info', APP, [], failing);
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(logError).toHaveBeenCalledOnce();
  });
});

describe('dispatch of the vault channels', () => {
  const withVault = () => {
    const vault = stubVault();
    return { vault, options: { appEntry: APP, deps: { appInfo: () => info, vault } } satisfies DispatchOptions };
  };

  it('passes parsed arguments to the vault and its answer back', async () => {
    const { vault, options } = withVault();
    const bytes = new Uint8Array(MAX_SIGN_BYTES);
    await expect(dispatch('vault:sign', APP, [{ key: 'issuer', bytes }], options)).resolves.toEqual(ok(new Uint8Array(64)));
    expect(vault.sign).toHaveBeenCalledWith({ key: 'issuer', bytes });
    const plaintext = new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES);
    await expect(dispatch('vault:seal', APP, [{ plaintext }], options)).resolves.toEqual(ok(BLOB));
    await expect(dispatch('vault:open', APP, [BLOB], options)).resolves.toEqual(ok(new Uint8Array(3)));
    expect(vault.open).toHaveBeenCalledWith(BLOB, undefined);
    await expect(dispatch('vault:status', APP, [], options)).resolves.toEqual(ok({ device: null, issuer: null, agreement: null }));
    await expect(dispatch('vault:create', APP, [], options)).resolves.toEqual(ok({ device: DEVICE, issuer: DEVICE, agreement: TO }));
  });

  it('passes site-key calls and seal/open contexts to the vault as parsed', async () => {
    const { vault, options } = withVault();
    const plaintext = new Uint8Array(3);
    const context = 'x'.repeat(MAX_SEAL_CONTEXT_LENGTH);
    await expect(dispatch('vault:seal', APP, [{ plaintext, kid: KID, context }], options)).resolves.toEqual(ok(BLOB));
    expect(vault.seal).toHaveBeenCalledWith({ plaintext, kid: KID, context });
    await dispatch('vault:open', APP, [{ ...BLOB, kid: KID }, 'HH-1'], options);
    expect(vault.open).toHaveBeenCalledWith({ ...BLOB, kid: KID }, 'HH-1');
    await expect(dispatch('vault:site-key-create', APP, [], options)).resolves.toEqual(ok({ kid: KID }));
    await expect(dispatch('vault:site-key-wrap', APP, [{ kid: KID, to: TO }], options)).resolves.toEqual(ok(WRAPPED));
    expect(vault.siteKeyWrap).toHaveBeenCalledWith({ kid: KID, to: TO });
    await expect(dispatch('vault:site-key-accept', APP, [WRAPPED], options)).resolves.toEqual(ok({ kid: KID }));
    expect(vault.siteKeyAccept).toHaveBeenCalledWith(WRAPPED);
    await expect(dispatch('vault:site-keys', APP, [], options)).resolves.toEqual(ok([KID]));
  });

  it.each<[string, VaultChannel, unknown[]]>([
    ['a message over 256 KiB', 'vault:sign', [{ key: 'device', bytes: new Uint8Array(MAX_SIGN_BYTES + 1) }]],
    ['an unknown key name', 'vault:sign', [{ key: 'hq', bytes: new Uint8Array(1) }]],
    ['bytes as a plain array', 'vault:sign', [{ key: 'device', bytes: [1, 2, 3] }]],
    ['bytes as an ArrayBuffer', 'vault:sign', [{ key: 'device', bytes: new ArrayBuffer(4) }]],
    ['an extra field', 'vault:sign', [{ key: 'device', bytes: new Uint8Array(1), hash: 'sha512' }]],
    ['no argument', 'vault:sign', []],
    ['a plaintext over the seal limit', 'vault:seal', [{ plaintext: new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES + 1) }]],
    ['a 16-byte iv', 'vault:open', [{ ...BLOB, iv: 'A'.repeat(22) }]],
    ['another algorithm', 'vault:open', [{ ...BLOB, alg: 'A128GCM' }]],
    ['a padded ciphertext', 'vault:open', [{ ...BLOB, ct: `${'A'.repeat(22)}==` }]],
    ['an argument to create', 'vault:create', [{ replace: true }]],
    ['a data-key kid to seal with', 'vault:seal', [{ plaintext: new Uint8Array(1), kid: BLOB.kid }]],
    ['a seal context over 128 characters', 'vault:seal', [{ plaintext: new Uint8Array(1), context: 'x'.repeat(MAX_SEAL_CONTEXT_LENGTH + 1) }]],
    ['an open context over 128 characters', 'vault:open', [BLOB, 'x'.repeat(MAX_SEAL_CONTEXT_LENGTH + 1)]],
    ['an open context that is not a string', 'vault:open', [BLOB, { household: 'HH-1' }]],
    ['an argument to site-key-create', 'vault:site-key-create', [KID]],
    ['an argument to site-keys', 'vault:site-keys', [{}]],
    ['a kid not matching sk- and 16 hex digits', 'vault:site-key-wrap', [{ kid: 'sk-001122334455667', to: TO }]],
    ['a kid with upper-case hex', 'vault:site-key-wrap', [{ kid: KID.toUpperCase(), to: TO }]],
    ['a recipient one character short', 'vault:site-key-wrap', [{ kid: KID, to: TO.slice(1) }]],
    ['an oversized recipient', 'vault:site-key-wrap', [{ kid: KID, to: 'A'.repeat(1_000_000) }]],
    ['a garbage recipient', 'vault:site-key-wrap', [{ kid: KID, to: `${'!'.repeat(42)}A` }]],
    ['a recipient with non-zero padding bits', 'vault:site-key-wrap', [{ kid: KID, to: `${TO.slice(0, 42)}B` }]],
    ['a recipient as bytes', 'vault:site-key-wrap', [{ kid: KID, to: new Uint8Array(32) }]],
    ['an extra field to wrap', 'vault:site-key-wrap', [{ kid: KID, to: TO, escrow: true }]],
    ['an extra field to accept', 'vault:site-key-accept', [{ ...WRAPPED, to: TO }]],
    ['a wrapped key with a bad kid', 'vault:site-key-accept', [{ ...WRAPPED, kid: 'dk-0011223344556677' }]],
    ['a wrapped key with a short ciphertext', 'vault:site-key-accept', [{ ...WRAPPED, ct: 'A'.repeat(63) }]],
    ['a wrapped key as a string', 'vault:site-key-accept', [JSON.stringify(WRAPPED)]],
  ])('refuses %s before the vault sees it', async (_what, channel, args) => {
    const { vault, options } = withVault();
    await expect(dispatch(channel, APP, args, options)).resolves.toMatchObject({ ok: false, code: 'invalid-args' });
    for (const method of Object.values(vault)) expect(method).not.toHaveBeenCalled();
  });

  it('turns a throwing vault into an internal error', async () => {
    const { vault, options } = withVault();
    vault.sign.mockRejectedValueOnce(new Error('disk on fire'));
    const result = await dispatch('vault:sign', APP, [{ key: 'device', bytes: new Uint8Array(1) }], options);
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('disk on fire');
  });
});

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract and passes the sender frame URL', async () => {
    const registered = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipcMain = {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
        registered.set(channel, listener);
      },
    } as unknown as IpcMain;
    registerIpcHandlers(ipcMain, options);
    expect([...registered.keys()].sort()).toEqual([...ipcChannels].sort());
    const handler = registered.get('app:get-info');
    await expect(handler?.({ senderFrame: { url: APP } })).resolves.toEqual({ ok: true, value: info });
    await expect(handler?.({ senderFrame: null })).resolves.toMatchObject({ ok: false, code: 'forbidden' });
  });
});
