/**
 * Where the desktop key vault (`./key-vault.ts`) keeps its files and how it
 * protects their secrets: Electron `safeStorage` (DPAPI on Windows, the
 * Keychain on macOS, the Secret Service / KWallet on Linux) and files under
 * `userData` written atomically (`./atomic-file.ts`).
 *
 * One file per record, each written once with `create` (link(2): an existing
 * file is never replaced, so two writers cannot both win):
 *   key-vault.json                 device and issuer keys, the data key
 *   key-vault.agreement.json       the X25519 key-agreement key (issue 10)
 *   key-vault.sk-<16 hex>.json     one per site key held
 * Adding a key therefore never rewrites the file that holds the device's
 * identity, and a vault made before agreement and site keys existed gains
 * them by new files next to its untouched old one.
 *
 * Behind the `SecretStore` interface so that vitest runs the vault with an
 * in-memory stand-in for `safeStorage` (`./fake-safe-storage.ts`) and a
 * temporary directory; `electron` is imported for its types only.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SafeStorage } from 'electron';
import { readFileIfExists, writeFileAtomic, type AtomicWriteMode } from './atomic-file';

/** The vault file's name under `app.getPath('userData')`. */
export const KEY_VAULT_FILE = 'key-vault.json';
export const keyVaultPath = (userData: string): string => join(userData, KEY_VAULT_FILE);

const SITE_KEY_ID = /^sk-[0-9a-f]{16}$/;
const SITE_KEY_FILE = /^key-vault\.(sk-[0-9a-f]{16})\.json$/;

/** The vault's records: `keys` (device, issuer, data key), `agreement`, and each site key by its id. */
export type VaultRecordName = 'keys' | 'agreement' | `sk-${string}`;

/** The file name of a record, also used in messages a person reads. */
export function recordFileName(name: VaultRecordName): string {
  if (name === 'keys') return KEY_VAULT_FILE;
  // Site-key ids come from parsed arguments or file names; anything else here is a bug, never a path.
  if (name !== 'agreement' && !SITE_KEY_ID.test(name)) throw new Error(`not a vault record name: ${JSON.stringify(name)}`);
  return `key-vault.${name}.json`;
}

/** Where the vault keeps its records and how it protects secrets. */
export interface SecretStore {
  /** `null` when secrets can be protected here; otherwise why not, in words a person can act on. */
  unavailableReason(): Promise<string | null>;
  encryptString(plainText: string): Promise<Uint8Array>;
  /** Throws when the bytes cannot be decrypted (damaged, or another machine's or user's key). */
  decryptString(encrypted: Uint8Array): Promise<{ readonly plainText: string; readonly shouldReEncrypt: boolean }>;
  /** A record's file, or null when there is none yet. */
  readFile(name: VaultRecordName): Promise<Uint8Array | null>;
  /** Atomic write; `create` never replaces an existing file and answers `exists`. */
  writeFile(name: VaultRecordName, data: Uint8Array, mode: AtomicWriteMode): Promise<'written' | 'exists'>;
  /** The ids of the site keys that have a file, sorted. */
  siteKeyIds(): Promise<readonly string[]>;
}

/** The part of Electron's `safeStorage` the vault uses (the async API; the sync one is deprecated in Electron 45). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export type SafeStorageSecretStoreOptions = {
  readonly safeStorage: SafeStorageLike;
  /** The vault file, normally `keyVaultPath(app.getPath('userData'))`; the other records sit beside it. */
  readonly path: string;
  readonly platform: NodeJS.Platform;
  /**
   * Accept Linux's `basic_text` backend (a fixed, publicly known password, i.e.
   * no protection at rest). Off by default; only for throw-away demo machines.
   */
  readonly allowPlainTextBackend?: boolean;
};

const errorCode = (cause: unknown): string | undefined =>
  typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;

/** Electron `safeStorage` + atomically written files. */
export function safeStorageSecretStore(options: SafeStorageSecretStoreOptions): SecretStore {
  const { safeStorage, path, platform } = options;
  const dir = dirname(path);
  const pathOf = (name: VaultRecordName): string => (name === 'keys' ? path : join(dir, recordFileName(name)));
  return {
    async unavailableReason() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) {
        return (
          'The operating system cannot protect the keys on this computer (Electron safeStorage is unavailable' +
          (platform === 'linux' ? ': no Secret Service such as GNOME Keyring or KWallet is running and unlocked' : '') +
          '). No keys were created.'
        );
      }
      if (platform === 'linux' && !options.allowPlainTextBackend) {
        const backend = safeStorage.getSelectedStorageBackend();
        if (backend === 'basic_text') {
          return (
            'No OS keyring was found: Electron safeStorage would use its "basic_text" backend, which encrypts with ' +
            'a fixed, publicly known password and does not protect the keys. Run and unlock a Secret Service ' +
            '(GNOME Keyring or KWallet), or start the app with --password-store=gnome-libsecret or =kwallet5/6. ' +
            'No keys were created.'
          );
        }
      }
      return null;
    },
    async encryptString(plainText) {
      const encrypted = await safeStorage.encryptStringAsync(plainText);
      return new Uint8Array(encrypted);
    },
    async decryptString(encrypted) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(encrypted));
      return { plainText: result, shouldReEncrypt };
    },
    readFile: (name) => readFileIfExists(pathOf(name)),
    writeFile: (name, data, mode) => writeFileAtomic(pathOf(name), data, mode),
    async siteKeyIds() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (cause) {
        if (errorCode(cause) === 'ENOENT') return [];
        throw cause;
      }
      return names.flatMap((file) => SITE_KEY_FILE.exec(file)?.[1] ?? []).sort();
    },
  };
}
