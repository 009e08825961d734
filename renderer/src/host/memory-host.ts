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
import type { VaultSeeds } from './webcrypto-keys';
import type { VaultRecordStore } from './webcrypto-records';
import { webCryptoVault } from './webcrypto-vault';

/** Where a memory host keeps its keys (record name → record); share one between hosts to model a restart. Opaque. */
export type MemoryVaultStorage = { readonly kind: 'aidtrail-memory-vault'; readonly records: Map<string, unknown> };

export const createMemoryVaultStorage = (): MemoryVaultStorage => ({ kind: 'aidtrail-memory-vault', records: new Map() });

export type MemoryHostOptions = {
  /** Default: a fresh, empty storage. */
  readonly storage?: MemoryVaultStorage;
  /** Fixed Ed25519 seeds for `vaultCreate`, for reproducible did:keys in fixtures. */
  readonly seeds?: VaultSeeds;
  readonly appInfo?: AppInfo;
  readonly logError?: (message: string, cause: unknown) => void;
};

export const MEMORY_HOST_INFO: AppInfo = { name: 'aidtrail', version: '0.0.0-memory', platform: 'memory' };

function memoryStore({ records }: MemoryVaultStorage): VaultRecordStore {
  return {
    load: (name) => Promise.resolve(records.get(name)),
    addIfAbsent: (name, record) => {
      // Check and set in one synchronous step: atomic in a single-threaded runtime.
      if (!records.has(name)) records.set(name, record);
      return Promise.resolve(records.get(name));
    },
    siteKeyIds: () => Promise.resolve([...records.keys()].filter((name) => name.startsWith('sk-')).sort()),
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
