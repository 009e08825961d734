/**
 * An in-memory `HostApi` for unit tests of the kit: the same contract as the
 * desktop and browser hosts (host-contract.ts checks all three), with keys
 * kept in a plain object. Needs only `crypto.subtle` and
 * `crypto.getRandomValues`, so it runs in vitest under Node 22 and in a page.
 *
 *   const storage = createMemoryVaultStorage();
 *   const host = createMemoryHost({ storage });
 *   await host.vaultCreate();
 *   const restarted = createMemoryHost({ storage }); // same keys
 */
import type { AppInfo, HostApi } from '../../../shared/ipc';
import { hostFromVault } from './vault-host';
import { webCryptoVault, type StoredVault, type VaultRecordStore, type VaultSeeds } from './webcrypto-vault';

/** Where a memory host keeps its keys; share one between hosts to model a restart. Opaque. */
export type MemoryVaultStorage = { readonly kind: 'aidtrail-memory-vault'; record: StoredVault | undefined };

export const createMemoryVaultStorage = (): MemoryVaultStorage => ({ kind: 'aidtrail-memory-vault', record: undefined });

export type MemoryHostOptions = {
  /** Default: a fresh, empty storage. */
  readonly storage?: MemoryVaultStorage;
  /** Fixed Ed25519 seeds for `vaultCreate`, for reproducible did:keys in fixtures. */
  readonly seeds?: VaultSeeds;
  readonly appInfo?: AppInfo;
  readonly logError?: (message: string, cause: unknown) => void;
};

export const MEMORY_HOST_INFO: AppInfo = { name: 'aidtrail', version: '0.0.0-memory', platform: 'memory' };

function memoryStore(storage: MemoryVaultStorage): VaultRecordStore {
  return {
    load: () => Promise.resolve(storage.record),
    addIfAbsent: (record) => {
      // Check and set in one synchronous step: atomic in a single-threaded runtime.
      storage.record ??= record;
      return Promise.resolve(storage.record);
    },
  };
}

export function createMemoryHost(options: MemoryHostOptions = {}): HostApi {
  const storage = options.storage ?? createMemoryVaultStorage();
  const vault = webCryptoVault(memoryStore(storage), options.seeds ? { seeds: options.seeds } : {});
  return hostFromVault(vault, {
    appInfo: options.appInfo ?? MEMORY_HOST_INFO,
    ...(options.logError ? { logError: options.logError } : {}),
  });
}
