/**
 * The key vault of the desktop app (HostApi `vault:*`). Private keys live
 * only here, in the main process: the renderer asks for signatures and
 * seals, and never sees a key.
 *
 * Keys: two Ed25519 keys (`device`, `issuer`) and a 256-bit AES-GCM data key
 * (for PII), created once by `vaultCreate` and never replaced. They are kept
 * in one file under `userData` (`key-vault.json`): the did:keys and the data
 * key id in clear (so `vaultStatus` reads no secret), the private material
 * encrypted with Electron `safeStorage` (DPAPI on Windows, the Keychain on
 * macOS, the Secret Service / KWallet on Linux), written atomically
 * (`./atomic-file.ts`). Signing and AES-GCM go through node:crypto.
 *
 * The file and `safeStorage` are behind `SecretStore`, so vitest runs all of
 * this with an in-memory stand-in for `safeStorage` and a temporary directory;
 * `electron` is imported for its types only.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { z } from 'zod';
import { concatBytes, equalBytes, fromBase64, fromBase64url, fromUtf8, toBase64, toBase64url, utf8 } from '../../shared/bytes';
import { didToPublicKey, publicKeyToDid, type DidKey } from '../../shared/crypto/did-key';
import { codeSchema, didKeySchema } from '../../shared/events/fields';
import type { SealedBlob, SealRequest, SignRequest, VaultErrorCode, VaultKeyName, VaultKeys, VaultStatus } from '../../shared/ipc';
import { err, ok, type Result } from '../../shared/result';
import {
  DATA_KEY_BYTES,
  dataKeyId,
  decodeSealedBlob,
  SEAL_IV_BYTES,
  SEAL_TAG_BYTES,
  sealAad,
  type VaultApi,
} from '../../shared/vault';
import { readFileIfExists, writeFileAtomic, type AtomicWriteMode } from './atomic-file';

/** The vault file's name under `app.getPath('userData')`. */
export const KEY_VAULT_FILE = 'key-vault.json';
export const keyVaultPath = (userData: string): string => join(userData, KEY_VAULT_FILE);

/**
 * Where the vault keeps its file and how it protects secrets. The production
 * one is `safeStorageSecretStore`; tests pass a stand-in `safeStorage`.
 */
export interface SecretStore {
  /** `null` when secrets can be protected here; otherwise why not, in words a person can act on. */
  unavailableReason(): Promise<string | null>;
  encryptString(plainText: string): Promise<Uint8Array>;
  /** Throws when the bytes cannot be decrypted (damaged, or another machine's or user's key). */
  decryptString(encrypted: Uint8Array): Promise<{ readonly plainText: string; readonly shouldReEncrypt: boolean }>;
  /** The vault file, or null when there is none yet. */
  readFile(): Promise<Uint8Array | null>;
  /** Atomic write; `create` never replaces an existing file and answers `exists`. */
  writeFile(data: Uint8Array, mode: AtomicWriteMode): Promise<'written' | 'exists'>;
}

/** The part of Electron's `safeStorage` the vault uses (the async API; the sync one is deprecated in Electron 45). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export type SafeStorageSecretStoreOptions = {
  readonly safeStorage: SafeStorageLike;
  /** The vault file, normally `keyVaultPath(app.getPath('userData'))`. */
  readonly path: string;
  readonly platform: NodeJS.Platform;
  /**
   * Accept Linux's `basic_text` backend (a fixed, publicly known password, i.e.
   * no protection at rest). Off by default; only for throw-away demo machines.
   */
  readonly allowPlainTextBackend?: boolean;
};

