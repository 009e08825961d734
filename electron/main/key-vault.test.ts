import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromBase64url, toBase64url } from '../../shared/bytes';
import { verify } from '../../shared/crypto/ed25519';
import { didToPublicKey } from '../../shared/crypto/did-key';
import type { VaultKeys } from '../../shared/ipc';
import { fakeSafeStorage, type FakeSafeStorage } from './fake-safe-storage';
import { KeyVault } from './key-vault';
import { KEY_VAULT_FILE, safeStorageSecretStore, type SafeStorageSecretStoreOptions } from './secret-store';

let dir: string;
let path: string;
let safeStorage: FakeSafeStorage;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aidtrail-vault-'));
  path = join(dir, KEY_VAULT_FILE);
  safeStorage = fakeSafeStorage();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vaultOver = (options: Partial<SafeStorageSecretStoreOptions> = {}, log?: (m: string) => void) =>
  new KeyVault(safeStorageSecretStore({ safeStorage, path, platform: 'linux', ...options }), log ? { log } : {});

/** The decrypted secret of the file (the test holds the stand-in keyring). */
async function readSecret(): Promise<Record<string, string>> {
  const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
  const { result } = await safeStorage.decryptStringAsync(Buffer.from(file['secret']!, 'base64'));
  return JSON.parse(result) as Record<string, string>;
}

