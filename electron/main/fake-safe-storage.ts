/**
 * Test support (never imported by the app): an in-memory stand-in for
 * Electron's `safeStorage`, so the key vault runs in vitest without Electron.
 * It really encrypts (AES-256-GCM under a key held by this object), so a test
 * can check that no secret reaches the disk in clear and that another
 * "machine" (another stand-in) cannot decrypt the file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from './safe-storage';

export type FakeSafeStorage = SafeStorageLike & {
  /** Switch behaviour mid-test. */
  available: boolean;
  backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>;
  /** Make every decryption answer `shouldReEncrypt: true` (a rotated keyring key). */
  rotated: boolean;
  encryptions: number;
};

const MAGIC = Buffer.from('fake-safe-storage:v1:');

export function fakeSafeStorage(): FakeSafeStorage {
  const key = randomBytes(32);
  const fake: FakeSafeStorage = {
    available: true,
    backend: 'gnome_libsecret',
    rotated: false,
    encryptions: 0,
    isAsyncEncryptionAvailable: () => Promise.resolve(fake.available),
    getSelectedStorageBackend: () => fake.backend,
    encryptStringAsync: (plainText) => {
      if (!fake.available) return Promise.reject(new Error('Encryption is not available.'));
      fake.encryptions += 1;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return Promise.resolve(Buffer.concat([MAGIC, iv, ct]));
    },
    decryptStringAsync: (encrypted) => {
      try {
        if (!fake.available) throw new Error('Decryption is not available.');
        if (!encrypted.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not fake-safe-storage data');
        const iv = encrypted.subarray(MAGIC.length, MAGIC.length + 12);
        const body = encrypted.subarray(MAGIC.length + 12);
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(body.subarray(body.length - 16));
        const result = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
        return Promise.resolve({ result, shouldReEncrypt: fake.rotated });
      } catch (cause) {
        return Promise.reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
    },
  };
  return fake;
}
