/**
 * The desktop app's device layer: Electron `safeStorage` (DPAPI on Windows,
 * the Keychain on macOS, the Secret Service / KWallet on Linux), and whether
 * it protects anything here. The vault's record store (`./vault-store.ts`)
 * and the reader of the old vault's files (`./legacy-vault.ts`) both use it.
 *
 * `electron` is imported for its types only, so vitest runs everything here
 * with an in-memory stand-in (`./fake-safe-storage.ts`).
 */
import type { SafeStorage } from 'electron';

/** The part of Electron's `safeStorage` the vault uses (the async API; the sync one is deprecated in Electron 45). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export type DeviceLayerOptions = {
  readonly safeStorage: SafeStorageLike;
  readonly platform: NodeJS.Platform;
  /**
   * Accept Linux's `basic_text` backend (a fixed, publicly known password, i.e.
   * no protection at rest). Off by default; only for throw-away demo machines.
   */
  readonly allowPlainTextBackend?: boolean;
};

/** `null` when safeStorage protects secrets here; otherwise why not, in words a person can act on. */
export async function safeStorageUnavailableReason(options: DeviceLayerOptions): Promise<string | null> {
  const { safeStorage, platform } = options;
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    return (
      'The operating system cannot protect the keys on this computer (Electron safeStorage is unavailable' +
      (platform === 'linux' ? ': no Secret Service such as GNOME Keyring or KWallet is running and unlocked' : '') +
      '). Nothing was written.'
    );
  }
  if (platform === 'linux' && !options.allowPlainTextBackend) {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text') {
      return (
        'No OS keyring was found: Electron safeStorage would use its "basic_text" backend, which encrypts with ' +
        'a fixed, publicly known password and does not protect the keys. Run and unlock a Secret Service ' +
        '(GNOME Keyring or KWallet), or start the app with --password-store=gnome-libsecret or =kwallet5/6. ' +
        'Nothing was written.'
      );
    }
  }
  return null;
}
