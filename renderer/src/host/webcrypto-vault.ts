/**
 * A key vault over WebCrypto, for the hosts that run without Electron (the
 * browser host and the in-memory host). Keys are `CryptoKey` objects: script
 * can use them to sign, seal, open and agree, but `exportKey` refuses to hand
 * out the bytes of the private keys and the data key. Records and where they
 * are kept: `./webcrypto-records.ts`; the cryptography: `./webcrypto-keys.ts`.
 *
 * Besides the device's own keys the vault holds an X25519 agreement key and
 * the site keys of issue 10 ("one site, many laptops"): the team lead's vault
 * makes a site key and wraps it to each admitted laptop's agreement key; each
 * laptop unwraps it here and seals personal fields with it.
 */
import type { SealedBlob, SealRequest, SignRequest, SiteKeyWrapRequest, VaultErrorCode, VaultKeys, VaultStatus } from '../../../shared/ipc';
import { toBase64url } from '../../../shared/bytes';
import { err, ok, type Result } from '../../../shared/result';
import { decodeSealedBlob, isSiteKeyId, sealAad, type VaultApi } from '../../../shared/vault';
import { siteKeyId, type WrappedSiteKey } from '../../../shared/vault-wrap';
import {
  aesGcmOpen,
  aesGcmSeal,
  bufferSource,
  generateAgreement,
  generateSiteKey,
  generateVault,
  sameKey,
  unwrapSiteKey,
  wrapSiteKey,
  type VaultSeeds,
} from './webcrypto-keys';
import {
  checkAgreement,
  checkSiteKey,
  checkVault,
  siteKeyRecord,
  VaultUnavailableError,
  type StoredAgreement,
  type StoredRecord,
  type StoredVault,
  type VaultRecordName,
  type VaultRecordStore,
} from './webcrypto-records';

export type WebCryptoVaultOptions = {
  readonly seeds?: VaultSeeds;
  /** Called once after this instance created the keys (the browser host asks for persistent storage). */
  readonly onCreated?: () => void;
};

const unavailable = (cause: unknown): Result<never, VaultErrorCode> =>
  err(
    'vault-unavailable',
    `this browser cannot keep keys here: ${cause instanceof Error ? cause.message : String(cause)} ` +
      '(a secure context with IndexedDB and WebCrypto Ed25519 and X25519 is needed)',
  );

const noVault = (): Result<never, 'no-key'> => err('no-key', 'the vault has no keys yet: create them first (vault:create)');
const noSiteKey = (kid: string): Result<never, 'no-key'> => err('no-key', `this vault does not hold the site key ${kid}`);

/** A check of a record read back: undefined when none is stored. */
type Check<T> = (value: unknown) => Result<T | undefined, VaultErrorCode>;

/**
 * The vault over a store. Arguments are assumed parsed (`vault-host.ts` does
 * that); answers follow the `vault:*` contract of shared/ipc.ts. Keys are
 * never replaced, so once read they are cached; absence is not (another tab
 * may create them).
 */
