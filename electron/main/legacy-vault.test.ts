/**
 * Reading the desktop key vault from before issue 13 (key-vault*.json), as
 * its code wrote it: `writeV1Vault` below writes the same files, field for
 * field, encrypted with the stand-in safeStorage. The adoption of such a
 * vault into the new one (same did:keys, old blobs still open) is in
 * ./vault-adoption.test.ts.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSafeStorage, type FakeSafeStorage } from './fake-safe-storage';
import { legacyVault } from './legacy-vault';
import { writeV1Vault } from './legacy-vault-fixture';

let userData: string;
let safeStorage: FakeSafeStorage;

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'aidtrail-legacy-'));
  safeStorage = fakeSafeStorage();
});
afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

const reader = () => {
  const legacy = legacyVault({ safeStorage, userData, platform: 'linux' });
  return { read: legacy.adopt, remove: legacy.remove };
};

async function editJson(file: string, edit: (json: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const path = join(userData, file);
  await writeFile(path, JSON.stringify(edit(JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>)));
}

describe('legacyVaultReader', () => {
  it('answers undefined when there is no old vault', async () => {
    await expect(reader().read()).resolves.toEqual({ ok: true, value: undefined });
  });

  it('reads every key of a v1 vault: seeds, data key, agreement secret and site keys', async () => {
    const v1 = await writeV1Vault({ userData, safeStorage, siteKeys: 2 });
    const read = await reader().read();
    expect(read).toEqual({
      ok: true,
      value: {
        device: v1.device.seed,
        issuer: v1.issuer.seed,
        dataKey: v1.dataKey,
        agreement: v1.agreement!.secret,
        siteKeys: [...v1.siteKeys].sort((a, b) => a.kid.localeCompare(b.kid)),
      },
    });
    expect(read.ok && read.value && toBase64urlOf(x25519.getPublicKey(read.value.agreement!))).toBe(v1.agreement!.public);
  });

  it('reads a vault made before agreement and site keys existed', async () => {
    const v1 = await writeV1Vault({ userData, safeStorage, agreement: false, siteKeys: 0 });
    await expect(reader().read()).resolves.toEqual({
      ok: true,
      value: { device: v1.device.seed, issuer: v1.issuer.seed, dataKey: v1.dataKey, agreement: undefined, siteKeys: [] },
    });
  });

  it('answers vault-unreadable, adopting nothing, for a file whose public keys do not match its secrets', async () => {
    const v1 = await writeV1Vault({ userData, safeStorage });
    await editJson('key-vault.json', (file) => ({ ...file, device: v1.issuer.did, issuer: v1.device.did }));
    const read = await reader().read();
    expect(read).toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(!read.ok && read.message).toMatch(/key-vault\.json.*do not match/);
  });

  it('answers vault-unreadable for a swapped agreement public key or a site key under another id', async () => {
    await writeV1Vault({ userData, safeStorage, siteKeys: 1 });
    await editJson('key-vault.agreement.json', (file) => ({ ...file, agreement: 'CQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
    await expect(reader().read()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await rm(join(userData, 'key-vault.agreement.json'));
    const [siteFile] = (await readdir(userData)).filter((name) => name.startsWith('key-vault.sk-'));
    await editJson(siteFile!, (file) => ({ ...file, kid: 'sk-ffffffffffffffff' }));
    const read = await reader().read();
    expect(read).toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(!read.ok && read.message).toMatch(/names another site key/);
  });

  it('answers vault-unreadable for a damaged file and for another keyring, leaving the files untouched', async () => {
    await writeV1Vault({ userData, safeStorage });
    const before = await readFile(join(userData, 'key-vault.json'));
    safeStorage = fakeSafeStorage();
    await expect(reader().read()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await writeFile(join(userData, 'key-vault.agreement.json'), '{"format"');
    expect(await readFile(join(userData, 'key-vault.json'))).toEqual(before);
  });

  it('answers vault-unavailable while the keyring is locked or only basic_text is there', async () => {
    await writeV1Vault({ userData, safeStorage });
    safeStorage.available = false;
    await expect(reader().read()).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    safeStorage.available = true;
    // basic_text decrypts nothing the real keyring encrypted: the read fails, and the message says why.
    const realKeyring = safeStorage;
    safeStorage = fakeSafeStorage();
    safeStorage.backend = 'basic_text';
    const read = await reader().read();
    expect(read).toMatchObject({ ok: false, code: 'vault-unavailable' });
    expect(!read.ok && read.message).toMatch(/basic_text/);
    safeStorage = realKeyring;
    await expect(reader().read()).resolves.toMatchObject({ ok: true });
  });

  it('removes every file of the old vault, and nothing else', async () => {
    await writeV1Vault({ userData, safeStorage, siteKeys: 2 });
    await writeFile(join(userData, 'Preferences'), '{}');
    await reader().remove();
    expect(await readdir(userData)).toEqual(['Preferences']);
    await expect(reader().read()).resolves.toEqual({ ok: true, value: undefined });
  });
});

function toBase64urlOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
