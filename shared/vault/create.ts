/**
 * `vault:create`: the device's keys, made once and never replaced (issue 13).
 *
 * Fresh keys are random (or the `seeds` fixtures of tests); a host moving
 * from an older vault format passes `adopt`, whose keys are taken over
 * instead: the device and issuer seeds, the data key (same kid, so every
 * blob it sealed still opens), the agreement secret (made new if the older
 * vault had none) and the site keys. An adopted vault also lets its first
 * `vault:sign-events` continue the older vault's chain after the head the
 * kit names (./signing.ts).
 *
 * The records are written so that a crash at any point leaves either no
 * vault (the next create starts over, keeping a vault key already written)
 * or a whole one: `setup` (MK), `operators`, `site-keys` and `chain` first,
 * `device` last, since `device` is what says the vault exists.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { fromBase64url, toBase64url } from '../bytes';
import { publicKeyToDid, type DidKey } from '../crypto/did-key';
import { keyPairFromSeed, SEED_BYTES } from '../crypto/ed25519';
import { err, ok, type Result } from '../result';
import { dataKeyId, isSiteKeyId } from '../vault';
import { KEY_BYTES, sealUnder, zero } from './crypto';
import {
  dataKeyIdSchema,
  operatorsRecordSchema,
  readRecord,
  RECORD,
  recordHeader,
  setupRecordSchema,
  writeRecord,
  type DeviceRecord,
  type StoreErrorCode,
} from './records';
import { dataKeyAad, issuerSeedAad, makeSiteKeyEntry } from './slots';
import { readDevice, readOperators, writeChain, writeOperators, writeSiteKeys, type VaultContext } from './state';

/** The keys of an older vault format, for `vault:create` to take over. The vault copies them; the caller zeroes its own. */
export type AdoptedKeys = {
  /** The device's Ed25519 seed (32 bytes). */
  readonly device: Uint8Array;
  /** The issuer's Ed25519 seed. */
  readonly issuer: Uint8Array;
  /** The data key (`dk-` and 16 hex digits, 32 bytes). */
  readonly dataKey: { readonly kid: string; readonly key: Uint8Array };
  /** The X25519 agreement secret; absent in a vault from before agreement keys. */
  readonly agreement?: Uint8Array | undefined;
  readonly siteKeys: readonly { readonly kid: string; readonly key: Uint8Array }[];
};

export type Adopt = () => Promise<Result<AdoptedKeys | undefined, StoreErrorCode>>;

export type CreateOptions = {
  readonly seeds?: { readonly device: Uint8Array; readonly issuer: Uint8Array } | undefined;
  readonly adopt?: Adopt | undefined;
};

function checkAdopted(keys: AdoptedKeys): Result<AdoptedKeys, 'vault-unreadable'> {
  const bad = (what: string): Result<never, 'vault-unreadable'> =>
    err('vault-unreadable', `the older vault's ${what} cannot be taken over; nothing was created`);
  if (keys.device.length !== SEED_BYTES || keys.issuer.length !== SEED_BYTES) return bad('device or issuer key');
  if (!dataKeyIdSchema.safeParse(keys.dataKey.kid).success || keys.dataKey.key.length !== KEY_BYTES) return bad('data key');
  if (keys.agreement !== undefined && keys.agreement.length !== KEY_BYTES) return bad('agreement key');
  const kids = new Set(keys.siteKeys.map((k) => k.kid));
  if (kids.size !== keys.siteKeys.length || keys.siteKeys.some((k) => !isSiteKeyId(k.kid) || k.key.length !== KEY_BYTES)) {
    return bad('site keys');
  }
  return ok(keys);
}

