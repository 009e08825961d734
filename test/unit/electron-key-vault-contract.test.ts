/**
 * The HostApi contract (renderer/src/host/host-contract.ts) against the
 * Electron key vault as the renderer reaches it: through the IPC dispatcher
 * (sender check, zod schemas) into `KeyVault`, with an in-memory stand-in for
 * safeStorage and a temporary userData directory. Only the Electron transport
 * itself (structured clone over IPC and contextBridge) is left out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { dispatch, type DispatchOptions } from '../../electron/main/ipc';
import { fakeSafeStorage } from '../../electron/main/fake-safe-storage';
import { KeyVault, keyVaultPath, safeStorageSecretStore } from '../../electron/main/key-vault';
import type { HostApi } from '../../shared/ipc';
import { describeHostContract } from '../../renderer/src/host/host-contract';

const APP = 'file:///app/out/renderer/index.html';

/** A HostApi whose calls go through `dispatch`, as the preload's go through ipcRenderer.invoke. */
function hostOverDispatch(vault: KeyVault): HostApi {
  const options: DispatchOptions = {
    appEntry: APP,
    deps: { appInfo: () => ({ name: 'aidtrail', version: '0.1.0', platform: process.platform }), vault },
    logError: (message, cause) => console.error(message, cause),
  };
  return {
    getInfo: () => dispatch('app:get-info', APP, [], options),
    vaultStatus: (...args) => dispatch('vault:status', APP, args, options),
    vaultCreate: (...args) => dispatch('vault:create', APP, args, options),
    sign: (...args) => dispatch('vault:sign', APP, args, options),
    seal: (...args) => dispatch('vault:seal', APP, args, options),
    open: (...args) => dispatch('vault:open', APP, args, options),
    siteKeyCreate: (...args) => dispatch('vault:site-key-create', APP, args, options),
    siteKeyWrap: (...args) => dispatch('vault:site-key-wrap', APP, args, options),
    siteKeyAccept: (...args) => dispatch('vault:site-key-accept', APP, args, options),
    siteKeys: (...args) => dispatch('vault:site-keys', APP, args, options),
  };
}

describeHostContract(
  'Electron key vault (dispatch → KeyVault, stand-in safeStorage, temp userData)',
  async () => {
    const userData = await mkdtemp(join(tmpdir(), 'aidtrail-userdata-'));
    // One keyring per "machine": every instance of this fixture shares it, like restarts of one app.
    const safeStorage = fakeSafeStorage();
    return {
      open: () =>
        hostOverDispatch(
          new KeyVault(safeStorageSecretStore({ safeStorage, path: keyVaultPath(userData), platform: 'linux' })),
        ),
      dispose: () => rm(userData, { recursive: true, force: true }),
    };
  },
  { describe, it },
);
