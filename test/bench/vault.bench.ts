/**
 * The vault of issue 13 against the bounds it sits on, in one run:
 * - signing an event through the vault (JCS of the draft, chain check, head
 *   written first, Ed25519) as a multiple of bare noble Ed25519 signing of the
 *   same bytes;
 * - one unlock's key derivation (Argon2id, the vault's default m=64 MiB,
 *   t=3, p=1) as a multiple of the PBKDF2-SHA-256 600k the kit used before:
 *   the cost of one guess for someone holding the disk.
 */
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { test } from 'vitest';
import { sign } from '../../shared/crypto/ed25519';
import { eventId, eventSigningBytes } from '../../shared/events';
import { DEFAULT_KDF } from '../../shared/vault/crypto';
import { memoryVaultStore } from '../../shared/vault/store';
import { stockDraft } from '../../shared/vault/test-support';
import { Vault } from '../../shared/vault/vault';
import { printRatios } from './ratios';

const vault = new Vault({ store: memoryVaultStore(), kdf: { m: 64, t: 1, p: 1 } });
const keys = await vault.vaultCreate();
if (!keys.ok) throw new Error(keys.message);
const device = keys.value.device;
const added = await vault.operatorAdd({ name: 'Bench Lead', role: 'team-lead', secret: '2468' });
if (!added.ok) throw new Error(added.message);
const seed = crypto.getRandomValues(new Uint8Array(32));

let head: { seq: number; id: string | null } = { seq: 0, id: null };
async function signNext(): Promise<void> {
  const signed = await vault.signEvent(stockDraft(device, head.seq + 1, head.id));
  if (!signed.ok) throw new Error(signed.message);
  head = { seq: signed.value.seq, id: eventId(signed.value) };
}
const bytes = eventSigningBytes(stockDraft(device, 1, null));

test('event signing: the vault vs bare noble Ed25519', async ({ bench }) => {
  const result = await bench.compare(
    bench('noble sign', () => void sign(bytes, seed)),
    bench('vault signEvent', signNext),
    { time: 1000 },
  );
  printRatios('Event signing', result, 'noble sign', ['vault signEvent']);
});

test('one guess: Argon2id (the vault) vs PBKDF2-SHA-256 600k (before issue 13)', async ({ bench }) => {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const result = await bench.compare(
    bench('PBKDF2 600k', () => void pbkdf2(sha256, '2468', salt, { c: 600_000, dkLen: 32 })),
    bench('Argon2id m=64MiB t=3', async () => void (await argon2idAsync('2468', salt, { ...DEFAULT_KDF, dkLen: 32 }))),
    { time: 3000, iterations: 3 },
  );
  printRatios('One guess (higher is cheaper)', result, 'PBKDF2 600k', ['Argon2id m=64MiB t=3']);
});
