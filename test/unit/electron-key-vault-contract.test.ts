/**
 * The HostApi contract (renderer/src/host/host-contract.ts) against the
 * Electron key vault as the renderer reaches it: through the IPC dispatcher
 * (sender check, zod schemas) into the vault electron/main/index.ts starts
 * (`startDesktopVault`: the one `Vault` over safeStorage-encrypted record
 * files under userData), with an in-memory stand-in for safeStorage and a
 * temporary userData directory. Only the Electron transport itself
 * (structured clone over IPC and contextBridge) is left out.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { ConnectPolicy } from '../../electron/main/connect-policy';
import { startDesktopVault } from '../../electron/main/desktop-vault';
import { fakeSafeStorage } from '../../electron/main/fake-safe-storage';
import { dispatch, type DispatchOptions } from '../../electron/main/ipc';
import { hostApiChannels, type HostApi, type HostApiMethod } from '../../shared/ipc';
import { SMALL_KDF } from '../../shared/vault/test-support';
import type { Vault } from '../../shared/vault/vault';
import { describeHostContract } from '../../renderer/src/host/host-contract';

const APP = 'app://aidtrail/index.html';

/** A HostApi whose calls go through `dispatch`, as the preload's go through ipcRenderer.invoke. */
function hostOverDispatch(vault: Vault, userData: string): HostApi {
  const network = new ConnectPolicy({ userData, mode: 'production', sources: {}, log: () => undefined });
  const options: DispatchOptions = {
    appEntry: APP,
    deps: { appInfo: () => ({ name: 'aidtrail', version: '0.1.0', platform: process.platform }), vault, network },
    logError: (message, cause) => console.error(message, cause),
  };
  const methods = Object.keys(hostApiChannels) as HostApiMethod[];
  return Object.fromEntries(
    methods.map((method) => [method, (...args: unknown[]) => dispatch(hostApiChannels[method], APP, args, options)]),
  ) as unknown as HostApi;
}

describeHostContract(
  'Electron vault (dispatch → Vault over safeStorage record files, stand-in safeStorage, temp userData)',
  async () => {
    const userData = await mkdtemp(join(tmpdir(), 'aidtrail-userdata-'));
    // One keyring per "machine": every instance of this fixture shares it, like restarts of one app.
    const safeStorage = fakeSafeStorage();
    const stops: (() => void)[] = [];
    return {
      open: (options) => {
        const desktop = startDesktopVault({
          userData,
          safeStorage,
          platform: 'linux',
          powerMonitor: new EventEmitter(),
          app: new EventEmitter(),
          log: () => undefined,
          kdf: SMALL_KDF,
          ...(options?.now && { now: options.now }),
        });
        stops.push(desktop.stop);
        return hostOverDispatch(desktop.vault, userData);
      },
      dispose: async () => {
        for (const stop of stops) stop();
        await rm(userData, { recursive: true, force: true });
      },
    };
  },
  { describe, it },
);
