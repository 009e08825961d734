/**
 * The key vault of the desktop app (HostApi `vault:*`). Private keys live
 * only here, in the main process: the renderer asks for signatures, seals and
 * wrapped site keys, and never sees a key.
 *
 * Keys, each created once and never replaced:
 * - two Ed25519 keys (`device`, `issuer`) and a 256-bit AES-GCM data key
 *   (`dk-…`, for what only this laptop reads), made by `vaultCreate`;
 * - an X25519 key-agreement key (`agreement`), also made by `vaultCreate`,
 *   added to a vault from before it existed: the team lead's laptop wraps the
 *   site key to it (issue 10, "one site, many laptops");
 * - site keys (`sk-…`, AES-256): made here on the lead's laptop
 *   (`siteKeyCreate`), or unwrapped here from a `site-key` event
 *   (`siteKeyAccept`); every admitted laptop seals personal fields with them.
 * Each is kept in its own file (`./secret-store.ts`, `./vault-records.ts`),
 * private parts encrypted with Electron `safeStorage`. Cryptography goes
 * through node:crypto (`./vault-crypto.ts`).
 */
import { createSecretKey, randomBytes, sign as cryptoSign, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { equalBytes, fromBase64url, toBase64url } from '../../shared/bytes';
import { didToPublicKey, type DidKey } from '../../shared/crypto/did-key';
import type {
  SealedBlob,
  SealRequest,
  SignRequest,
  SiteKeyWrapRequest,
  VaultErrorCode,
  VaultKeys,
  VaultStatus,
} from '../../shared/ipc';
import { err, ok, type Result } from '../../shared/result';
import { createSerialQueue } from '../../shared/serial-queue';
import { DATA_KEY_BYTES, dataKeyId, decodeSealedBlob, isSiteKeyId, sealAad, type VaultApi } from '../../shared/vault';
import { siteKeyId, type WrappedSiteKey } from '../../shared/vault-wrap';
import type { SecretStore, VaultRecordName } from './secret-store';
import {
  aesGcmOpen,
  aesGcmSeal,
  ed25519PrivateKey,
  generateAgreementKey,
  generateSeed,
  ownBytes,
  rawPublicKey,
  unwrapSiteKey,
  wrapSiteKey,
  x25519PrivateKey,
} from './vault-crypto';
import {
  agreementFileSchema,
  agreementSecretSchema,
  damaged,
  decryptRecord,
  keysFileSchema,
  keysSecretSchema,
  readRecordFile,
  reEncryptRecord,
  siteKeyFileSchema,
  siteKeySecretSchema,
  writeNewRecord,
} from './vault-records';

// What constructing the production vault needs (electron/main/index.ts), besides the class.
export { keyVaultPath, safeStorageSecretStore } from './secret-store';

type KeysFile = z.infer<typeof keysFileSchema>;
type UnlockedKeys = { readonly device: KeyObject; readonly issuer: KeyObject; readonly kid: string; readonly dataKey: KeyObject };
type Agreement = { readonly agreement: string; readonly privateKey: KeyObject };

/** Site-key ids reach the store only parsed (`sk-` and 16 hex digits); `recordFileName` refuses anything else. */
const siteKeyRecord = (kid: string): VaultRecordName => kid as `sk-${string}`;

const noVault = (): Result<never, 'no-key'> => err('no-key', 'the vault has no keys yet: create them first (vault:create)');

export type KeyVaultOptions = {
  /** Non-fatal problems (a failed re-encryption after a keyring key rotation). */
  readonly log?: (message: string, cause?: unknown) => void;
  /** For the files' `created` field. */
  readonly now?: () => Date;
};

/**
 * The key vault over a `SecretStore`. Safe to call concurrently: creations
 * are serialised, and every instance (also a second one over the same files)
 * ends with the same keys, since a record file is only ever created, never
 * replaced. Keys once read are cached (they never change); absence is not
 * (another instance may create them).
 */
export class KeyVault implements VaultApi {
  readonly #store: SecretStore;
  readonly #options: KeyVaultOptions;
  readonly #serial = createSerialQueue();
  #keysFile: KeysFile | undefined;
  #unlocked: UnlockedKeys | undefined;
  #unlocking: Promise<Result<UnlockedKeys, VaultErrorCode>> | undefined;
  #agreement: Agreement | undefined;
  readonly #siteKeys = new Map<string, KeyObject>();

  constructor(store: SecretStore, options: KeyVaultOptions = {}) {
    this.#store = store;
    this.#options = options;
  }

  async vaultStatus(): Promise<Result<VaultStatus, VaultErrorCode>> {
    const keys = await this.#readKeysFile();
    if (!keys.ok) return keys;
    if (!keys.value) return ok({ device: null, issuer: null, agreement: null });
    // The public half only: status decrypts nothing.
    const agreement = await readRecordFile(this.#store, 'agreement', agreementFileSchema);
    if (!agreement.ok) return agreement;
    return ok({ device: keys.value.device, issuer: keys.value.issuer, agreement: agreement.value?.agreement ?? null });
  }

  vaultCreate(): Promise<Result<VaultKeys, VaultErrorCode>> {
    return this.#serial(async () => {
      const keys = await this.#createKeys();
      if (!keys.ok) return keys;
      const agreement = await this.#createAgreement();
      if (!agreement.ok) return agreement;
      return ok({ device: keys.value.device, issuer: keys.value.issuer, agreement: agreement.value.agreement });
    });
  }

  async sign(request: SignRequest): Promise<Result<Uint8Array, VaultErrorCode>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    return ok(ownBytes(cryptoSign(null, request.bytes, keys.value[request.key])));
  }

  async seal(request: SealRequest): Promise<Result<SealedBlob, VaultErrorCode>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    let kid = keys.value.kid;
    let key = keys.value.dataKey;
    if (request.kid !== undefined) {
      const siteKey = await this.#siteKey(request.kid);
      if (!siteKey.ok) return siteKey;
      if (!siteKey.value) return err('no-key', `this vault does not hold the site key ${request.kid}`);
      [kid, key] = [request.kid, siteKey.value];
    }
    const { iv, ct } = aesGcmSeal(key, request.plaintext, sealAad(kid, request.context));
    return ok({ alg: 'A256GCM', kid, iv: toBase64url(iv), ct: toBase64url(ct) });
  }

  async open(blob: SealedBlob, context?: string): Promise<Result<Uint8Array, VaultErrorCode>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    if (isSiteKeyId(blob.kid)) {
      // Loads the site key if this instance has not yet: decodeSealedBlob only looks up.
      const loaded = await this.#siteKey(blob.kid);
      if (!loaded.ok) return loaded;
    }
    const { kid, dataKey } = keys.value;
    const decoded = decodeSealedBlob(blob, (id) => (id === kid ? dataKey : this.#siteKeys.get(id)));
    if (!decoded.ok) return decoded;
    const { key, iv, ct } = decoded.value;
    const plaintext = aesGcmOpen(key, iv, ct, sealAad(blob.kid, context));
    return plaintext
      ? ok(plaintext)
      : err('cannot-decrypt', 'the ciphertext does not authenticate under this key and context (tampered, foreign or moved)');
  }

  siteKeyCreate(): Promise<Result<{ kid: string }, VaultErrorCode>> {
    return this.#serial(async () => {
      const keys = await this.#unlock();
      if (!keys.ok) return keys;
      const kid = siteKeyId(ownBytes(randomBytes(8)));
      const key = ownBytes(randomBytes(DATA_KEY_BYTES));
      const stored = await this.#storeSiteKey(kid, key);
      key.fill(0);
      if (!stored.ok) return stored;
      // 64 random bits: a key already under a fresh id is not a thing that happens, so it is a bug.
      if (!stored.value.written) throw new Error(`a site key ${kid} already existed`);
      return ok({ kid });
    });
  }

  async siteKeyWrap(request: SiteKeyWrapRequest): Promise<Result<WrappedSiteKey, VaultErrorCode | 'invalid-args'>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    const siteKey = await this.#siteKey(request.kid);
    if (!siteKey.ok) return siteKey;
    if (!siteKey.value) return err('no-key', `this vault does not hold the site key ${request.kid}`);
    const bytes = siteKey.value.export();
    try {
      const wrapped = wrapSiteKey(bytes, request.kid, request.to);
      // A low-order `to` is as unusable as a malformed one: the same answer as the schema's.
      return wrapped.ok ? wrapped : err('invalid-args', `vault:site-key-wrap: to: ${wrapped.message}`);
    } finally {
      bytes.fill(0);
    }
  }

  async siteKeyAccept(wrapped: WrappedSiteKey): Promise<Result<{ kid: string }, VaultErrorCode>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    const agreement = await this.#loadAgreement();
    if (!agreement.ok) return agreement;
    if (!agreement.value) return err('no-key', 'this vault has no agreement key yet: call vault:create to add it');
    const unwrapped = unwrapSiteKey(wrapped, agreement.value.privateKey);
    if (!unwrapped.ok) return unwrapped;
    const key = unwrapped.value;
    try {
      const stored = await this.#serial(() => this.#storeSiteKey(wrapped.kid, key));
      if (!stored.ok) return stored;
      // The kid was held already: the same key is fine; another one never replaces it.
      if (!stored.value.written) {
        const held = stored.value.held.export();
        const same = equalBytes(held, key);
        held.fill(0);
        if (!same) {
          return err('cannot-decrypt', `this vault already holds a different site key under ${wrapped.kid}; it was not replaced`);
        }
      }
      return ok({ kid: wrapped.kid });
    } finally {
      key.fill(0);
    }
  }

  async siteKeys(): Promise<Result<readonly string[], VaultErrorCode>> {
    const keys = await this.#unlock();
    if (!keys.ok) return keys;
    const ids = await this.#store.siteKeyIds();
    // Only keys that load count: the kit seals with what this answers.
    for (const kid of ids) {
      const loaded = await this.#siteKey(kid);
      if (!loaded.ok) return loaded;
    }
    return ok(ids);
  }

  // -------------------------------------------------------------------------
  // Signing and data keys (key-vault.json)

  async #readKeysFile(): Promise<Result<KeysFile | undefined, VaultErrorCode>> {
    if (this.#keysFile) return ok(this.#keysFile);
    const file = await readRecordFile(this.#store, 'keys', keysFileSchema);
    if (file.ok && file.value) this.#keysFile = file.value;
    return file;
  }

  async #createKeys(): Promise<Result<KeysFile, VaultErrorCode>> {
    const existing = await this.#readKeysFile();
    if (!existing.ok) return existing;
    if (!existing.value) {
      const device = generateSeed();
      const issuer = generateSeed();
      const data = ownBytes(randomBytes(DATA_KEY_BYTES));
      const kid = dataKeyId(ownBytes(randomBytes(8)));
      const clear = { format: 'aidtrail-key-vault', v: 1, device: device.did, issuer: issuer.did, kid, created: this.#now() } as const;
      const secret = { v: 1, kid, device: toBase64url(device.seed), issuer: toBase64url(issuer.seed), data: toBase64url(data) };
      const written = await writeNewRecord(this.#store, 'keys', clear, secret);
      for (const bytes of [device.seed, issuer.seed, data]) bytes.fill(0);
      if (!written.ok) return written;
      // Written, or another instance was first: either way the file on disk holds the keys.
    }
    // Unlocked from disk, so that a successful create means a usable vault.
    const unlocked = await this.#unlock();
    if (!unlocked.ok) return unlocked;
    if (!this.#keysFile) throw new Error('unlocked without a key file');
    return ok(this.#keysFile);
  }

  #unlock(): Promise<Result<UnlockedKeys, VaultErrorCode>> {
    if (this.#unlocked) return Promise.resolve(ok(this.#unlocked));
    // Failures are not cached: a keyring that was locked may be unlocked on the next call.
    this.#unlocking ??= this.#loadKeys().finally(() => {
      this.#unlocking = undefined;
    });
    return this.#unlocking;
  }

  async #loadKeys(): Promise<Result<UnlockedKeys, VaultErrorCode>> {
    const file = await this.#readKeysFile();
    if (!file.ok) return file;
    if (!file.value) return noVault();
    const decrypted = await decryptRecord(this.#store, 'keys', file.value, keysSecretSchema);
    if (!decrypted.ok) return decrypted;
    const { secret } = decrypted.value;
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
        return expected.ok && equalBytes(rawPublicKey(key), expected.value);
      };
      if (!matches(keys.device, file.value.device) || !matches(keys.issuer, file.value.issuer) || secret.kid !== file.value.kid) {
        return damaged('keys', 'has public keys that do not match its private keys');
      }
      this.#unlocked = keys;
      if (decrypted.value.shouldReEncrypt) await this.#reEncrypt('keys', file.value, decrypted.value.plainText);
      return ok(keys);
    } finally {
      for (const bytes of [device, issuer, data]) bytes.fill(0);
    }
  }

  // -------------------------------------------------------------------------
  // The agreement key (key-vault.agreement.json)

  async #createAgreement(): Promise<Result<Agreement, VaultErrorCode>> {
    const existing = await this.#loadAgreement();
    if (!existing.ok) return existing;
    if (existing.value) return ok(existing.value);
    const { secret, agreement } = generateAgreementKey();
    const clear = { format: 'aidtrail-key-vault-agreement', v: 1, agreement, created: this.#now() } as const;
    const written = await writeNewRecord(this.#store, 'agreement', clear, { v: 1, agreement: toBase64url(secret) });
    secret.fill(0);
    if (!written.ok) return written;
    // Written, or another instance was first: either way the file on disk holds the key.
    const loaded = await this.#loadAgreement();
    if (!loaded.ok) return loaded;
    if (!loaded.value) throw new Error('the agreement key file is missing right after it was written');
    return ok(loaded.value);
  }

  async #loadAgreement(): Promise<Result<Agreement | undefined, VaultErrorCode>> {
    if (this.#agreement) return ok(this.#agreement);
    const file = await readRecordFile(this.#store, 'agreement', agreementFileSchema);
    if (!file.ok) return file;
    if (!file.value) return ok(undefined);
    const decrypted = await decryptRecord(this.#store, 'agreement', file.value, agreementSecretSchema);
    if (!decrypted.ok) return decrypted;
    const raw = fromBase64url(decrypted.value.secret.agreement);
    let privateKey: KeyObject;
    try {
      privateKey = x25519PrivateKey(raw);
    } finally {
      raw.fill(0);
    }
    if (toBase64url(rawPublicKey(privateKey)) !== file.value.agreement) {
      return damaged('agreement', 'has a public key that does not match its private key');
    }
    this.#agreement = { agreement: file.value.agreement, privateKey };
    if (decrypted.value.shouldReEncrypt) await this.#reEncrypt('agreement', file.value, decrypted.value.plainText);
    return ok(this.#agreement);
  }

  // -------------------------------------------------------------------------
  // Site keys (key-vault.sk-….json)

  /**
   * Writes a site key unless its kid has a file, and answers the key now held
   * under the kid: this one (`written`), or the one that was there (maybe another).
   */
  async #storeSiteKey(kid: string, key: Uint8Array): Promise<Result<{ held: KeyObject; written: boolean }, VaultErrorCode>> {
    const cached = this.#siteKeys.get(kid);
    if (cached) return ok({ held: cached, written: false });
    const clear = { format: 'aidtrail-key-vault-site-key', v: 1, kid, created: this.#now() } as const;
    const written = await writeNewRecord(this.#store, siteKeyRecord(kid), clear, { v: 1, kid, key: toBase64url(key) });
    if (!written.ok) return written;
    const held = await this.#siteKey(kid);
    if (!held.ok) return held;
    if (!held.value) throw new Error(`the site key file of ${kid} is missing right after it was written`);
    return ok({ held: held.value, written: written.value === 'written' });
  }

  /** The site key `kid`, loaded once; undefined when this vault does not hold it. */
  async #siteKey(kid: string): Promise<Result<KeyObject | undefined, VaultErrorCode>> {
    const cached = this.#siteKeys.get(kid);
    if (cached) return ok(cached);
    const name = siteKeyRecord(kid);
    const file = await readRecordFile(this.#store, name, siteKeyFileSchema);
    if (!file.ok) return file;
    if (!file.value) return ok(undefined);
    const decrypted = await decryptRecord(this.#store, name, file.value, siteKeySecretSchema);
    if (!decrypted.ok) return decrypted;
    if (file.value.kid !== kid || decrypted.value.secret.kid !== kid) return damaged(name, 'names another site key');
    const raw = fromBase64url(decrypted.value.secret.key);
    const key = createSecretKey(raw);
    raw.fill(0);
    this.#siteKeys.set(kid, key);
    if (decrypted.value.shouldReEncrypt) await this.#reEncrypt(name, file.value, decrypted.value.plainText);
    return ok(key);
  }

  // -------------------------------------------------------------------------

  #reEncrypt(name: VaultRecordName, file: { readonly secret: string }, plainText: string): Promise<void> {
    return reEncryptRecord(this.#store, name, file, plainText, this.#options.log);
  }

  #now(): string {
    return (this.#options.now?.() ?? new Date()).toISOString();
  }
}
