/**
 * Turns a `VaultApi` (shared/vault/vault.ts `Vault`) into a whole `HostApi`
 * for the hosts without Electron, with the same boundary the Electron main
 * process keeps (electron/main/ipc.ts): every argument is parsed with the
 * shared schemas (`invalid-args`) before the vault sees it, and a throw
 * becomes an `internal` answer, so callers get a `Result` for every outcome
 * in every host.
 *
 * `allowAddress` is not the vault's: these hosts run the browser build,
 * whose CSP already lets the page reach any http(s) and ws(s) origin, so
 * after the same argument check they answer that nothing changed.
 */
import type { AppInfo, HostApi, IpcArgs } from '../../../shared/ipc';
import { parseAllowAddressArgs } from '../../../shared/network';
import { err, ok, type Err } from '../../../shared/result';
import { parseVaultArgs, type VaultApi, type VaultChannel } from '../../../shared/vault';

export type VaultHostOptions = {
  readonly appInfo: AppInfo;
  readonly logError?: (message: string, cause: unknown) => void;
};

export function hostFromVault(vault: VaultApi, options: VaultHostOptions): HostApi {
  /** Parses the raw arguments of one call, then runs it; a throw is logged and answered `internal`. */
  const through = async <C extends VaultChannel, T>(
    channel: C,
    raw: readonly unknown[],
    run: (args: IpcArgs<C>) => Promise<T>,
  ): Promise<T | Err<'invalid-args' | 'internal'>> => {
    const args = parseVaultArgs(channel, raw);
    if (!args.ok) return args;
    try {
      return await run(args.value);
    } catch (cause) {
      options.logError?.(`host ${channel} failed`, cause);
      return err('internal', `${channel} failed; see the console`);
    }
  };

  return {
    getInfo: () => Promise.resolve({ ok: true, value: options.appInfo }),
    vaultStatus: (...raw) => through('vault:status', raw, () => vault.vaultStatus()),
    vaultCreate: (...raw) => through('vault:create', raw, () => vault.vaultCreate()),
    unlock: (...raw) => through('vault:unlock', raw, ([request]) => vault.unlock(request)),
    lock: (...raw) => through('vault:lock', raw, () => vault.lock()),
    approve: (...raw) => through('vault:approve', raw, ([request]) => vault.approve(request)),
    operatorAdd: (...raw) => through('vault:operator-add', raw, ([request]) => vault.operatorAdd(request)),
    operatorUpdate: (...raw) => through('vault:operator-update', raw, ([request]) => vault.operatorUpdate(request)),
    operatorReset: (...raw) => through('vault:operator-reset', raw, ([request]) => vault.operatorReset(request)),
    operatorProfile: (...raw) => through('vault:operator-profile', raw, ([request]) => vault.operatorProfile(request)),
    operatorImport: (...raw) => through('vault:operator-import', raw, ([entries]) => vault.operatorImport(entries)),
    signEvents: (...raw) => through('vault:sign-events', raw, ([entries, after]) => vault.signEvents(entries, after)),
    signedBatch: (...raw) => through('vault:signed-batch', raw, ([request]) => vault.signedBatch(request)),
    signBatch: (...raw) => through('vault:sign-batch', raw, ([header]) => vault.signBatch(header)),
    issueCredential: (...raw) => through('vault:issue-credential', raw, ([request]) => vault.issueCredential(request)),
    seal: (...raw) => through('vault:seal', raw, ([request]) => vault.seal(request)),
    sealMany: (...raw) => through('vault:seal-many', raw, ([requests]) => vault.sealMany(requests)),
    open: (...raw) => through('vault:open', raw, ([blob, context]) => vault.open(blob, context)),
    openMany: (...raw) => through('vault:open-many', raw, ([requests]) => vault.openMany(requests)),
    siteKeyCreate: (...raw) => through('vault:site-key-create', raw, () => vault.siteKeyCreate()),
    siteKeyWrap: (...raw) => through('vault:site-key-wrap', raw, ([request]) => vault.siteKeyWrap(request)),
    siteKeyAccept: (...raw) => through('vault:site-key-accept', raw, ([wrapped]) => vault.siteKeyAccept(wrapped)),
    siteKeys: (...raw) => through('vault:site-keys', raw, () => vault.siteKeys()),
    allowAddress: (...raw) => {
      const args = parseAllowAddressArgs(raw);
      return Promise.resolve(args.ok ? ok({ added: false, reload: false }) : args);
    },
  };
}
