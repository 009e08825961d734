/**
 * Test support for the vault's tests (./*.test.ts): a vault with cheap
 * Argon2id and a settable clock, a lead already signed in, event drafts, and
 * a store that encrypts every record like a host's device layer does.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { concatBytes } from '../bytes';
import type { DidKey } from '../crypto/did-key';
import type { NewEventEntry, UnsignedEvent } from '../events/envelope';
import type { Result } from '../result';
import type { KdfCost } from './crypto';
import { memoryVaultStore, type VaultStore } from './store';
import { Vault, type VaultOptions } from './vault';

/** Argon2id at its smallest: tests run hundreds of derivations. */
export const SMALL_KDF: KdfCost = { m: 64, t: 1, p: 1 };

export const LEAD_PIN = '2580';
export const OFFICER_PIN = '1379';

/** A clock the test moves. */
export function testClock(start = Date.parse('2026-03-01T08:00:00.000Z')): { now: () => Date; advance: (ms: number) => void; at: () => number } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms), at: () => t };
}

export function value<T>(result: Result<T>, what = 'call'): T {
  if (!result.ok) throw new Error(`${what}: expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

export type Fixture = {
  readonly vault: Vault;
  readonly store: VaultStore;
  readonly clock: ReturnType<typeof testClock>;
  readonly device: DidKey;
  readonly issuer: DidKey;
  readonly agreement: string;
  readonly lead: string;
  /** A new Vault over the same store and clock: a restart. */
  readonly restart: (options?: Partial<VaultOptions>) => Vault;
};

/** A created vault whose first operator, a team lead with `LEAD_PIN`, is signed in. */
export async function leadFixture(options: Partial<VaultOptions> & { store?: VaultStore } = {}): Promise<Fixture> {
  const store = options.store ?? memoryVaultStore();
  const clock = testClock();
  const make = (more: Partial<VaultOptions> = {}): Vault => new Vault({ kdf: SMALL_KDF, now: clock.now, ...options, ...more, store });
  const vault = make();
  const keys = value(await vault.vaultCreate(), 'vaultCreate');
  const { id } = value(await vault.operatorAdd({ name: 'Amina Lead', role: 'team-lead', secret: LEAD_PIN }), 'operatorAdd');
  return { vault, store, clock, device: keys.device, issuer: keys.issuer, agreement: keys.agreement, lead: id, restart: make };
}

/** A v2 stock event draft of `device` at `seq` after `prev`. */
export const stockDraft = (device: DidKey, seq: number, prev: string | null, qty = seq): UnsignedEvent => ({
  v: 2,
  device,
  seq,
  prev,
  at: '2026-03-01T09:00:00.000Z',
  type: 'stock',
  body: { direction: 'received', items: [{ code: 'rice', qty, unit: 'kg' }] },
});

/** What `vault:sign-events` takes to make `stockDraft(device, seq, prev, qty)` at the vault's next seq. */
export const stockEntry = (qty: number): NewEventEntry => ({
  type: 'stock',
  at: '2026-03-01T09:00:00.000Z',
  body: { direction: 'received', items: [{ code: 'rice', qty, unit: 'kg' }] },
});

/** `count` stock entries whose quantities are `from`, `from + 1`, … (each the seq it gets on a chain that is at `from - 1`). */
export const stockEntries = (from: number, count: number): NewEventEntry[] => Array.from({ length: count }, (_, i) => stockEntry(from + i));

/**
 * A store that encrypts every record with a random AES-256-GCM key before it
 * reaches `inner`, as a host's device layer does: what `inner.records` then
 * holds is what a copied disk would show.
 */
export function deviceLayerStore(
  inner: ReturnType<typeof memoryVaultStore> = memoryVaultStore(),
): VaultStore & { readonly inner: ReturnType<typeof memoryVaultStore>; readonly key: Uint8Array } {
  const key = randomBytes(32);
  return {
    inner,
    key,
    write: (name, bytes) => {
      const iv = randomBytes(12);
      return inner.write(name, concatBytes(iv, gcm(key, iv).encrypt(bytes)));
    },
    read: async (name) => {
      const read = await inner.read(name);
      if (!read.ok || read.value === undefined) return read;
      return { ok: true, value: gcm(key, read.value.subarray(0, 12)).decrypt(read.value.subarray(12)) };
    },
  };
}
