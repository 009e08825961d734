/**
 * Turns a `VaultApi` into a whole `HostApi` for the hosts without Electron,
 * with the same boundary the Electron main process keeps (electron/main/ipc.ts):
 * every argument is parsed with the shared schemas (`invalid-args`), and a
 * throw becomes an `internal` answer, so callers get a `Result` for every
 * outcome in every host.
 */
import type { AppInfo, HostApi } from '../../../shared/ipc';
import { err, type Err } from '../../../shared/result';
import { parseVaultArgs, type VaultApi, type VaultChannel } from '../../../shared/vault';

export type VaultHostOptions = {
  readonly appInfo: AppInfo;
  readonly logError?: (message: string, cause: unknown) => void;
};

export function hostFromVault(vault: VaultApi, options: VaultHostOptions): HostApi {
  const guarded = async <T>(channel: VaultChannel, run: () => Promise<T>): Promise<T | Err<'internal'>> => {
    try {
      return await run();
    } catch (cause) {
      options.logError?.(`host ${channel} failed`, cause);
      return err('internal', `${channel} failed; see the console`);
    }
  };

  return {
    getInfo: () => Promise.resolve({ ok: true, value: options.appInfo }),

    vaultStatus: (...raw) => {
      const args = parseVaultArgs('vault:status', raw);
      return args.ok ? guarded('vault:status', () => vault.vaultStatus()) : Promise.resolve(args);
    },
    vaultCreate: (...raw) => {
      const args = parseVaultArgs('vault:create', raw);
      return args.ok ? guarded('vault:create', () => vault.vaultCreate()) : Promise.resolve(args);
    },
    sign: (...raw) => {
      const args = parseVaultArgs('vault:sign', raw);
      return args.ok ? guarded('vault:sign', () => vault.sign(...args.value)) : Promise.resolve(args);
    },
    seal: (...raw) => {
      const args = parseVaultArgs('vault:seal', raw);
      return args.ok ? guarded('vault:seal', () => vault.seal(...args.value)) : Promise.resolve(args);
    },
    open: (...raw) => {
      const args = parseVaultArgs('vault:open', raw);
      return args.ok ? guarded('vault:open', () => vault.open(...args.value)) : Promise.resolve(args);
    },
    siteKeyCreate: (...raw) => {
      const args = parseVaultArgs('vault:site-key-create', raw);
      return args.ok ? guarded('vault:site-key-create', () => vault.siteKeyCreate()) : Promise.resolve(args);
    },
    siteKeyWrap: (...raw) => {
      const args = parseVaultArgs('vault:site-key-wrap', raw);
      return args.ok ? guarded('vault:site-key-wrap', () => vault.siteKeyWrap(...args.value)) : Promise.resolve(args);
    },
    siteKeyAccept: (...raw) => {
      const args = parseVaultArgs('vault:site-key-accept', raw);
      return args.ok ? guarded('vault:site-key-accept', () => vault.siteKeyAccept(...args.value)) : Promise.resolve(args);
    },
    siteKeys: (...raw) => {
      const args = parseVaultArgs('vault:site-keys', raw);
      return args.ok ? guarded('vault:site-keys', () => vault.siteKeys()) : Promise.resolve(args);
    },
  };
}
