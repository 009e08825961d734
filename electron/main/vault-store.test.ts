/**
 * The desktop vault's record store: files under <userData>/vault, each the
 * safeStorage ciphertext of one record, with the stand-in safeStorage of
 * ./fake-safe-storage.ts (it really encrypts, under a key per "machine").
 */
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSafeStorage, type FakeSafeStorage } from './fake-safe-storage';
import { safeStorageVaultStore, vaultDirectory, vaultRecordPath, type SafeStorageVaultStoreOptions } from './vault-store';

let userData: string;
let dir: string;
let safeStorage: FakeSafeStorage;

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'aidtrail-vault-store-'));
  dir = vaultDirectory(userData);
  safeStorage = fakeSafeStorage();
});
afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

const storeOver = (options: Partial<SafeStorageVaultStoreOptions> = {}) =>
  safeStorageVaultStore({ safeStorage, dir, platform: 'linux', ...options });

/** Recognisable bytes: a test can look for them on disk. */
const secretBytes = (length = 64) => Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);

const contains = (haystack: Uint8Array, needle: Uint8Array): boolean => Buffer.from(haystack).includes(Buffer.from(needle));

describe('safeStorageVaultStore', () => {
  it('writes each record to <userData>/vault/<name>.bin, 0600, and reads it back', async () => {
    const store = storeOver();
    await expect(store.read('keys')).resolves.toEqual({ ok: true, value: undefined });
    await expect(store.write('keys', secretBytes())).resolves.toEqual({ ok: true, value: undefined });
    await expect(store.write('roster', new Uint8Array(0))).resolves.toEqual({ ok: true, value: undefined });
    expect((await readdir(dir)).sort()).toEqual(['keys.bin', 'roster.bin']);
    if (process.platform !== 'win32') expect((await stat(join(dir, 'keys.bin'))).mode & 0o777).toBe(0o600);
    await expect(store.read('keys')).resolves.toEqual({ ok: true, value: secretBytes() });
    await expect(store.read('roster')).resolves.toEqual({ ok: true, value: new Uint8Array(0) });
    // Another instance (a restart) reads the same.
    await expect(storeOver().read('keys')).resolves.toEqual({ ok: true, value: secretBytes() });
  });

  it('keeps no record byte in clear on disk, nor its base64', async () => {
    const bytes = secretBytes(200);
    await storeOver().write('keys', bytes);
    const file = await readFile(join(dir, 'keys.bin'));
    expect(contains(file, bytes.subarray(0, 32))).toBe(false);
    expect(file.toString('latin1')).not.toContain(Buffer.from(bytes).toString('base64').slice(0, 24));
    expect(safeStorage.encryptions).toBeGreaterThan(0);
  });

  it('replaces a record atomically, leaving no temporary file', async () => {
    const store = storeOver();
    await store.write('keys', secretBytes(10));
    await store.write('keys', secretBytes(20));
    await expect(store.read('keys')).resolves.toEqual({ ok: true, value: secretBytes(20) });
    expect(await readdir(dir)).toEqual(['keys.bin']);
  });

  it.each(['', 'Keys', '../keys', 'keys.bin', 'a/b', '-keys', '1keys', 'k'.repeat(33), 'keys\n', 'sk_1'])(
    'refuses the record name %j before touching the disk',
    async (name) => {
      const store = storeOver();
      expect(() => vaultRecordPath(dir, name)).toThrow(/not a vault record name/);
      expect(() => store.read(name)).toThrow(/not a vault record name/);
      expect(() => store.write(name, new Uint8Array(1))).toThrow(/not a vault record name/);
      await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );

  it('accepts every name VAULT_RECORD_NAME allows, up to 32 characters', async () => {
    const store = storeOver();
    for (const name of ['a', 'sk-0123456789abcdef', `a${'-'.repeat(31)}`, 'op-1-profile']) {
      await expect(store.write(name, Uint8Array.of(1))).resolves.toMatchObject({ ok: true });
      await expect(store.read(name)).resolves.toEqual({ ok: true, value: Uint8Array.of(1) });
    }
  });

  it('refuses to write when safeStorage is unavailable, saying what to fix, and writes nothing', async () => {
    safeStorage.available = false;
    const result = await storeOver().write('keys', secretBytes());
    expect(result).toMatchObject({ ok: false, code: 'vault-unavailable' });
    expect(!result.ok && result.message).toMatch(/cannot protect the keys.*Secret Service/);
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("refuses Linux's basic_text backend (a fixed password) unless explicitly allowed, and only asks on Linux", async () => {
    safeStorage.backend = 'basic_text';
    const refused = await storeOver().write('keys', secretBytes());
    expect(refused).toMatchObject({ ok: false, code: 'vault-unavailable' });
    expect(!refused.ok && refused.message).toMatch(/basic_text.*GNOME Keyring or KWallet.*--password-store/);
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    const getBackend = vi.spyOn(safeStorage, 'getSelectedStorageBackend');
    await expect(storeOver({ platform: 'win32' }).write('keys', secretBytes())).resolves.toMatchObject({ ok: true });
    await expect(storeOver({ allowPlainTextBackend: true }).write('keys', secretBytes())).resolves.toMatchObject({ ok: true });
    expect(getBackend).not.toHaveBeenCalled();
  });

  it('answers vault-unavailable while the keyring is locked, and reads again once it is back', async () => {
    await storeOver().write('keys', secretBytes());
    const store = storeOver();
    safeStorage.available = false;
    await expect(store.read('keys')).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    // A missing record needs no keyring.
    await expect(store.read('roster')).resolves.toEqual({ ok: true, value: undefined });
    safeStorage.available = true;
    await expect(store.read('keys')).resolves.toEqual({ ok: true, value: secretBytes() });
  });

  it("answers vault-unreadable for another keyring's record (another user or machine) and leaves it untouched", async () => {
    await storeOver().write('keys', secretBytes());
    const before = await readFile(join(dir, 'keys.bin'));
    safeStorage = fakeSafeStorage();
    const result = await storeOver().read('keys');
    expect(result).toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(!result.ok && result.message).toMatch(/keys\.bin.*keyring/);
    expect(await readFile(join(dir, 'keys.bin'))).toEqual(before);
  });

  it('answers vault-unreadable for a damaged file and for a record copied under another name', async () => {
    const store = storeOver();
    await store.write('keys', secretBytes());
    await store.write('roster', secretBytes(8));
    await copyFile(join(dir, 'keys.bin'), join(dir, 'roster.bin'));
    await expect(store.read('roster')).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await writeFile(join(dir, 'keys.bin'), 'not a safeStorage ciphertext');
    await expect(store.read('keys')).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(await readFile(join(dir, 'keys.bin'), 'utf8')).toBe('not a safeStorage ciphertext');
  });

  it('re-encrypts a record in place when safeStorage rotated its key, keeping its bytes', async () => {
    await storeOver().write('keys', secretBytes());
    const before = await readFile(join(dir, 'keys.bin'));
    safeStorage.rotated = true;
    await expect(storeOver().read('keys')).resolves.toEqual({ ok: true, value: secretBytes() });
    const after = await readFile(join(dir, 'keys.bin'));
    expect(after).not.toEqual(before);
    safeStorage.rotated = false;
    await expect(storeOver().read('keys')).resolves.toEqual({ ok: true, value: secretBytes() });
  });

  it('logs a failed re-encryption and still answers the record', async () => {
    await storeOver().write('keys', secretBytes());
    safeStorage.rotated = true;
    const log = vi.fn();
    vi.spyOn(safeStorage, 'encryptStringAsync').mockRejectedValueOnce(new Error('keyring busy'));
    await expect(storeOver({ log }).read('keys')).resolves.toEqual({ ok: true, value: secretBytes() });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('keys.bin'), expect.any(Error));
  });

  it('keeps the order of operations on one record (a re-encryption never writes older bytes over newer)', async () => {
    await storeOver().write('keys', secretBytes(10));
    safeStorage.rotated = true;
    const store = storeOver();
    const [read] = await Promise.all([store.read('keys'), store.write('keys', secretBytes(30))]);
    expect(read).toEqual({ ok: true, value: secretBytes(10) });
    safeStorage.rotated = false;
    await expect(storeOver().read('keys')).resolves.toEqual({ ok: true, value: secretBytes(30) });
  });
});
