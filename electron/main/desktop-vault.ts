/**
 * The desktop app's key vault, wired (issue 13: "a lost, shared or
 * unattended laptop gives away nothing"): the one `Vault`
 * (shared/vault/vault.ts) over safeStorage-protected record files
 * (`./vault-store.ts`), taking over the keys of the vault from before issue
 * 13 on its first `vault:create` (`./legacy-vault.ts`), and locked
 *
 * - after ten minutes without a successful operation (the vault checks on
 *   every call; a timer here also zeroes the keys of an idle session),
 * - when the OS locks the screen or the laptop suspends (`powerMonitor`),
 * - when the last window closes (macOS keeps the app running).
 *
 * Electron objects are passed in, so vitest drives this with stand-ins.
 */
import type { VaultKeys, VaultErrorCode } from '../../shared/ipc';
import type { Result } from '../../shared/result';
import type { KdfCost } from '../../shared/vault/crypto';
import { Vault, type AdoptedKeys, type VaultOptions } from '../../shared/vault/vault';
import { legacyVault, type LegacyVault } from './legacy-vault';
import { nodeAes } from './node-aes';
import { nodeSigning } from './node-signing';
import type { SafeStorageLike } from './safe-storage';
import { safeStorageVaultStore, vaultDirectory } from './vault-store';

/** How often the idle lock is checked besides on every call. */
export const IDLE_CHECK_MS = 30_000;

type Emitter = { on(event: string, listener: () => void): unknown };

export type DesktopVaultOptions = {
  /** `app.getPath('userData')`: the vault's records go to `vault/` in it; the old vault's files sit in it. */
  readonly userData: string;
  readonly safeStorage: SafeStorageLike;
  readonly platform: NodeJS.Platform;
  /** Accept Linux's `basic_text` safeStorage backend (no protection at rest): throw-away demo machines only. */
  readonly allowPlainTextBackend?: boolean;
  /** Electron's `powerMonitor`: 'lock-screen' and 'suspend' lock the vault. */
  readonly powerMonitor: Emitter;
  /** Electron's `app`: 'window-all-closed' locks the vault. */
  readonly app: Emitter;
  readonly log: (message: string, cause?: unknown) => void;
  /** Tests: the clock, cheap Argon2id. */
  readonly now?: () => Date;
  readonly kdf?: KdfCost;
};

/**
 * The vault, which also retires the old vault's files once their keys are its
 * own, and zeroes the copies of the old keys it was handed (the vault keeps
 * its own).
 */
class RetiringVault extends Vault {
  readonly #retire: () => Promise<void>;
  readonly #handedOver: AdoptedKeys[];

  constructor(options: VaultOptions, retire: () => Promise<void>, handedOver: AdoptedKeys[]) {
    super(options);
    this.#retire = retire;
    this.#handedOver = handedOver;
  }

  override async vaultCreate(): Promise<Result<VaultKeys, VaultErrorCode | 'invalid-args'>> {
    try {
      const created = await super.vaultCreate();
      if (created.ok) await this.#retire();
      return created;
    } finally {
      for (const keys of this.#handedOver.splice(0)) {
        for (const bytes of [keys.device, keys.issuer, keys.dataKey.key, keys.agreement, ...keys.siteKeys.map((k) => k.key)]) bytes?.fill(0);
      }
    }
  }
}

export type StartedVault = { readonly vault: Vault; readonly stop: () => void };

export function startDesktopVault(options: DesktopVaultOptions): StartedVault {
  const { safeStorage, platform, userData, log } = options;
  const deviceLayer = { safeStorage, platform, ...(options.allowPlainTextBackend !== undefined && { allowPlainTextBackend: options.allowPlainTextBackend }) };
  const store = safeStorageVaultStore({ ...deviceLayer, dir: vaultDirectory(userData), log });
  const legacy: LegacyVault = legacyVault({ ...deviceLayer, userData });
  const retire = async (): Promise<void> => {
    try {
      if (await legacy.retireIfAdopted(store)) log('key vault: the keys of the old vault are in the new one; its files were deleted');
    } catch (cause) {
      // The old files stay; the next start tries again.
      log('key vault: deleting the old vault files failed', cause);
    }
  };
  const handedOver: AdoptedKeys[] = [];
  const adopt: LegacyVault['adopt'] = async () => {
    const read = await legacy.adopt();
    if (read.ok && read.value) handedOver.push(read.value);
    return read;
  };
  const vault = new RetiringVault(
    {
      store,
      adopt,
      log: (message) => log(message),
      nativeSigning: nodeSigning,
      nativeAes: nodeAes,
      ...(options.now && { now: options.now }),
      ...(options.kdf && { kdf: options.kdf }),
    },
    retire,
    handedOver,
  );
  const lock = (): void => void vault.lock();
  options.powerMonitor.on('lock-screen', lock);
  options.powerMonitor.on('suspend', lock);
  options.app.on('window-all-closed', lock);
  const timer = setInterval(() => vault.lockIfIdle(), IDLE_CHECK_MS);
  timer.unref();
  // A vault adopted on an earlier start whose old files could not be deleted then.
  void retire();
  return { vault, stop: () => clearInterval(timer) };
}
