/**
 * What the vault's operations share: the context a `Vault` runs in, typed
 * reads and writes of its records (./records.ts), and the keys it holds in
 * memory while an operator is signed in (the keyring), which `lock` zeroes.
 */
import { fromBase64url } from '../bytes';
import type { DidKey } from '../crypto/did-key';
import { err, ok, type Result } from '../result';
import { zero, type KdfCost, type KdfParams, type Random } from './crypto';
import { DeviceSigningKey, type NativeSigning } from './device-key';
import { RecordCiphers, type NativeAes } from './record-cipher';
import {
  chainRecordSchema,
  deviceRecordSchema,
  operatorsRecordSchema,
  readRecord,
  RECORD,
  recordHeader,
  siteKeysRecordSchema,
  writeRecord,
  type ChainRecord,
  type DeviceRecord,
  type OperatorRecord,
  type SiteKeyEntry,
  type StoreErrorCode,
} from './records';
import { dataKeyAad, issuerSeedAad, openKey, openSiteKey } from './slots';
import type { VaultStore } from './store';

export type VaultContext = {
  readonly store: VaultStore;
  readonly now: () => Date;
  readonly random: Random;
  readonly kdf: KdfCost;
  readonly log: (message: string) => void;
  /** The host's Ed25519 for the device key, where it offers one (./device-key.ts). */
  readonly nativeSigning?: NativeSigning | undefined;
  /** The host's AES-GCM for household records, where it offers one (./record-cipher.ts). */
  readonly nativeAes?: NativeAes | undefined;
};

/**
 * Every key of the vault, in memory while someone is signed in. The device
 * key is kept expanded, and as the host's native key where it offers one
 * (./device-key.ts; its seed is not kept): a caseload import signs
 * thousands of events.
 */
export type Keyring = {
  readonly mk: Uint8Array;
  readonly deviceKey: DeviceSigningKey;
  readonly issuerSeed: Uint8Array;
  readonly agreementSecret: Uint8Array;
  readonly dataKid: string;
  readonly dataKey: Uint8Array;
  readonly siteKeys: Map<string, Uint8Array>;
  /** AES-GCM of records under the data key and the site keys (./record-cipher.ts). */
  readonly ciphers: RecordCiphers;
};

/**
 * The session and what it needs: the keyring, and the signed-in operator's
 * KEK (for new portable slots). `users` counts the operations using the keys
 * right now; once the session is `closed` (lock, idle lock, another
 * operator's unlock) the last of them zeroes the keys, so that no operation
 * ever seals or signs with a key zeroed under it.
 */
export type Unlocked = {
  readonly operator: string;
  readonly since: string;
  readonly kek: Uint8Array;
  readonly kdf: KdfParams;
  readonly keys: Keyring;
  users: number;
  closed: boolean;
};

export const readDevice = (store: VaultStore): Promise<Result<DeviceRecord | undefined, StoreErrorCode>> =>
  readRecord(store, RECORD.device, deviceRecordSchema);

export async function readOperators(store: VaultStore, device: DidKey): Promise<Result<OperatorRecord[], StoreErrorCode>> {
  const read = await readRecord(store, RECORD.operators, operatorsRecordSchema, device);
  return read.ok ? ok(read.value?.operators ?? []) : read;
}

export const writeOperators = (store: VaultStore, device: DidKey, operators: readonly OperatorRecord[]): Promise<Result<void, 'vault-unavailable'>> =>
  writeRecord(store, RECORD.operators, { ...recordHeader(RECORD.operators), device, operators: [...operators] });

export async function readSiteKeys(store: VaultStore, device: DidKey): Promise<Result<SiteKeyEntry[], StoreErrorCode>> {
  const read = await readRecord(store, RECORD.siteKeys, siteKeysRecordSchema, device);
  return read.ok ? ok(read.value?.keys ?? []) : read;
}

export const writeSiteKeys = (store: VaultStore, device: DidKey, keys: readonly SiteKeyEntry[]): Promise<Result<void, 'vault-unavailable'>> =>
  writeRecord(store, RECORD.siteKeys, { ...recordHeader(RECORD.siteKeys), device, keys: [...keys] });

export type Chain = Pick<ChainRecord, 'head' | 'batch' | 'adopt'> & { readonly lastCall: number };

export async function readChain(store: VaultStore, device: DidKey): Promise<Result<Chain, StoreErrorCode>> {
  const read = await readRecord(store, RECORD.chain, chainRecordSchema, device);
  if (!read.ok) return read;
  const { head, batch, lastCall, adopt } = read.value ?? { head: null, batch: [], adopt: false };
  // A record from before two calls were kept holds one call's events.
  return ok({ head, batch, lastCall: Math.min(lastCall ?? batch.length, batch.length), adopt });
}

/** The head and the batch that led to it, in one record: one atomic write. */
export const writeChain = (store: VaultStore, device: DidKey, { head, batch, lastCall, adopt }: Chain): Promise<Result<void, 'vault-unavailable'>> =>
  writeRecord(store, RECORD.chain, { ...recordHeader(RECORD.chain), device, head, batch, lastCall, adopt });

const unreadable = (what: string): Result<never, 'vault-unreadable'> =>
  err('vault-unreadable', `the vault key does not open ${what}: the vault records do not belong together; they were left as they are`);

/** Every key under MK (and the device-layer ones), for a session. MK is copied; the caller keeps its own. */
export function openKeyring(
  device: DeviceRecord,
  siteKeys: readonly SiteKeyEntry[],
  mk: Uint8Array,
  native: Pick<VaultContext, 'nativeSigning' | 'nativeAes'> = {},
): Result<Keyring, 'vault-unreadable'> {
  const issuerSeed = openKey(mk, device.issuerSeed, issuerSeedAad(device.device, device.issuer));
  const dataKey = openKey(mk, device.dataKey, dataKeyAad(device.device, device.dataKid));
  if (!issuerSeed || !dataKey) {
    zero(issuerSeed, dataKey);
    return unreadable('the issuer key or the data key');
  }
  const held = new Map<string, Uint8Array>();
  for (const entry of siteKeys) {
    const key = openSiteKey(mk, entry, device.device);
    if (!key) {
      zero(issuerSeed, dataKey, ...held.values());
      return unreadable(`the site key ${entry.kid}`);
    }
    held.set(entry.kid, key);
  }
  const deviceSeed = fromBase64url(device.deviceSeed);
  const deviceKey = new DeviceSigningKey(deviceSeed, native.nativeSigning);
  zero(deviceSeed);
  return ok({
    mk: Uint8Array.from(mk),
    deviceKey,
    issuerSeed,
    agreementSecret: fromBase64url(device.agreementSecret),
    dataKid: device.dataKid,
    dataKey,
    siteKeys: held,
    ciphers: new RecordCiphers(native.nativeAes),
  });
}

export function zeroKeyring(keys: Keyring): void {
  keys.deviceKey.forget();
  keys.ciphers.forget();
  zero(keys.mk, keys.issuerSeed, keys.agreementSecret, keys.dataKey, ...keys.siteKeys.values());
  keys.siteKeys.clear();
}
