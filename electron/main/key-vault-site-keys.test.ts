/**
 * The desktop vault's agreement key and site keys on disk, and against the
 * reference (shared/vault-wrap.ts, @noble): one file per key beside
 * key-vault.json, private bytes only inside safeStorage ciphertext, an old
 * vault upgraded without touching its file, and blobs and wrapped keys that
 * the reference reads and writes alike.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url, utf8 } from '../../shared/bytes';
import { siteKeyId, unwrapSiteKey, wrapSiteKey } from '../../shared/vault-wrap';
import { fakeSafeStorage, type FakeSafeStorage } from './fake-safe-storage';
import { KeyVault } from './key-vault';
import { KEY_VAULT_FILE, safeStorageSecretStore } from './secret-store';

let dir: string;
let safeStorage: FakeSafeStorage;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aidtrail-vault-'));
  safeStorage = fakeSafeStorage();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vaultOver = (log?: (message: string) => void) =>
  new KeyVault(safeStorageSecretStore({ safeStorage, path: join(dir, KEY_VAULT_FILE), platform: 'linux' }), log ? { log } : {});

const must = <T>(result: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

async function readJson(file: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(dir, file), 'utf8')) as Record<string, string>;
}

async function secretOf(file: string): Promise<Record<string, string>> {
  const { result } = await safeStorage.decryptStringAsync(Buffer.from((await readJson(file))['secret']!, 'base64'));
  return JSON.parse(result) as Record<string, string>;
}

/** `"aidtrail/v1/seal\n" ‖ kid ‖ "\n" ‖ context`, spelled out rather than taken from sealAad. */
const aad = (kid: string, context?: string) => utf8(`aidtrail/v1/seal\n${kid}${context === undefined ? '' : `\n${context}`}`);

describe('KeyVault agreement and site keys on disk', () => {
  it('keeps each key in its own file, public parts in clear and private bytes only encrypted', async () => {
    const vault = vaultOver();
    const keys = must(await vault.vaultCreate());
    const { kid } = must(await vault.siteKeyCreate());
    expect((await readdir(dir)).sort()).toEqual([KEY_VAULT_FILE, 'key-vault.agreement.json', `key-vault.${kid}.json`].sort());

    const agreement = await readJson('key-vault.agreement.json');
    expect(Object.keys(agreement).sort()).toEqual(['agreement', 'created', 'format', 'secret', 'v']);
    expect(agreement).toMatchObject({ format: 'aidtrail-key-vault-agreement', v: 1, agreement: keys.agreement });
    const agreementSecret = (await secretOf('key-vault.agreement.json'))['agreement']!;
    // The stored private key is the X25519 secret of the public key the vault answers.
    expect(toBase64url(x25519.getPublicKey(fromBase64url(agreementSecret)))).toBe(keys.agreement);

    const site = await readJson(`key-vault.${kid}.json`);
    expect(Object.keys(site).sort()).toEqual(['created', 'format', 'kid', 'secret', 'v']);
    expect(site).toMatchObject({ format: 'aidtrail-key-vault-site-key', v: 1, kid });
    const siteSecret = await secretOf(`key-vault.${kid}.json`);
    expect(siteSecret['kid']).toBe(kid);

    const onDisk = (await Promise.all((await readdir(dir)).map((file) => readFile(join(dir, file), 'utf8')))).join('\n');
    for (const secret of [agreementSecret, siteSecret['key']!]) {
      expect(onDisk).not.toContain(secret);
      expect(onDisk).not.toContain(Buffer.from(fromBase64url(secret)).toString('base64').slice(0, 40));
    }
  });

  it('adds an agreement key to a vault made before agreement keys existed, leaving key-vault.json byte for byte', async () => {
    const before = must(await vaultOver().vaultCreate());
    await unlink(join(dir, 'key-vault.agreement.json'));
    const oldFile = await readFile(join(dir, KEY_VAULT_FILE));
    const older = vaultOver();
    await expect(older.vaultStatus()).resolves.toEqual({ ok: true, value: { device: before.device, issuer: before.issuer, agreement: null } });
    const after = must(await older.vaultCreate());
    expect(after).toMatchObject({ device: before.device, issuer: before.issuer });
    expect(after.agreement).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await readFile(join(dir, KEY_VAULT_FILE))).toEqual(oldFile);
    await expect(vaultOver().vaultStatus()).resolves.toEqual({ ok: true, value: after });
  });

  it('answers vault-unreadable for a damaged or misnamed site-key file, and leaves it untouched', async () => {
    const vault = vaultOver();
    must(await vault.vaultCreate());
    const { kid } = must(await vault.siteKeyCreate());
    const other = siteKeyId(new Uint8Array(8).fill(0xab));
    // A key file copied under another key's name: the id inside says otherwise.
    const file = await readFile(join(dir, `key-vault.${kid}.json`));
    await writeFile(join(dir, `key-vault.${other}.json`), file);
    const restarted = vaultOver();
    await expect(restarted.seal({ plaintext: new Uint8Array(1), kid: other })).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(restarted.siteKeys()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await writeFile(join(dir, `key-vault.${kid}.json`), '{"format":"aidtrail-key-vault-site-key"');
    await expect(vaultOver().siteKeyWrap({ kid, to: toBase64url(x25519.getPublicKey(x25519.utils.randomSecretKey())) }))
      .resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(await readFile(join(dir, `key-vault.${other}.json`))).toEqual(file);
  });

  it('never replaces a held site key: a different key under its id is refused and the file stays', async () => {
    const vault = vaultOver();
    const { agreement } = must(await vault.vaultCreate());
    const { kid } = must(await vault.siteKeyCreate());
    const file = await readFile(join(dir, `key-vault.${kid}.json`));
    const impostor = must(wrapSiteKey(new Uint8Array(32).fill(1), kid, agreement));
    await expect(vaultOver().siteKeyAccept(impostor)).resolves.toMatchObject({ ok: false, code: 'cannot-decrypt' });
    expect(await readFile(join(dir, `key-vault.${kid}.json`))).toEqual(file);
  });

  it('re-encrypts agreement and site-key files after a keyring key rotation, same keys', async () => {
    const vault = vaultOver();
    must(await vault.vaultCreate());
    const { kid } = must(await vault.siteKeyCreate());
    const blob = must(await vault.seal({ plaintext: utf8('x'), kid, context: 'HH-1' }));
    const before = await readJson(`key-vault.${kid}.json`);
    safeStorage.rotated = true;
    await expect(vaultOver().open(blob, 'HH-1')).resolves.toEqual({ ok: true, value: utf8('x') });
    safeStorage.rotated = false;
    const after = await readJson(`key-vault.${kid}.json`);
    expect(after['secret']).not.toBe(before['secret']);
    expect({ ...after, secret: '' }).toEqual({ ...before, secret: '' });
    await expect(vaultOver().open(blob, 'HH-1')).resolves.toEqual({ ok: true, value: utf8('x') });
  });
});

