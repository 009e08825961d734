/**
 * The desktop app's vault record store (`VaultStore`, shared/vault/store.ts):
 * one file per record, `<userData>/vault/<name>.bin`, each the Electron
 * `safeStorage` ciphertext (the OS keyring: DPAPI, Keychain, Secret Service)
 * of
 *   "aidtrail-vault-record/v1\n" ‖ name ‖ "\n" ‖ base64(bytes)
 * so that a file copied or renamed over another record does not read as that
 * record. Files are written atomically (`./atomic-file.ts`: a reader sees the
 * old bytes or the new, never a mix) and readable by the owner only.
 *
 * The vault (shared/vault/) encrypts what needs an operator under its own
 * vault key on top: this layer only ties the records to this computer's OS
 * user, so a copied disk without that user's keyring yields nothing.
 *
 * Refusals:
 * - no usable keyring (safeStorage unavailable; Linux's `basic_text` backend,
 *   a fixed public password) → `vault-unavailable` on write, and on a read
 *   that cannot decrypt, with a message saying what to fix;
 * - a record that does not decrypt with a working keyring, or decrypts to
 *   something else → `vault-unreadable`; the file is left untouched.
 * When safeStorage says its key rotated (`shouldReEncrypt`), the record is
 * re-encrypted in place; a failure there is logged and tried again next time.
 */
import { join } from 'node:path';
import { fromBase64, toBase64 } from '../../shared/bytes';
import { err, ok, type Result } from '../../shared/result';
import { createSerialQueue, type SerialQueue } from '../../shared/serial-queue';
import { VAULT_RECORD_NAME, type VaultStore } from '../../shared/vault/store';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import { safeStorageUnavailableReason, type DeviceLayerOptions } from './safe-storage';

/** The vault's directory under `app.getPath('userData')`. */
export const VAULT_DIRECTORY = 'vault';
export const vaultDirectory = (userData: string): string => join(userData, VAULT_DIRECTORY);

const RECORD_PREFIX = 'aidtrail-vault-record/v1\n';

export type SafeStorageVaultStoreOptions = DeviceLayerOptions & {
  /** The vault's directory, normally `vaultDirectory(app.getPath('userData'))`; created (0700) on the first write. */
  readonly dir: string;
  /** Non-fatal problems (a failed re-encryption after a keyring key rotation). */
  readonly log?: (message: string, cause?: unknown) => void;
};

/** The file of a record; a name that is not a record name is a bug, never a path. */
export function vaultRecordPath(dir: string, name: string): string {
  if (!VAULT_RECORD_NAME.test(name)) throw new Error(`not a vault record name: ${JSON.stringify(name)}`);
  return join(dir, `${name}.bin`);
}

const plainTextOf = (name: string, bytes: Uint8Array): string => `${RECORD_PREFIX}${name}\n${toBase64(bytes)}`;

/** The record's bytes from its decrypted text, or undefined when the text is not this record's. */
function bytesOf(name: string, plainText: string): Uint8Array | undefined {
  const head = `${RECORD_PREFIX}${name}\n`;
  if (!plainText.startsWith(head)) return undefined;
  const body = plainText.slice(head.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined;
  try {
    return fromBase64(body);
  } catch {
    return undefined;
  }
}

const errorCode = (cause: unknown): string | undefined =>
  typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;

/** `VaultStore` over safeStorage-encrypted files. Operations on one record run one at a time. */
export function safeStorageVaultStore(options: SafeStorageVaultStoreOptions): VaultStore {
  const { safeStorage, dir } = options;
  const queues = new Map<string, SerialQueue>();
  // A re-encryption must not write an older record over a newer one: per-record order.
  const serial = <T>(name: string, task: () => Promise<T>): Promise<T> => {
    let queue = queues.get(name);
    if (!queue) queues.set(name, (queue = createSerialQueue()));
    return queue(task);
  };
  const unavailable = async (): Promise<Result<never, 'vault-unavailable'> | undefined> => {
    const reason = await safeStorageUnavailableReason(options);
    return reason === null ? undefined : err('vault-unavailable', reason);
  };
  const unreadable = (name: string, what: string): Result<never, 'vault-unreadable'> =>
    err('vault-unreadable', `the vault record ${name}.bin ${what}. It was left untouched.`);

  /** Encrypts and checks that the keyring gives the same text back before anything depends on it. */
  const encrypt = async (plainText: string): Promise<Uint8Array> => {
    const encrypted = await safeStorage.encryptStringAsync(plainText);
    const back = await safeStorage.decryptStringAsync(encrypted);
    if (back.result !== plainText) throw new Error('safeStorage did not decrypt a record to what it encrypted');
    return Uint8Array.from(encrypted);
  };

  return {
    read: (name) => {
      const path = vaultRecordPath(dir, name);
      return serial(name, async (): Promise<Result<Uint8Array | undefined, 'vault-unreadable' | 'vault-unavailable'>> => {
        let file: Uint8Array | null;
        try {
          file = await readFileIfExists(path);
        } catch (cause) {
          return unreadable(name, `cannot be read (${errorCode(cause) ?? 'I/O error'})`);
        }
        if (file === null) return ok(undefined);
        let plainText: string;
        let shouldReEncrypt: boolean;
        try {
          ({ result: plainText, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(file)));
        } catch {
          return (
            (await unavailable()) ??
            unreadable(name, "cannot be decrypted with this computer's keyring (was the OS user, keyring or machine changed?)")
          );
        }
        const bytes = bytesOf(name, plainText);
        if (!bytes) return unreadable(name, 'decrypts to something that is not this record (damaged, or moved from another)');
        if (shouldReEncrypt) {
          try {
            await writeFileAtomic(path, await encrypt(plainText), 'replace');
          } catch (cause) {
            options.log?.(`vault store: re-encrypting ${name}.bin after a keyring key rotation failed`, cause);
          }
        }
        return ok(bytes);
      });
    },

    write: (name, bytes) => {
      const path = vaultRecordPath(dir, name);
      const plainText = plainTextOf(name, bytes);
      return serial(name, async (): Promise<Result<void, 'vault-unavailable'>> => {
        const refused = await unavailable();
        if (refused) return refused;
        let encrypted: Uint8Array;
        try {
          encrypted = await encrypt(plainText);
        } catch {
          // The keyring went away between the check and the call (locked, stopped).
          return (await unavailable()) ?? err('vault-unavailable', 'The OS keyring refused to encrypt the vault record. Nothing was written.');
        }
        await writeFileAtomic(path, encrypted, 'replace');
        return ok(undefined);
      });
    },
  };
}