async function create(vault: KeyVault): Promise<VaultKeys> {
  const result = await vault.vaultCreate();
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

describe('KeyVault storage', () => {
  it('keeps the did:keys in clear and every private byte encrypted', async () => {
    const keys = await create(vaultOver());
    const text = await readFile(path, 'utf8');
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'aidtrail-key-vault', v: 1, device: keys.device, issuer: keys.issuer });
    expect(Object.keys(file).sort()).toEqual(['created', 'device', 'format', 'issuer', 'kid', 'secret', 'v']);
    // The private parts are only inside the safeStorage ciphertext.
    const secret = await readSecret();
    for (const field of ['device', 'issuer', 'data'] as const) {
      expect(secret[field]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(text).not.toContain(secret[field]);
      expect(text).not.toContain(Buffer.from(fromBase64url(secret[field]!)).toString('base64').slice(0, 40));
    }
  });

  it('refuses to create keys when safeStorage is unavailable, and writes nothing', async () => {
    safeStorage.available = false;
    const result = await vaultOver().vaultCreate();
    expect(result).toMatchObject({ ok: false, code: 'vault-unavailable' });
    expect(!result.ok && result.message).toMatch(/cannot protect the keys.*Secret Service/);
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("refuses Linux's basic_text backend (a fixed password) unless explicitly allowed", async () => {
    safeStorage.backend = 'basic_text';
    const refused = await vaultOver().vaultCreate();
    expect(refused).toMatchObject({ ok: false, code: 'vault-unavailable' });
    expect(!refused.ok && refused.message).toMatch(/basic_text.*GNOME Keyring or KWallet/);
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
    // Only Linux has that backend; elsewhere the question is not asked.
    const getBackend = vi.spyOn(safeStorage, 'getSelectedStorageBackend');
    expect((await vaultOver({ platform: 'win32' }).vaultStatus()).ok).toBe(true);
    await expect(vaultOver({ allowPlainTextBackend: true }).vaultCreate()).resolves.toMatchObject({ ok: true });
    expect(getBackend).not.toHaveBeenCalled();
  });

  it('answers vault-unreadable for a damaged file and never replaces it', async () => {
    await writeFile(path, '{"format":"aidtrail-key-vault","v":1');
    const vault = vaultOver();
    await expect(vault.vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(vault.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(vault.sign({ key: 'device', bytes: new Uint8Array(1) })).resolves.toMatchObject({
      ok: false,
      code: 'vault-unreadable',
    });
    expect(await readFile(path, 'utf8')).toBe('{"format":"aidtrail-key-vault","v":1');
  });

  it('answers vault-unreadable when another keyring cannot decrypt the file (another user or machine)', async () => {
    const keys = await create(vaultOver());
    const before = await readFile(path);
    safeStorage = fakeSafeStorage();
    const vault = vaultOver();
    // Status reads no secret.
    await expect(vault.vaultStatus()).resolves.toEqual({ ok: true, value: keys });
    await expect(vault.sign({ key: 'issuer', bytes: new Uint8Array(1) })).resolves.toMatchObject({
      ok: false,
      code: 'vault-unreadable',
    });
    await expect(vault.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(await readFile(path)).toEqual(before);
  });

  it('answers vault-unavailable while the keyring is locked, and works once it is back', async () => {
    await create(vaultOver());
    const vault = vaultOver();
    safeStorage.available = false;
    await expect(vault.seal({ plaintext: new Uint8Array(1) })).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    safeStorage.available = true;
    await expect(vault.seal({ plaintext: new Uint8Array(1) })).resolves.toMatchObject({ ok: true });
  });

  it('refuses a file whose public keys were swapped for others', async () => {
    const keys = await create(vaultOver());
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    await writeFile(path, JSON.stringify({ ...file, device: keys.issuer, issuer: keys.device }));
    const vault = vaultOver();
    await expect(vault.sign({ key: 'device', bytes: new Uint8Array(1) })).resolves.toMatchObject({
      ok: false,
      code: 'vault-unreadable',
    });
  });

  it('re-encrypts the same keys when safeStorage rotated its key', async () => {
    const keys = await create(vaultOver());
    const before = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    safeStorage.rotated = true;
    const vault = vaultOver();
    const message = new Uint8Array([7]);
    const signature = await vault.sign({ key: 'device', bytes: message });
    const publicKey = didToPublicKey(keys.device);
    expect(signature.ok && publicKey.ok && verify(signature.value, message, publicKey.value)).toBe(true);
    const after = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    expect(after['secret']).not.toBe(before['secret']);
    expect({ ...after, secret: '' }).toEqual({ ...before, secret: '' });
    safeStorage.rotated = false;
    await expect(vaultOver().vaultStatus()).resolves.toEqual({ ok: true, value: keys });
    const reopened = await vaultOver().sign({ key: 'device', bytes: message });
    expect(reopened).toEqual(signature);
  });

  it('decrypts the file once per instance, however many calls', async () => {
    await create(vaultOver());
    const decrypt = vi.spyOn(safeStorage, 'decryptStringAsync');
    const vault = vaultOver();
    await Promise.all(Array.from({ length: 20 }, (_, i) => vault.sign({ key: 'device', bytes: Uint8Array.of(i) })));
    await vault.seal({ plaintext: new Uint8Array(3) });
    expect(decrypt).toHaveBeenCalledTimes(1);
  });

  it('answers with Uint8Arrays that own exactly their bytes (structured clone sends the whole buffer)', async () => {
    const vault = vaultOver();
    await create(vault);
    const signature = await vault.sign({ key: 'device', bytes: new Uint8Array(5) });
    expect(signature.ok && signature.value.constructor).toBe(Uint8Array);
    expect(signature.ok && signature.value.buffer.byteLength).toBe(64);
    const blob = await vault.seal({ plaintext: new Uint8Array(10) });
    const opened = blob.ok ? await vault.open(blob.value) : blob;
    expect(opened.ok && opened.value.buffer.byteLength).toBe(10);
  });

  it('seals in the documented format: AES-256-GCM, 12-byte iv, AAD "aidtrail/v1/seal\\n" ‖ kid', async () => {
    const vault = vaultOver();
    await create(vault);
    const secret = await readSecret();
    const dataKey = fromBase64url(secret['data']!);
    const aad = new TextEncoder().encode(`aidtrail/v1/seal\n${secret['kid']}`);
    // The vault's blob opens by hand …
    const sealed = await vault.seal({ plaintext: new TextEncoder().encode('hello') });
    if (!sealed.ok) throw new Error(sealed.message);
    expect(sealed.value.kid).toMatch(/^dk-[0-9a-f]{16}$/);
    expect(sealed.value.kid).toBe(secret['kid']);
    const ct = fromBase64url(sealed.value.ct);
    const decipher = createDecipheriv('aes-256-gcm', dataKey, fromBase64url(sealed.value.iv));
    decipher.setAAD(aad);
    decipher.setAuthTag(ct.subarray(ct.length - 16));
    expect(Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]).toString()).toBe('hello');
    // … and a blob sealed by hand opens in the vault.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(aad);
    const handCt = Buffer.concat([cipher.update('by hand'), cipher.final(), cipher.getAuthTag()]);
    const opened = await vault.open({ alg: 'A256GCM', kid: secret['kid']!, iv: toBase64url(iv), ct: toBase64url(handCt) });
    expect(opened.ok && Buffer.from(opened.value).toString()).toBe('by hand');
  });
});