describe('KeyVault and the reference site-key wrapping', () => {
  async function expectSameKey(vault: KeyVault, kid: string, key: Uint8Array): Promise<void> {
    const plaintext = utf8('name: Amina; phone: +000');
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const byHand = { alg: 'A256GCM' as const, kid, iv: toBase64url(iv), ct: toBase64url(gcm(key, iv, aad(kid, 'HH-42')).encrypt(plaintext)) };
    await expect(vault.open(byHand, 'HH-42')).resolves.toEqual({ ok: true, value: plaintext });
    const byVault = must(await vault.seal({ plaintext, kid, context: 'HH-42' }));
    expect(gcm(key, fromBase64url(byVault.iv), aad(kid, 'HH-42')).decrypt(fromBase64url(byVault.ct))).toEqual(plaintext);
    const unbound = must(await vault.seal({ plaintext, kid }));
    expect(gcm(key, fromBase64url(unbound.iv), aad(kid)).decrypt(fromBase64url(unbound.ct))).toEqual(plaintext);
  }

  it('wraps its site key so that the reference unwraps it', async () => {
    const vault = vaultOver();
    must(await vault.vaultCreate());
    const { kid } = must(await vault.siteKeyCreate());
    const secret = x25519.utils.randomSecretKey();
    const key = must(unwrapSiteKey(must(await vault.siteKeyWrap({ kid, to: toBase64url(x25519.getPublicKey(secret)) })), secret));
    expect(key).toEqual(fromBase64url((await secretOf(`key-vault.${kid}.json`))['key']!));
    await expectSameKey(vault, kid, key);
  });

  it('accepts a site key the reference wrapped to its agreement key', async () => {
    const vault = vaultOver();
    const { agreement } = must(await vault.vaultCreate());
    const key = crypto.getRandomValues(new Uint8Array(32));
    const kid = siteKeyId(crypto.getRandomValues(new Uint8Array(8)));
    await expect(vault.siteKeyAccept(must(wrapSiteKey(key, kid, agreement)))).resolves.toEqual({ ok: true, value: { kid } });
    await expectSameKey(vault, kid, key);
    await expectSameKey(vaultOver(), kid, key);
  });

  it('seals with the data key and a context in the documented format', async () => {
    const vault = vaultOver();
    must(await vault.vaultCreate());
    const secret = await secretOf(KEY_VAULT_FILE);
    const [kid, key] = [secret['kid']!, fromBase64url(secret['data']!)];
    const blob = must(await vault.seal({ plaintext: utf8('hello'), context: 'HH-3' }));
    expect(blob.kid).toBe(kid);
    expect(gcm(key, fromBase64url(blob.iv), aad(kid, 'HH-3')).decrypt(fromBase64url(blob.ct))).toEqual(utf8('hello'));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const byHand = { alg: 'A256GCM' as const, kid, iv: toBase64url(iv), ct: toBase64url(gcm(key, iv, aad(kid, 'HH-3')).encrypt(utf8('by hand'))) };
    await expect(vault.open(byHand, 'HH-3')).resolves.toEqual({ ok: true, value: utf8('by hand') });
  });
});
