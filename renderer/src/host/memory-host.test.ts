import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../../shared/bytes';
import { publicKeyToDid } from '../../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../../shared/crypto/ed25519';
import { DEFAULT_IDLE_LOCK_MS } from '../../../shared/vault/vault';
import { describeHostContract } from './host-contract';
import { LEAD, testClock } from './host-contract-support';
import { createMemoryHost, createMemoryVault, createMemoryVaultStorage, hostFromMemoryVault, MEMORY_HOST_KDF } from './memory-host';

describeHostContract(
  'memory host',
  () => {
    const storage = createMemoryVaultStorage();
    return { open: (options) => createMemoryHost({ storage, ...(options?.now && { now: options.now }) }) };
  },
  { describe, it },
);

describe('memory host', () => {
  it('creates reproducible did:keys from fixed seeds, for fixtures', async () => {
    const seeds = { device: new Uint8Array(32).fill(1), issuer: new Uint8Array(32).fill(2) };
    const keys = await createMemoryHost({ seeds }).vaultCreate();
    expect(keys).toEqual({
      ok: true,
      value: {
        device: publicKeyToDid(keyPairFromSeed(seeds.device).publicKey),
        issuer: publicKeyToDid(keyPairFromSeed(seeds.issuer).publicKey),
        agreement: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      },
    });
  });

  it('derives operator keys with cheap Argon2id by default (it is a test host), or with the cost given', async () => {
    const storage = createMemoryVaultStorage();
    const host = createMemoryHost({ storage });
    await host.vaultCreate();
    await host.operatorAdd(LEAD);
    const kdfOf = () => (JSON.parse(fromUtf8(storage.records.get('operators')!)) as { operators: { kdf: unknown }[] }).operators[0]!.kdf;
    expect(kdfOf()).toMatchObject({ alg: 'argon2id', ...MEMORY_HOST_KDF });
    const costly = createMemoryVaultStorage();
    const other = createMemoryHost({ storage: costly, kdf: { m: 256, t: 2, p: 1 } });
    await other.vaultCreate();
    await other.operatorAdd(LEAD);
    expect((JSON.parse(fromUtf8(costly.records.get('operators')!)) as { operators: { kdf: unknown }[] }).operators[0]!.kdf).toMatchObject({ m: 256, t: 2 });
  });

  it('answers vault-unreadable for a damaged record and leaves it untouched', async () => {
    const storage = createMemoryVaultStorage();
    await createMemoryHost({ storage }).vaultCreate();
    storage.records.set('device', utf8('{"format":"aidtrail-vault"'));
    const host = createMemoryHost({ storage });
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(fromUtf8(storage.records.get('device')!)).toBe('{"format":"aidtrail-vault"');
  });

  it("exposes its vault's lockIfIdle for tests of the idle lock", async () => {
    const clock = testClock();
    const vault = createMemoryVault({ now: clock.now });
    const host = hostFromMemoryVault(vault);
    await host.vaultCreate();
    await host.operatorAdd(LEAD);
    clock.advance(DEFAULT_IDLE_LOCK_MS);
    expect(vault.lockIfIdle()).toBe(true);
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: true, value: { session: null } });
  });
});