export function webCryptoVault(store: VaultRecordStore, options: WebCryptoVaultOptions = {}): VaultApi {
  let vault: StoredVault | undefined;
  let agreement: StoredAgreement | undefined;
  const siteKeys = new Map<string, CryptoKey>();
  let creating: Promise<Result<VaultKeys, VaultErrorCode>> | undefined;

  /** A store call; a store that cannot work here answers vault-unavailable. */
  const fromStore = async <T>(call: () => Promise<T>): Promise<Result<T, VaultErrorCode>> => {
    try {
      return ok(await call());
    } catch (cause) {
      if (cause instanceof VaultUnavailableError) return unavailable(cause);
      throw cause;
    }
  };

  const load = async <T>(name: VaultRecordName, check: Check<T>): Promise<Result<T | undefined, VaultErrorCode>> => {
    const raw = await fromStore(() => store.load(name));
    return raw.ok ? check(raw.value) : raw;
  };

  /** Adds a record unless one is there, and answers the one stored (the caller's or an earlier one), checked. */
  const add = async <N extends VaultRecordName>(
    name: N,
    record: StoredRecord<N>,
    check: Check<StoredRecord<N>>,
  ): Promise<Result<StoredRecord<N>, VaultErrorCode>> => {
    const stored = await fromStore(() => store.addIfAbsent(name, record));
    if (!stored.ok) return stored;
    const checked = check(stored.value);
    if (!checked.ok) return checked;
    if (!checked.value) throw new Error('the vault store answered no record after adding one');
    return ok(checked.value);
  };

  const readVault = async (): Promise<Result<StoredVault | undefined, VaultErrorCode>> => {
    if (vault) return ok(vault);
    const record = await load('vault', checkVault);
    if (record.ok) vault = record.value;
    return record;
  };

  const readAgreement = async (): Promise<Result<StoredAgreement | undefined, VaultErrorCode>> => {
    if (agreement) return ok(agreement);
    const record = await load('agreement', checkAgreement);
    if (record.ok) agreement = record.value;
    return record;
  };

  const unlocked = async (): Promise<Result<StoredVault, VaultErrorCode>> => {
    const record = await readVault();
    if (!record.ok) return record;
    return record.value ? ok(record.value) : noVault();
  };

  /** The site key `kid`, loaded once; undefined when this vault does not hold it. */
  const siteKey = async (kid: string): Promise<Result<CryptoKey | undefined, VaultErrorCode>> => {
    const cached = siteKeys.get(kid);
    if (cached) return ok(cached);
    const record = await load(siteKeyRecord(kid), (value) => checkSiteKey(kid, value));
    if (!record.ok) return record;
    if (record.value) siteKeys.set(kid, record.value.key);
    return ok(record.value?.key);
  };

  const create = async (): Promise<Result<VaultKeys, VaultErrorCode>> => {
    const existing = await readVault();
    if (!existing.ok) return existing;
    let keys = existing.value;
    if (!keys) {
      let fresh: StoredVault;
      try {
        fresh = await generateVault(options.seeds);
      } catch (cause) {
        // NotSupportedError (no Ed25519), no crypto.subtle outside a secure context.
        return unavailable(cause);
      }
      const added = await add('vault', fresh, checkVault);
      if (!added.ok) return added;
      vault = keys = added.value;
      if (added.value === fresh) options.onCreated?.();
    }
    // Also for a vault made before agreement keys existed: its `vault` record stays as it is.
    const agreed = await readAgreement();
    if (!agreed.ok) return agreed;
    let agreementKey = agreed.value;
    if (!agreementKey) {
      let fresh: StoredAgreement;
      try {
        fresh = await generateAgreement();
      } catch (cause) {
        return unavailable(cause);
      }
      const added = await add('agreement', fresh, checkAgreement);
      if (!added.ok) return added;
      agreement = agreementKey = added.value;
    }
    return ok({ device: keys.device.did, issuer: keys.issuer.did, agreement: agreementKey.agreement });
  };

  return {
    async vaultStatus(): Promise<Result<VaultStatus, VaultErrorCode>> {
      const record = await readVault();
      if (!record.ok) return record;
      if (!record.value) return ok({ device: null, issuer: null, agreement: null });
      const agreed = await readAgreement();
      if (!agreed.ok) return agreed;
      return ok({ device: record.value.device.did, issuer: record.value.issuer.did, agreement: agreed.value?.agreement ?? null });
    },

    vaultCreate(): Promise<Result<VaultKeys, VaultErrorCode>> {
      creating ??= create().finally(() => {
        creating = undefined;
      });
      return creating;
    },

    async sign(request: SignRequest): Promise<Result<Uint8Array, VaultErrorCode>> {
      const keys = await unlocked();
      if (!keys.ok) return keys;
      const signature = await crypto.subtle.sign({ name: 'Ed25519' }, keys.value[request.key].privateKey, bufferSource(request.bytes));
      return ok(new Uint8Array(signature));
    },

    async seal(request: SealRequest): Promise<Result<SealedBlob, VaultErrorCode>> {
      const keys = await unlocked();
      if (!keys.ok) return keys;
      let { kid, key } = keys.value.data;
      if (request.kid !== undefined) {
        const held = await siteKey(request.kid);
        if (!held.ok) return held;
        if (!held.value) return noSiteKey(request.kid);
        [kid, key] = [request.kid, held.value];
      }
      const { iv, ct } = await aesGcmSeal(key, request.plaintext, sealAad(kid, request.context));
      return ok({ alg: 'A256GCM', kid, iv: toBase64url(iv), ct: toBase64url(ct) });
    },

    async open(blob: SealedBlob, context?: string): Promise<Result<Uint8Array, VaultErrorCode>> {
      const keys = await unlocked();
      if (!keys.ok) return keys;
      if (isSiteKeyId(blob.kid)) {
        // Loads the site key if this instance has not yet: decodeSealedBlob only looks up.
        const loaded = await siteKey(blob.kid);
        if (!loaded.ok) return loaded;
      }
      const data = keys.value.data;
      const decoded = decodeSealedBlob(blob, (id) => (id === data.kid ? data.key : siteKeys.get(id)));
      if (!decoded.ok) return decoded;
      const { key, iv, ct } = decoded.value;
      const plaintext = await aesGcmOpen(key, iv, ct, sealAad(blob.kid, context));
      return plaintext
        ? ok(plaintext)
        : err('cannot-decrypt', 'the ciphertext does not authenticate under this key and context (tampered, foreign or moved)');
    },

    async siteKeyCreate(): Promise<Result<{ kid: string }, VaultErrorCode>> {
      const keys = await unlocked();
      if (!keys.ok) return keys;
      const key = await generateSiteKey();
      const kid = siteKeyId(crypto.getRandomValues(new Uint8Array(8)));
      const name = siteKeyRecord(kid);
      const stored = await add(name, { v: 1, kid, key, created: new Date().toISOString() }, (value) => checkSiteKey(kid, value));
      if (!stored.ok) return stored;
      // 64 random bits: a key already under a fresh id is not a thing that happens, so it is a bug.
      if (stored.value.key !== key) throw new Error(`a site key ${kid} already existed`);
      siteKeys.set(kid, key);
      return ok({ kid });
    },

    async siteKeyWrap(request: SiteKeyWrapRequest): Promise<Result<WrappedSiteKey, VaultErrorCode | 'invalid-args'>> {
      const keys = await unlocked();
      if (!keys.ok) return keys;
      const held = await siteKey(request.kid);
      if (!held.ok) return held;
      if (!held.value) return noSiteKey(request.kid);
      const wrapped = await wrapSiteKey(held.value, request.kid, request.to);
      // A low-order `to` is as unusable as a malformed one: the same answer as the schema's.
      return wrapped.ok ? wrapped : err('invalid-args', `vault:site-key-wrap: to: ${wrapped.message}`);
    },

    async siteKeyAccept(wrapped: WrappedSiteKey): Promise<Result<{ kid: string }, VaultErrorCode>> {
      const keys = await unlocked();
      if (!keys.ok) return keys;
      const agreed = await readAgreement();
      if (!agreed.ok) return agreed;
      if (!agreed.value) return err('no-key', 'this vault has no agreement key yet: call vault:create to add it');
      const unwrapped = await unwrapSiteKey(wrapped, agreed.value);
      if (!unwrapped.ok) return unwrapped;
      const { kid } = wrapped;
      const record = { v: 1, kid, key: unwrapped.value, created: new Date().toISOString() } as const;
      const stored = await add(siteKeyRecord(kid), record, (value) => checkSiteKey(kid, value));
      if (!stored.ok) return stored;
      // The kid was held already: the same key is fine; another one never replaces it.
      if (stored.value.key !== unwrapped.value && !(await sameKey(stored.value.key, unwrapped.value))) {
        return err('cannot-decrypt', `this vault already holds a different site key under ${kid}; it was not replaced`);
      }
      siteKeys.set(kid, stored.value.key);
      return ok({ kid });
    },

    async siteKeys(): Promise<Result<readonly string[], VaultErrorCode>> {
      const keys = await unlocked();
      if (!keys.ok) return keys;
      const ids = await fromStore(() => store.siteKeyIds());
      if (!ids.ok) return ids;
      // Only keys that load count: the kit seals with what this answers.
      for (const kid of ids.value) {
        const loaded = await siteKey(kid);
        if (!loaded.ok) return loaded;
      }
      return ids;
    },
  };
}
