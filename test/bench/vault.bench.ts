/**
 * The vault of issue 13 against the bounds it sits on, in one run:
 * - signing events through the vault (the draft made and checked, JCS,
 *   Ed25519, the chain record written first), one per call and a segment of
 *   100 per call, as a multiple of bare noble Ed25519 signing of the same
 *   bytes (per event);
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
import { SMALL_KDF, stockDraft, stockEntries, stockEntry } from '../../shared/vault/test-support';
import { Vault } from '../../shared/vault/vault';
import { printRatios } from './ratios';

const vault = new Vault({ store: memoryVaultStore(), kdf: SMALL_KDF });
const keys = await vault.vaultCreate();
if (!keys.ok) throw new Error(keys.message);
const device = keys.value.device;
const added = await vault.operatorAdd({ name: 'Bench Lead', role: 'team-lead', secret: '2468' });
if (!added.ok) throw new Error(added.message);
const seed = crypto.getRandomValues(new Uint8Array(32));

const SEGMENT = 100;
let head: { seq: number; id: string } | null = null;
/**
 * Each call follows the one before, as the kit's own calls do: tinybench
 * calls a task once, unawaited, to learn whether it is async, and a call
 * that started before that one ended would name a head the vault has left.
 */
let previous: Promise<void> = Promise.resolve();
function signNext(count: number): Promise<void> {
  previous = previous.then(async () => {
    const from = (head?.seq ?? 0) + 1;
    const signed = await vault.signEvents(count === 1 ? [stockEntry(from)] : stockEntries(from, count), head);
    if (!signed.ok) throw new Error(signed.message);
    const last = signed.value.at(-1)!;
    head = { seq: last.seq, id: eventId(last) };
  });
  return previous;
}
const bytes = eventSigningBytes(stockDraft(device, 1, null));
const segmentOfBare = (): void => {
  for (let i = 0; i < SEGMENT; i++) sign(bytes, seed);
};

test('event signing: the vault vs bare noble Ed25519', async ({ bench }) => {
  const single = await bench.compare(
    bench('noble sign', () => void sign(bytes, seed)),
    bench('vault signEvents, 1 per call', () => signNext(1)),
    { time: 1000 },
  );
  printRatios('Event signing, one event', single, 'noble sign', ['vault signEvents, 1 per call']);
  const segment = await bench.compare(
    bench(`noble sign ×${SEGMENT}`, segmentOfBare),
    bench(`vault signEvents, ${SEGMENT} per call`, () => signNext(SEGMENT)),
    { time: 2000 },
  );
  printRatios(`Event signing, a segment of ${SEGMENT}`, segment, `noble sign ×${SEGMENT}`, [`vault signEvents, ${SEGMENT} per call`]);
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
