import { describe, expect, it } from 'vitest';
import { keyPairFromSeed, verify } from '../../../shared/crypto/ed25519';
import { publicKeyToDid } from '../../../shared/crypto/did-key';
import { describeHostContract } from './host-contract';
import { createMemoryHost, createMemoryVaultStorage } from './memory-host';
import type { StoredVault } from './webcrypto-records';

describeHostContract(
  'memory host',
  () => {
    const storage = createMemoryVaultStorage();
    return { open: () => createMemoryHost({ storage }) };
  },
  { describe, it },
);

describe('memory host', () => {
  it('creates reproducible did:keys from fixed seeds, for fixtures', async () => {
    const seeds = { device: new Uint8Array(32).fill(1), issuer: new Uint8Array(32).fill(2) };
    const host = createMemoryHost({ seeds });
    const keys = await host.vaultCreate();
    expect(keys).toEqual({
      ok: true,
      value: {
        device: publicKeyToDid(keyPairFromSeed(seeds.device).publicKey),
        issuer: publicKeyToDid(keyPairFromSeed(seeds.issuer).publicKey),
        agreement: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      },
    });
    const message = new Uint8Array([1, 2, 3]);
    const signature = await host.sign({ key: 'issuer', bytes: message });
    expect(signature.ok && verify(signature.value, message, keyPairFromSeed(seeds.issuer).publicKey)).toBe(true);
  });

  it('answers vault-unreadable for damaged stored keys and leaves them untouched', async () => {
    const storage = createMemoryVaultStorage();
    await createMemoryHost({ storage }).vaultCreate();
    const record = storage.records.get('vault') as StoredVault;
    const damaged = { ...record, device: { ...record.device, privateKey: record.data.key } };
    storage.records.set('vault', damaged);
    const host = createMemoryHost({ storage });
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(host.sign({ key: 'device', bytes: new Uint8Array(1) })).resolves.toMatchObject({
      ok: false,
      code: 'vault-unreadable',
    });
    expect(storage.records.get('vault')).toBe(damaged);
  });

  it('adds an agreement key to a vault made before agreement keys existed, and leaves its keys as they were', async () => {
    const storage = createMemoryVaultStorage();
    const before = await createMemoryHost({ storage }).vaultCreate();
    if (!before.ok) throw new Error(before.message);
    const record = storage.records.get('vault');
    storage.records.delete('agreement');
    const older = createMemoryHost({ storage });
    await expect(older.vaultStatus()).resolves.toEqual({
      ok: true,
      value: { device: before.value.device, issuer: before.value.issuer, agreement: null },
    });
    await expect(older.siteKeyAccept({ kid: 'sk-0000000000000000', epk: 'A'.repeat(43), iv: 'A'.repeat(16), ct: 'A'.repeat(64) }))
      .resolves.toMatchObject({ ok: false, code: 'no-key' });
    const after = await older.vaultCreate();
    expect(after).toMatchObject({ ok: true, value: { device: before.value.device, issuer: before.value.issuer } });
    expect(after.ok && after.value.agreement).not.toBe(before.value.agreement);
    expect(storage.records.get('vault')).toBe(record);
  });

  it('answers vault-unreadable for a damaged agreement or site-key record and leaves it untouched', async () => {
    const storage = createMemoryVaultStorage();
    const host = createMemoryHost({ storage });
    await host.vaultCreate();
    const created = await host.siteKeyCreate();
    if (!created.ok) throw new Error(created.message);
    const { kid } = created.value;
    storage.records.set(kid, { ...(storage.records.get(kid) as object), kid: 'sk-ffffffffffffffff' });
    storage.records.set('agreement', { v: 1, agreement: 'A'.repeat(43), privateKey: 'secret', created: '' });
    const restarted = createMemoryHost({ storage });
    await expect(restarted.vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(restarted.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(restarted.siteKeys()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(restarted.seal({ plaintext: new Uint8Array(1), kid })).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(storage.records.get('agreement')).toMatchObject({ privateKey: 'secret' });
  });
});
