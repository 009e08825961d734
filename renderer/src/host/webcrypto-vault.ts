/**
 * A key vault over WebCrypto, for the hosts that run without Electron (the
 * browser host and the in-memory host). Keys are `CryptoKey` objects created
 * non-extractable: script can use them to sign, encrypt and decrypt, but
 * `exportKey` refuses to hand out their bytes. Where they are kept is a
 * `VaultRecordStore` (IndexedDB in the browser, a plain object in memory).
 *
 * Uses only `crypto.subtle` and `crypto.getRandomValues`, which browsers and
 * Node 22 both have.
 */
import { toBase64url } from '../../../shared/bytes';
import { didToPublicKey, publicKeyToDid, type DidKey } from '../../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../../shared/crypto/ed25519';
import type { SealedBlob, SealRequest, SignRequest, VaultErrorCode, VaultKeys, VaultStatus } from '../../../shared/ipc';
import { err, ok, type Result } from '../../../shared/result';
import { dataKeyId, decodeSealedBlob, SEAL_IV_BYTES, SEAL_TAG_BYTES, sealAad, type VaultApi } from '../../../shared/vault';

/** The vault's keys as stored: structured-cloneable, `CryptoKey`s stay non-extractable through the clone. */
export type StoredVault = {
  readonly v: 1;
  readonly device: StoredSigningKey;
  readonly issuer: StoredSigningKey;
  readonly data: { readonly kid: string; readonly key: CryptoKey };
  readonly created: string;
};
export type StoredSigningKey = { readonly did: DidKey; readonly privateKey: CryptoKey };

/** Thrown by a store that cannot work here at all (no IndexedDB, storage blocked). */
export class VaultUnavailableError extends Error {
  override readonly name = 'VaultUnavailableError';
}

export interface VaultRecordStore {
  load(): Promise<unknown>;
  /**
   * Stores `record` unless a record exists, atomically; answers the record
   * that is now stored (the caller's, or the one that was there first).
   */
  addIfAbsent(record: StoredVault): Promise<unknown>;
}

/** Fixed Ed25519 seeds instead of random keys: for reproducible fixtures in tests only. */
export type VaultSeeds = { readonly device?: Uint8Array; readonly issuer?: Uint8Array };

export type WebCryptoVaultOptions = {
  readonly seeds?: VaultSeeds;
  /** Called once after this instance created the keys (the browser host asks for persistent storage). */
  readonly onCreated?: () => void;
};

const ED25519 = { name: 'Ed25519' } as const;

/** RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed, for `importKey`. */
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/** WebCrypto takes ArrayBuffer-backed views only (not SharedArrayBuffer). */
const bufferSource = (bytes: Uint8Array): Uint8Array<ArrayBuffer> =>
  bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : Uint8Array.from(bytes);

const isCryptoKey = (value: unknown, type: KeyType, algorithm: string): value is CryptoKey =>
  typeof CryptoKey !== 'undefined' &&
  value instanceof CryptoKey &&
  value.type === type &&
  value.algorithm.name === algorithm;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A stored record as read back: checked, since storage is outside this module's control. */
function checkRecord(value: unknown): Result<StoredVault | undefined, 'vault-unreadable'> {
  if (value === undefined) return ok(undefined);
  const signing = (key: unknown): key is StoredSigningKey =>
    isObject(key) &&
    typeof key['did'] === 'string' &&
    didToPublicKey(key['did']).ok &&
    isCryptoKey(key['privateKey'], 'private', 'Ed25519');
  if (
    isObject(value) &&
    value['v'] === 1 &&
    signing(value['device']) &&
    signing(value['issuer']) &&
    isObject(value['data']) &&
    typeof value['data']['kid'] === 'string' &&
    isCryptoKey(value['data']['key'], 'secret', 'AES-GCM') &&
    typeof value['created'] === 'string'
  ) {
    return ok(value as StoredVault);
  }
  return err('vault-unreadable', 'the stored keys are damaged or of an unknown format; they were left untouched');
}

async function signingKey(seed: Uint8Array | undefined): Promise<StoredSigningKey> {
  if (seed === undefined) {
    const pair = await crypto.subtle.generateKey(ED25519, false, ['sign', 'verify']);
    // The public half of a key pair is always exportable.
    const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    return { did: publicKeyToDid(publicKey), privateKey: pair.privateKey };
  }
  const pkcs8 = new Uint8Array(ED25519_PKCS8_PREFIX.length + seed.length);
  pkcs8.set(ED25519_PKCS8_PREFIX);
  pkcs8.set(seed, ED25519_PKCS8_PREFIX.length);
  try {
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ED25519, false, ['sign']);
    return { did: publicKeyToDid(keyPairFromSeed(seed).publicKey), privateKey };
  } finally {
    pkcs8.fill(0);
  }
}

