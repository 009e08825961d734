/**
 * Where the OLD desktop key vault (before issue 13) kept its files, for
 * reading them once into the new vault (`./legacy-vault.ts`). Nothing writes
 * these files any more.
 *
 * One file per record under `userData`, each JSON with its private parts
 * encrypted with Electron `safeStorage` (`./vault-records.ts`):
 *   key-vault.json                 device and issuer keys, the data key
 *   key-vault.agreement.json       the X25519 key-agreement key (issue 10)
 *   key-vault.sk-<16 hex>.json     one per site key held
 *
 * Behind the `SecretStore` interface so that vitest reads them with an
 * in-memory stand-in for `safeStorage` (`./fake-safe-storage.ts`) and a
 * temporary directory; `electron` is not imported here at all.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists } from './atomic-file';
import { safeStorageUnavailableReason, type DeviceLayerOptions } from './safe-storage';

/** The old vault's first file, under `app.getPath('userData')`. */
export const KEY_VAULT_FILE = 'key-vault.json';

const SITE_KEY_ID = /^sk-[0-9a-f]{16}$/;
const SITE_KEY_FILE = /^key-vault\.(sk-[0-9a-f]{16})\.json$/;

/** The old vault's records: `keys` (device, issuer, data key), `agreement`, and each site key by its id. */
export type VaultRecordName = 'keys' | 'agreement' | `sk-${string}`;

/** The file name of a record, also used in messages a person reads. */
export function recordFileName(name: VaultRecordName): string {
  if (name === 'keys') return KEY_VAULT_FILE;
  // Site-key ids come from file names matched below; anything else here is a bug, never a path.
  if (name !== 'agreement' && !SITE_KEY_ID.test(name)) throw new Error(`not a vault record name: ${JSON.stringify(name)}`);
  return `key-vault.${name}.json`;
}

/** How the old vault's files are read. */
export interface SecretStore {
  /** `null` when safeStorage works here; otherwise why not, in words a person can act on. */
  unavailableReason(): Promise<string | null>;
  /** Throws when the bytes cannot be decrypted (damaged, or another machine's or user's key). */
  decryptString(encrypted: Uint8Array): Promise<string>;
  /** A record's file, or null when there is none. */
  readFile(name: VaultRecordName): Promise<Uint8Array | null>;
  /** The ids of the site keys that have a file, sorted. */
  siteKeyIds(): Promise<readonly string[]>;
  /** Deletes every file of the old vault (after the new vault holds its keys). */
  removeAll(): Promise<void>;
}

export type SafeStorageSecretStoreOptions = DeviceLayerOptions & {
  /** `app.getPath('userData')`: the old files sit directly in it. */
  readonly userData: string;
};

const errorCode = (cause: unknown): string | undefined =>
  typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;

/** The old vault's files, decrypted with Electron `safeStorage`. */
export function safeStorageSecretStore(options: SafeStorageSecretStoreOptions): SecretStore {
  const { safeStorage, userData } = options;
  const siteKeyIds = async (): Promise<readonly string[]> => {
    let names: string[];
    try {
      names = await readdir(userData);
    } catch (cause) {
      if (errorCode(cause) === 'ENOENT') return [];
      throw cause;
    }
    return names.flatMap((file) => SITE_KEY_FILE.exec(file)?.[1] ?? []).sort();
  };
  return {
    unavailableReason: () => safeStorageUnavailableReason(options),
    async decryptString(encrypted) {
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(encrypted));
      return result;
    },
    readFile: (name) => readFileIfExists(join(userData, recordFileName(name))),
    siteKeyIds,
    async removeAll() {
      const names: VaultRecordName[] = ['keys', 'agreement', ...((await siteKeyIds()) as `sk-${string}`[])];
      // Site keys and the agreement key first: while key-vault.json exists, the old vault is still "there".
      for (const name of names.reverse()) await rm(join(userData, recordFileName(name)), { force: true });
    },
  };
}