/** Electron `safeStorage` + an atomically written file. */
export function safeStorageSecretStore(options: SafeStorageSecretStoreOptions): SecretStore {
  const { safeStorage, path, platform } = options;
  return {
    async unavailableReason() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) {
        return (
          'The operating system cannot protect the keys on this computer (Electron safeStorage is unavailable' +
          (platform === 'linux' ? ': no Secret Service such as GNOME Keyring or KWallet is running and unlocked' : '') +
          '). No keys were created.'
        );
      }
      if (platform === 'linux' && !options.allowPlainTextBackend) {
        const backend = safeStorage.getSelectedStorageBackend();
        if (backend === 'basic_text') {
          return (
            'No OS keyring was found: Electron safeStorage would use its "basic_text" backend, which encrypts with ' +
            'a fixed, publicly known password and does not protect the keys. Run and unlock a Secret Service ' +
            '(GNOME Keyring or KWallet), or start the app with --password-store=gnome-libsecret or =kwallet5/6. ' +
            'No keys were created.'
          );
        }
      }
      return null;
    },
    async encryptString(plainText) {
      const encrypted = await safeStorage.encryptStringAsync(plainText);
      return new Uint8Array(encrypted);
    },
    async decryptString(encrypted) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(encrypted));
      return { plainText: result, shouldReEncrypt };
    },
    readFile: () => readFileIfExists(path),
    writeFile: (data, mode) => writeFileAtomic(path, data, mode),
  };
}

// ---------------------------------------------------------------------------
// The file format

const FILE_FORMAT = 'aidtrail-key-vault';
const seedSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes of base64url');

/** `key-vault.json`: public parts in clear, private parts in `secret` (safeStorage ciphertext, base64). */
const vaultFileSchema = z.strictObject({
  format: z.literal(FILE_FORMAT),
  v: z.literal(1),
  device: didKeySchema,
  issuer: didKeySchema,
  kid: codeSchema,
  created: z.string().max(64),
  secret: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64').max(16_384),
});
type VaultFile = z.infer<typeof vaultFileSchema>;

/** What `secret` decrypts to (JSON). */
const vaultSecretSchema = z.strictObject({
  v: z.literal(1),
  kid: codeSchema,
  device: seedSchema,
  issuer: seedSchema,
  data: seedSchema,
});
type VaultSecret = z.infer<typeof vaultSecretSchema>;

/** RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed: node:crypto's JWK import needs the public key too. */
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  // Buffer.alloc (not the shared Buffer pool) so the seed copy can be wiped.
  const der = Buffer.alloc(ED25519_PKCS8_PREFIX.length + seed.length);
  der.set(ED25519_PKCS8_PREFIX);
  der.set(seed, ED25519_PKCS8_PREFIX.length);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

function ed25519PublicKey(privateKey: KeyObject): Uint8Array {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof x !== 'string') throw new Error('node:crypto exported an Ed25519 public key without x');
  return fromBase64url(x);
}

function generateSeed(): { seed: Uint8Array; did: DidKey } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const { d, x } = privateKey.export({ format: 'jwk' });
  if (typeof d !== 'string' || typeof x !== 'string') throw new Error('node:crypto exported an Ed25519 key without d/x');
  return { seed: fromBase64url(d), did: publicKeyToDid(fromBase64url(x)) };
}

type UnlockedKeys = {
  readonly device: KeyObject;
  readonly issuer: KeyObject;
  readonly kid: string;
  readonly dataKey: KeyObject;
};

/** A copy that owns exactly its bytes: a pooled Buffer would carry its whole slab across structured clone. */
const ownBytes = (bytes: Uint8Array): Uint8Array => Uint8Array.from(bytes);

export type KeyVaultOptions = {
  /** Non-fatal problems (a failed re-encryption after a keyring key rotation). */
  readonly log?: (message: string, cause?: unknown) => void;
  /** For the file's `created` field. */
  readonly now?: () => Date;
};

/**
 * The key vault over a `SecretStore`. Safe to call concurrently: creation is
 * serialised and every instance (also a second one over the same file) ends
 * with the same keys.
 */
export class KeyVault implements VaultApi {
  readonly #store: SecretStore;
  readonly #options: KeyVaultOptions;
  /** The parsed file, once read; it never changes afterwards (keys are never replaced). */
  #file: VaultFile | undefined;
  #unlocked: UnlockedKeys | undefined;
  #unlocking: Promise<Result<UnlockedKeys, VaultErrorCode>> | undefined;
  #creating: Promise<Result<VaultKeys, VaultErrorCode>> | undefined;

  constructor(store: SecretStore, options: KeyVaultOptions = {}) {
    this.#store = store;
    this.#options = options;
  }

  async vaultStatus(): Promise<Result<VaultStatus, VaultErrorCode>> {
    const file = await this.#readFile();
    if (!file.ok) return file;
    return ok(file.value ? { device: file.value.device, issuer: file.value.issuer } : { device: null, issuer: null });
  }

