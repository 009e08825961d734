import { describe, expect, it } from 'vitest';
import { keyPairFromSeed, verify } from '../../../shared/crypto/ed25519';
import { publicKeyToDid } from '../../../shared/crypto/did-key';
import { describeHostContract } from './host-contract';
import { createMemoryHost, createMemoryVaultStorage } from './memory-host';

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
      },
    });
    const message = new Uint8Array([1, 2, 3]);
    const signature = await host.sign({ key: 'issuer', bytes: message });
    expect(signature.ok && verify(signature.value, message, keyPairFromSeed(seeds.issuer).publicKey)).toBe(true);
  });

  it('answers vault-unreadable for damaged stored keys and leaves them untouched', async () => {
    const storage = createMemoryVaultStorage();
    await createMemoryHost({ storage }).vaultCreate();
    const record = storage.record!;
    const damaged = { ...record, device: { ...record.device, privateKey: record.data.key } };
    storage.record = damaged;
    const host = createMemoryHost({ storage });
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unreadable' });
    await expect(host.sign({ key: 'device', bytes: new Uint8Array(1) })).resolves.toMatchObject({
      ok: false,
      code: 'vault-unreadable',
    });
    expect(storage.record).toBe(damaged);
  });
});