/** Generates the three keys, non-extractable. */
export async function generateVault(seeds: VaultSeeds = {}): Promise<StoredVault> {
  const device = await signingKey(seeds.device);
  const issuer = await signingKey(seeds.issuer);
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const kid = dataKeyId(crypto.getRandomValues(new Uint8Array(8)));
  return { v: 1, device, issuer, data: { kid, key }, created: new Date().toISOString() };
}

const unavailable = (cause: unknown): Result<never, VaultErrorCode> =>
  err(
    'vault-unavailable',
    `this browser cannot keep keys here: ${cause instanceof Error ? cause.message : String(cause)} ` +
      '(a secure context with IndexedDB and WebCrypto Ed25519 is needed)',
  );

/**
 * The vault over a store. Arguments are assumed parsed (`vault-host.ts` does
 * that); answers follow the `vault:*` contract of shared/ipc.ts.
 */
export function webCryptoVault(store: VaultRecordStore, options: WebCryptoVaultOptions = {}): VaultApi {
  // Keys are never replaced, so once read they are cached; absence is not (another tab may create them).
  let cached: StoredVault | undefined;
  let creating: Promise<Result<VaultKeys, VaultErrorCode>> | undefined;

  const read = async (): Promise<Result<StoredVault | undefined, VaultErrorCode>> => {
    if (cached) return ok(cached);
    let raw: unknown;
    try {
      raw = await store.load();
    } catch (cause) {
      if (cause instanceof VaultUnavailableError) return unavailable(cause);
      throw cause;
    }
    const record = checkRecord(raw);
    if (record.ok && record.value) cached = record.value;
    return record;
  };

  const keys = async (): Promise<Result<StoredVault, VaultErrorCode>> => {
    const record = await read();
    if (!record.ok) return record;
    return record.value ? ok(record.value) : err('no-key', 'the vault has no keys yet: create them first (vault:create)');
  };

  const create = async (): Promise<Result<VaultKeys, VaultErrorCode>> => {
    const existing = await read();
    if (!existing.ok) return existing;
    if (existing.value) return ok({ device: existing.value.device.did, issuer: existing.value.issuer.did });
    let fresh: StoredVault;
    try {
      fresh = await generateVault(options.seeds);
    } catch (cause) {
      // NotSupportedError (no Ed25519), no crypto.subtle outside a secure context.
      return unavailable(cause);
    }
    let stored: unknown;
    try {
      stored = await store.addIfAbsent(fresh);
    } catch (cause) {
      if (cause instanceof VaultUnavailableError) return unavailable(cause);
      throw cause;
    }
    const record = checkRecord(stored);
    if (!record.ok) return record;
    if (!record.value) throw new Error('the vault store answered no record after adding one');
    cached = record.value;
    if (record.value === fresh) options.onCreated?.();
    return ok({ device: record.value.device.did, issuer: record.value.issuer.did });
  };

  return {
    async vaultStatus(): Promise<Result<VaultStatus, VaultErrorCode>> {
      const record = await read();
      if (!record.ok) return record;
      return ok(record.value ? { device: record.value.device.did, issuer: record.value.issuer.did } : { device: null, issuer: null });
    },

    vaultCreate(): Promise<Result<VaultKeys, VaultErrorCode>> {
      creating ??= create().finally(() => {
        creating = undefined;
      });
      return creating;
    },

    async sign(request: SignRequest): Promise<Result<Uint8Array, VaultErrorCode>> {
      const record = await keys();
      if (!record.ok) return record;
      const signature = await crypto.subtle.sign(ED25519, record.value[request.key].privateKey, bufferSource(request.bytes));
      return ok(new Uint8Array(signature));
    },

    async seal(request: SealRequest): Promise<Result<SealedBlob, VaultErrorCode>> {
      const record = await keys();
      if (!record.ok) return record;
      const { kid, key } = record.value.data;
      const iv = crypto.getRandomValues(new Uint8Array(SEAL_IV_BYTES));
      const ct = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: bufferSource(sealAad(kid)), tagLength: SEAL_TAG_BYTES * 8 },
        key,
        bufferSource(request.plaintext),
      );
      return ok({ alg: 'A256GCM', kid, iv: toBase64url(iv), ct: toBase64url(new Uint8Array(ct)) });
    },

    async open(blob: SealedBlob): Promise<Result<Uint8Array, VaultErrorCode>> {
      const record = await keys();
      if (!record.ok) return record;
      const { kid, key } = record.value.data;
      const decoded = decodeSealedBlob(blob, kid);
      if (!decoded.ok) return decoded;
      const { iv, ct } = decoded.value;
      try {
        const plaintext = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bufferSource(iv), additionalData: bufferSource(sealAad(kid)), tagLength: SEAL_TAG_BYTES * 8 },
          key,
          bufferSource(ct),
        );
        return ok(new Uint8Array(plaintext));
      } catch {
        return err('cannot-decrypt', 'the ciphertext does not authenticate under this key (tampered or foreign)');
      }
    },
  };
}