  vaultCreate(): Promise<Result<VaultKeys, VaultErrorCode>> {
    // One creation at a time; callers that arrive meanwhile share its answer.
    this.#creating ??= this.#create().finally(() => {
      this.#creating = undefined;
    });
    return this.#creating;
  }

  async sign(request: SignRequest): Promise<Result<Uint8Array, VaultErrorCode>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    const key: VaultKeyName = request.key;
    return ok(ownBytes(cryptoSign(null, request.bytes, keys.value[key])));
  }

  async seal(request: SealRequest): Promise<Result<SealedBlob, VaultErrorCode>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    const { kid, dataKey } = keys.value;
    const iv = ownBytes(randomBytes(SEAL_IV_BYTES));
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: SEAL_TAG_BYTES });
    cipher.setAAD(sealAad(kid));
    const ct = concatBytes(cipher.update(request.plaintext), cipher.final(), cipher.getAuthTag());
    return ok({ alg: 'A256GCM', kid, iv: toBase64url(iv), ct: toBase64url(ct) });
  }

  async open(blob: SealedBlob): Promise<Result<Uint8Array, VaultErrorCode>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    const { kid, dataKey } = keys.value;
    const decoded = decodeSealedBlob(blob, kid);
    if (!decoded.ok) return decoded;
    const { iv, ct } = decoded.value;
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: SEAL_TAG_BYTES });
      decipher.setAAD(sealAad(kid));
      decipher.setAuthTag(ct.subarray(ct.length - SEAL_TAG_BYTES));
      return ok(concatBytes(decipher.update(ct.subarray(0, ct.length - SEAL_TAG_BYTES)), decipher.final()));
    } catch {
      return err('cannot-decrypt', 'the ciphertext does not authenticate under this key (tampered or foreign)');
    }
  }

  // -------------------------------------------------------------------------

  /** The file, if any. Absence is not cached: another instance may create it. */
  async #readFile(): Promise<Result<VaultFile | undefined, VaultErrorCode>> {
    if (this.#file) return ok(this.#file);
    const bytes = await this.#store.readFile();
    if (bytes === null) return ok(undefined);
    let parsed: ReturnType<typeof vaultFileSchema.safeParse>;
    try {
      parsed = vaultFileSchema.safeParse(JSON.parse(fromUtf8(bytes)));
    } catch {
      return err('vault-unreadable', `the key file (${KEY_VAULT_FILE}) is damaged: not UTF-8 JSON. It was left untouched.`);
    }
    if (!parsed.success) {
      return err('vault-unreadable', `the key file (${KEY_VAULT_FILE}) is damaged or of an unknown format. It was left untouched.`);
    }
    this.#file = parsed.data;
    return ok(parsed.data);
  }

  async #create(): Promise<Result<VaultKeys, VaultErrorCode>> {
    const existing = await this.#readFile();
    if (!existing.ok) return existing;
    if (existing.value) return this.#existingKeys();

    const reason = await this.#store.unavailableReason();
    if (reason !== null) return err('vault-unavailable', reason);

    const device = generateSeed();
    const issuer = generateSeed();
    const dataKey = ownBytes(randomBytes(DATA_KEY_BYTES));
    const kid = dataKeyId(ownBytes(randomBytes(8)));
    const secret: VaultSecret = {
      v: 1,
      kid,
      device: toBase64url(device.seed),
      issuer: toBase64url(issuer.seed),
      data: toBase64url(dataKey),
    };
    const encrypted = await this.#store.encryptString(JSON.stringify(secret));
    const file: VaultFile = {
      format: FILE_FORMAT,
      v: 1,
      device: device.did,
      issuer: issuer.did,
      kid,
      created: (this.#options.now?.() ?? new Date()).toISOString(),
      secret: toBase64(encrypted),
    };
    // Prove the keyring gives the secret back before the keys become the device's identity.
    const check = await this.#decryptSecret(file);
    if (!check.ok) return check;

    const written = await this.#store.writeFile(utf8(`${JSON.stringify(file, null, 2)}\n`), 'create');
    if (written === 'exists') {
      // Another instance created the vault first: its keys are the keys.
      device.seed.fill(0);
      issuer.seed.fill(0);
      dataKey.fill(0);
      return this.#existingKeys();
    }
    this.#file = file;
    this.#unlocked = check.value.keys;
    device.seed.fill(0);
    issuer.seed.fill(0);
    dataKey.fill(0);
    return ok({ device: file.device, issuer: file.issuer });
  }

  /** The keys of the existing file, checked to unlock, so that a successful create means a usable vault. */
  async #existingKeys(): Promise<Result<VaultKeys, VaultErrorCode>> {
    const unlocked = await this.#unlock();
    if (!unlocked.ok) return unlocked;
    const file = this.#file;
    if (!file) throw new Error('unlocked without a key file');
    return ok({ device: file.device, issuer: file.issuer });
  }

  #unlock(): Promise<Result<UnlockedKeys, VaultErrorCode>> {
    if (this.#unlocked) return Promise.resolve(ok(this.#unlocked));
    // Failures are not cached: a keyring that was locked may be unlocked on the next call.
    this.#unlocking ??= this.#load().finally(() => {
      this.#unlocking = undefined;
    });
    return this.#unlocking;
  }

  async #load(): Promise<Result<UnlockedKeys, VaultErrorCode>> {
    const file = await this.#readFile();
    if (!file.ok) return file;
    if (!file.value) return err('no-key', 'the vault has no keys yet: create them first (vault:create)');
    const decrypted = await this.#decryptSecret(file.value);
    if (!decrypted.ok) return decrypted;
    const { keys, plainText, shouldReEncrypt } = decrypted.value;
    this.#unlocked = keys;
    if (shouldReEncrypt) await this.#reEncrypt(file.value, plainText);
    return ok(keys);
  }

  async #decryptSecret(
    file: VaultFile,
  ): Promise<Result<{ keys: UnlockedKeys; plainText: string; shouldReEncrypt: boolean }, VaultErrorCode>> {
    let plainText: string;
    let shouldReEncrypt: boolean;
    try {
      ({ plainText, shouldReEncrypt } = await this.#store.decryptString(fromBase64(file.secret)));
    } catch {
      const reason = await this.#store.unavailableReason();
      if (reason !== null) return err('vault-unavailable', reason);
      return err(
        'vault-unreadable',
        'the keys cannot be decrypted with this computer\'s keyring (was the OS user, keyring or machine changed?). ' +
          'The key file was left untouched.',
      );
    }
    let secret: VaultSecret;
    try {
      secret = vaultSecretSchema.parse(JSON.parse(plainText));
    } catch {
      return err('vault-unreadable', 'the decrypted key file content is damaged. The key file was left untouched.');
    }
    const device = fromBase64url(secret.device);
    const issuer = fromBase64url(secret.issuer);
    const data = fromBase64url(secret.data);
    try {
      const keys: UnlockedKeys = {
        device: ed25519PrivateKey(device),
        issuer: ed25519PrivateKey(issuer),
        kid: secret.kid,
        dataKey: createSecretKey(data),
      };
      const matches = (key: KeyObject, did: DidKey): boolean => {
        const expected = didToPublicKey(did);
        return expected.ok && equalBytes(ed25519PublicKey(key), expected.value);
      };
      if (!matches(keys.device, file.device) || !matches(keys.issuer, file.issuer) || secret.kid !== file.kid) {
        return err('vault-unreadable', 'the key file\'s public keys do not match its private keys. It was left untouched.');
      }
      return ok({ keys, plainText, shouldReEncrypt });
    } finally {
      device.fill(0);
      issuer.fill(0);
      data.fill(0);
    }
  }

  /** safeStorage rotated its key: store the same secrets under the new one (same keys, atomically replaced). */
  async #reEncrypt(file: VaultFile, plainText: string): Promise<void> {
    try {
      const encrypted = await this.#store.encryptString(plainText);
      const roundTrip = await this.#store.decryptString(encrypted);
      if (roundTrip.plainText !== plainText) throw new Error('re-encrypted secret does not decrypt to the same keys');
      const updated: VaultFile = { ...file, secret: toBase64(encrypted) };
      await this.#store.writeFile(utf8(`${JSON.stringify(updated, null, 2)}\n`), 'replace');
      this.#file = updated;
    } catch (cause) {
      // The old file still decrypts; try again on the next start.
      this.#options.log?.('key vault: re-encryption after a keyring key rotation failed', cause);
    }
  }
}
