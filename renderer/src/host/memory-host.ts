/**
 * An in-memory `HostApi` for unit tests of the kit: the one vault
 * (shared/vault/vault.ts `Vault`) over `memoryVaultStore`, records kept as
 * given (no device layer), behind the same argument checks as every host
 * (./vault-host.ts). Argon2id is cheap by default here (`MEMORY_HOST_KDF`):
 * production parameters cost about a second per unlock.
 *
 *   const storage = createMemoryVaultStorage();
 *   const host = createMemoryHost({ storage });
 *   await host.vaultCreate();
 *   await host.operatorAdd({ name: 'Amina', role: 'team-lead', secret: '2580' }); // signed in
 *   const restarted = createMemoryHost({ storage }); // same keys, locked
 */
import type { AppInfo, HostApi } from '../../../shared/ipc';
import type { KdfCost } from '../../../shared/vault/crypto';
import { memoryVaultStore, type VaultStore } from '../../../shared/vault/store';
import { SMALL_KDF } from '../../../shared/vault/test-support';
import { Vault } from '../../../shared/vault/vault';
import { hostFromVault } from './vault-host';

/** Where a memory host keeps its records; share one between hosts to model a restart. */
export type MemoryVaultStorage = ReturnType<typeof memoryVaultStore>;

export const createMemoryVaultStorage = (): MemoryVaultStorage => memoryVaultStore();

/** Argon2id at its smallest, for tests: a memory host is never where real secrets live. */
export const MEMORY_HOST_KDF: KdfCost = SMALL_KDF;

export type MemoryHostOptions = {
  /** Default: a fresh, empty storage. Any `VaultStore` will do (a test's device-layer store, say). */
  readonly storage?: VaultStore;
  /** Argon2id cost of new operator slots; default `MEMORY_HOST_KDF`. */
  readonly kdf?: KdfCost;
  /** Fixed Ed25519 seeds for `vaultCreate`, for reproducible did:keys in fixtures. */
  readonly seeds?: { readonly device: Uint8Array; readonly issuer: Uint8Array };
  /** The vault's clock (sessions, idle lock, back-off after wrong secrets). */
  readonly now?: () => Date;
  readonly idleLockMs?: number;
  readonly appInfo?: AppInfo;
  readonly logError?: (message: string, cause: unknown) => void;
};

export const MEMORY_HOST_INFO: AppInfo = { name: 'aidtrail', version: '0.0.0-memory', platform: 'memory' };

/** The vault a memory host wraps: for tests that also drive `lockIfIdle`. */
export function createMemoryVault(options: MemoryHostOptions = {}): Vault {
  return new Vault({
    store: options.storage ?? createMemoryVaultStorage(),
    kdf: options.kdf ?? MEMORY_HOST_KDF,
    ...(options.seeds && { seeds: options.seeds }),
    ...(options.now && { now: options.now }),
    ...(options.idleLockMs !== undefined && { idleLockMs: options.idleLockMs }),
  });
}

export function createMemoryHost(options: MemoryHostOptions = {}): HostApi {
  return hostFromMemoryVault(createMemoryVault(options), options);
}

/** The HostApi over a vault made with `createMemoryVault`. */
export function hostFromMemoryVault(vault: Vault, options: Pick<MemoryHostOptions, 'appInfo' | 'logError'> = {}): HostApi {
  return hostFromVault(vault, {
    appInfo: options.appInfo ?? MEMORY_HOST_INFO,
    ...(options.logError && { logError: options.logError }),
  });
}
