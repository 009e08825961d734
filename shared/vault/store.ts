/**
 * Where a vault keeps its records (issue 13): a host's small key-value store
 * whose every record is protected at rest by the host's device layer —
 * Electron `safeStorage` (the OS keyring) in the desktop app, a
 * non-extractable WebCrypto key in the browser build, nothing in the
 * in-memory host of the tests. The vault (`./vault.ts`) encrypts what needs
 * an operator under its own vault key on top, so a disk read with the device
 * layer removed still yields no household, name or key without a PIN.
 */
import type { Result } from '../result';

/** Record names: lowercase letters, digits and `-`, 1–32 characters, so every host can use them as file or key names. */
export const VAULT_RECORD_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export interface VaultStore {
  /**
   * The record's bytes, `undefined` when it does not exist. `vault-unreadable`
   * when it exists but its device-layer protection cannot be removed (a
   * damaged file, a changed OS keyring); `vault-unavailable` when the device
   * layer cannot work here at all (no keyring).
   */
  read(name: string): Promise<Result<Uint8Array | undefined, 'vault-unreadable' | 'vault-unavailable'>>;
  /** Replaces the record atomically (after a crash: the old bytes or the new, never a mix), device-layer protected. */
  write(name: string, bytes: Uint8Array): Promise<Result<void, 'vault-unavailable'>>;
}

/** An in-memory store for tests and the memory host: records as given, shared between vaults to model a restart. */
export function memoryVaultStore(records: Map<string, Uint8Array> = new Map()): VaultStore & { readonly records: Map<string, Uint8Array> } {
  return {
    records,
    read: (name) => Promise.resolve({ ok: true, value: records.has(name) ? Uint8Array.from(records.get(name)!) : undefined }),
    write: (name, bytes) => {
      if (!VAULT_RECORD_NAME.test(name)) throw new Error(`not a vault record name: ${JSON.stringify(name)}`);
      records.set(name, Uint8Array.from(bytes));
      return Promise.resolve({ ok: true, value: undefined });
    },
  };
}