/** The device record, created with every other record if there was none. */
export async function createVault(ctx: VaultContext, options: CreateOptions): Promise<Result<DeviceRecord, StoreErrorCode>> {
  const existing = await readDevice(ctx.store);
  if (!existing.ok || existing.value) return existing as Result<DeviceRecord, StoreErrorCode>;

  // Operators without a device record: the device record was lost, and their slots may still reach the
  // site keys. Nothing is replaced.
  const orphans = await readRecord(ctx.store, RECORD.operators, operatorsRecordSchema);
  if (!orphans.ok || (orphans.value?.operators.length ?? 0) > 0) {
    return err('vault-unreadable', 'the vault has operators but its device record is missing or unreadable; nothing was replaced');
  }
  // A vault key an interrupted create left behind is kept: nothing else can depend on it yet, but nothing is lost either.
  const setup = await readRecord(ctx.store, RECORD.setup, setupRecordSchema);
  const adopted = options.adopt ? await options.adopt() : ok(undefined);
  if (!adopted.ok) return adopted;
  const old = adopted.value === undefined ? undefined : checkAdopted(adopted.value);
  if (old && !old.ok) return old;
  const from = old?.value;

  const copy = (bytes: Uint8Array | undefined, length: number): Uint8Array =>
    bytes === undefined ? ctx.random(length) : Uint8Array.from(bytes);
  const deviceSeed = copy(from?.device ?? options.seeds?.device, SEED_BYTES);
  const issuerSeed = copy(from?.issuer ?? options.seeds?.issuer, SEED_BYTES);
  const agreementSecret = copy(from?.agreement, KEY_BYTES);
  const dataKey = copy(from?.dataKey.key, KEY_BYTES);
  const dataKid = from?.dataKey.kid ?? dataKeyId(ctx.random(8));
  const mk = (setup.ok && setup.value?.mk ? fromSetup(setup.value.mk) : undefined) ?? ctx.random(KEY_BYTES);
  const siteKeys = (from?.siteKeys ?? []).map((k) => ({ kid: k.kid, key: Uint8Array.from(k.key) }));
  try {
    const device = publicKeyToDid(keyPairFromSeed(deviceSeed).publicKey);
    const issuer = publicKeyToDid(keyPairFromSeed(issuerSeed).publicKey);
    const created = ctx.now().toISOString();
    const record: DeviceRecord = {
      ...recordHeader(RECORD.device),
      created,
      device,
      issuer,
      agreement: toBase64url(x25519.getPublicKey(agreementSecret)),
      deviceSeed: toBase64url(deviceSeed),
      agreementSecret: toBase64url(agreementSecret),
      dataKid,
      issuerSeed: sealUnder(mk, issuerSeed, issuerSeedAad(device, issuer), ctx.random),
      dataKey: sealUnder(mk, dataKey, dataKeyAad(device, dataKid), ctx.random),
    };
    const writes: (() => Promise<Result<void, 'vault-unavailable'>>)[] = [
      () => writeRecord(ctx.store, RECORD.setup, { ...recordHeader(RECORD.setup), device, mk: toBase64url(mk) }),
      () => writeOperators(ctx.store, device, []),
      () => writeSiteKeys(ctx.store, device, siteKeys.map((k) => makeSiteKeyEntry(mk, k.key, device, k.kid, created, ctx.random))),
      () => writeChain(ctx.store, device, { head: null, batch: [], lastCall: 0, adopt: from !== undefined }),
      () => writeRecord(ctx.store, RECORD.device, record),
    ];
    for (const write of writes) {
      const written = await write();
      if (!written.ok) return written;
    }
    if (from) ctx.log(`vault: took over the keys of an older vault (device ${device})`);
    // Another instance over the same store may have written at the same time: the stored record is the vault.
    const stored = await readDevice(ctx.store);
    if (!stored.ok) return stored;
    if (!stored.value) throw new Error('the device record is missing right after it was written');
    return ok(stored.value);
  } finally {
    zero(deviceSeed, issuerSeed, agreementSecret, dataKey, mk, ...siteKeys.map((k) => k.key));
  }
}

const fromSetup = (mk: string): Uint8Array | undefined => {
  try {
    return fromBase64url(mk);
  } catch {
    return undefined;
  }
};

/** Once an operator exists, the setup record's copy of MK goes (a crash may have left it behind); retried on the next unlock. */
export async function tidySetup(ctx: VaultContext, device: DidKey): Promise<void> {
  const [setup, operators] = await Promise.all([readRecord(ctx.store, RECORD.setup, setupRecordSchema, device), readOperators(ctx.store, device)]);
  if (!setup.ok || !setup.value?.mk || !operators.ok || operators.value.length === 0) return;
  const written = await writeRecord(ctx.store, RECORD.setup, { ...recordHeader(RECORD.setup), device, mk: null });
  if (!written.ok) ctx.log(`vault: the setup key could not be removed yet (${written.message}); the next unlock tries again`);
}

/** The vault's public keys. */
export const publicKeys = (device: DeviceRecord): { device: DidKey; issuer: DidKey; agreement: string } => ({
  device: device.device,
  issuer: device.issuer,
  agreement: device.agreement,
});
