/**
 * What the WebCrypto vault (`./webcrypto-vault.ts`) keeps, and where: named
 * records in a `VaultRecordStore` (IndexedDB in the browser host, a `Map` in
 * the memory host), each written once and never replaced:
 *   `vault`      the Ed25519 device and issuer keys and the AES data key
 *   `agreement`  the X25519 key-agreement key (issue 10)
 *   `sk-…`       one per site key held, named by its id
 * A vault made before agreement and site keys existed keeps its `vault`
 * record untouched and gains the others beside it.
 *
 * Records hold `CryptoKey`s, which structured clone (IndexedDB) keeps as they
 * are: the private keys and the data key non-extractable, the site keys
 * extractable (see `StoredSiteKey`). Read records are checked here, since
 * storage is outside the vault's control.
 */
import { didToPublicKey, type DidKey } from '../../../shared/crypto/did-key';
import { err, ok, type Result } from '../../../shared/result';
import { isAgreementKey, isSiteKeyId } from '../../../shared/vault';

export type StoredSigningKey = { readonly did: DidKey; readonly privateKey: CryptoKey };

/** The `vault` record: the keys of the first vaults, unchanged. */
export type StoredVault = {
  readonly v: 1;
  readonly device: StoredSigningKey;
  readonly issuer: StoredSigningKey;
  readonly data: { readonly kid: string; readonly key: CryptoKey };
  readonly created: string;
};

/** The `agreement` record: the X25519 public key (base64url, `VaultKeys.agreement`) and its non-extractable private key. */
export type StoredAgreement = {
  readonly v: 1;
  readonly agreement: string;
  readonly privateKey: CryptoKey;
  readonly created: string;
};

/**
 * A site key record, named by its `kid`. The key is extractable, unlike every
 * other key here: `vault:site-key-wrap` must seal its bytes for other laptops
 * (WebCrypto's `wrapKey` refuses a non-extractable key). That costs little in
 * a browser host, whose page script can already seal and open with every key
 * it holds; the Electron build, the product, keeps site keys in the main
 * process, out of the renderer's reach.
 */
export type StoredSiteKey = {
  readonly v: 1;
  readonly kid: string;
  readonly key: CryptoKey;
  readonly created: string;
};

export type VaultRecordName = 'vault' | 'agreement' | `sk-${string}`;
export type StoredRecord<N extends VaultRecordName> = N extends 'vault'
  ? StoredVault
  : N extends 'agreement'
    ? StoredAgreement
    : StoredSiteKey;

/** Thrown by a store that cannot work here at all (no IndexedDB, storage blocked). */
export class VaultUnavailableError extends Error {
  override readonly name = 'VaultUnavailableError';
}

export interface VaultRecordStore {
  /** The record stored under `name`, or undefined. */
  load(name: VaultRecordName): Promise<unknown>;
  /**
   * Stores `record` under `name` unless a record is there, atomically;
   * answers the record that is now stored (the caller's, or the one that was
   * there first).
   */
  addIfAbsent<N extends VaultRecordName>(name: N, record: StoredRecord<N>): Promise<unknown>;
  /** The ids of the site keys stored (the names starting `sk-`), sorted. */
  siteKeyIds(): Promise<readonly string[]>;
}

/** A site-key id as a record name; ids reach the store only parsed (`sk-` and 16 hex digits). */
export function siteKeyRecord(kid: string): `sk-${string}` {
  if (!isSiteKeyId(kid)) throw new Error(`not a site-key id: ${JSON.stringify(kid)}`);
  return kid as `sk-${string}`;
}

const isCryptoKey = (value: unknown, type: KeyType, algorithm: string): value is CryptoKey =>
  typeof CryptoKey !== 'undefined' &&
  value instanceof CryptoKey &&
  value.type === type &&
  value.algorithm.name === algorithm;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const unreadable = (name: VaultRecordName): Result<never, 'vault-unreadable'> =>
  err('vault-unreadable', `the stored key record "${name}" is damaged or of an unknown format; it was left untouched`);

/** Checks a record as read back; `undefined` (none stored) passes. */
function checked<T>(name: VaultRecordName, value: unknown, valid: (value: Record<string, unknown>) => boolean): Result<T | undefined, 'vault-unreadable'> {
  if (value === undefined) return ok(undefined);
  return isObject(value) && value['v'] === 1 && typeof value['created'] === 'string' && valid(value)
    ? ok(value as T)
    : unreadable(name);
}

export function checkVault(value: unknown): Result<StoredVault | undefined, 'vault-unreadable'> {
  const signing = (key: unknown): key is StoredSigningKey =>
    isObject(key) &&
    typeof key['did'] === 'string' &&
    didToPublicKey(key['did']).ok &&
    isCryptoKey(key['privateKey'], 'private', 'Ed25519');
  return checked('vault', value, (record) => {
    const data = record['data'];
    return (
      signing(record['device']) &&
      signing(record['issuer']) &&
      isObject(data) &&
      typeof data['kid'] === 'string' &&
      isCryptoKey(data['key'], 'secret', 'AES-GCM')
    );
  });
}

export function checkAgreement(value: unknown): Result<StoredAgreement | undefined, 'vault-unreadable'> {
  return checked('agreement', value, (record) => {
    const agreement = record['agreement'];
    return typeof agreement === 'string' && isAgreementKey(agreement) && isCryptoKey(record['privateKey'], 'private', 'X25519');
  });
}

export function checkSiteKey(kid: string, value: unknown): Result<StoredSiteKey | undefined, 'vault-unreadable'> {
  return checked(siteKeyRecord(kid), value, (record) => {
    const key = record['key'];
    return record['kid'] === kid && isCryptoKey(key, 'secret', 'AES-GCM') && (key.algorithm as AesKeyAlgorithm).length === 256;
  });
}
