/**
 * The WebCrypto vault's cryptography, with `crypto.subtle` only (browsers
 * and Node 22 both have it): making its keys, AES-256-GCM sealing, X25519
 * key agreement, and the site-key wrapping of shared/vault-wrap.ts (ECIES:
 * X25519, HKDF-SHA256, AES-256-GCM), which these functions produce and read
 * exactly (`webcrypto-keys.test.ts` wraps and unwraps against that reference).
 *
 * Private keys are made non-extractable; only site keys are extractable
 * (`StoredSiteKey` in ./webcrypto-records.ts says why).
 */
import { concatBytes, equalBytes, fromBase64url, toBase64url } from '../../../shared/bytes';
import { publicKeyToDid } from '../../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../../shared/crypto/ed25519';
import { err, ok, type Result } from '../../../shared/result';
import { dataKeyId, SEAL_IV_BYTES, SEAL_TAG_BYTES } from '../../../shared/vault';
import { AGREEMENT_KEY_BYTES, decodeWrappedSiteKey, wrapInfo, type WrappedSiteKey } from '../../../shared/vault-wrap';
import type { StoredAgreement, StoredSigningKey, StoredVault } from './webcrypto-records';

const ED25519 = { name: 'Ed25519' } as const;
const X25519 = { name: 'X25519' } as const;
const AES_256_GCM = { name: 'AES-GCM', length: 256 } as const;
const WRAP_IV_BYTES = 12;

/** RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed, for `importKey`. */
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/** WebCrypto takes ArrayBuffer-backed views only (not SharedArrayBuffer). */
export const bufferSource = (bytes: Uint8Array): Uint8Array<ArrayBuffer> =>
  bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : Uint8Array.from(bytes);

/** Fixed Ed25519 seeds instead of random keys: for reproducible fixtures in tests only. */
export type VaultSeeds = { readonly device?: Uint8Array; readonly issuer?: Uint8Array };

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

/** The `vault` record's keys (signing keys and data key), non-extractable. */
export async function generateVault(seeds: VaultSeeds = {}): Promise<StoredVault> {
  const device = await signingKey(seeds.device);
  const issuer = await signingKey(seeds.issuer);
  const key = await crypto.subtle.generateKey(AES_256_GCM, false, ['encrypt', 'decrypt']);
  const kid = dataKeyId(crypto.getRandomValues(new Uint8Array(8)));
  return { v: 1, device, issuer, data: { kid, key }, created: new Date().toISOString() };
}

async function x25519Pair(): Promise<{ publicKey: Uint8Array; privateKey: CryptoKey }> {
  // TypeScript's DOM types predate X25519 in WebCrypto and type the pair as a single key.
  const pair = (await crypto.subtle.generateKey(X25519, false, ['deriveBits'])) as CryptoKeyPair;
  return { publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)), privateKey: pair.privateKey };
}

/** The `agreement` record: a fresh X25519 key pair, the private key non-extractable. */
export async function generateAgreement(): Promise<StoredAgreement> {
  const { publicKey, privateKey } = await x25519Pair();
  return { v: 1, agreement: toBase64url(publicKey), privateKey, created: new Date().toISOString() };
}

/** A fresh site key, extractable so that it can be wrapped for other laptops. */
export const generateSiteKey = (): Promise<CryptoKey> => crypto.subtle.generateKey(AES_256_GCM, true, ['encrypt', 'decrypt']);

/** Whether a WebCrypto failure is the refusal of bad input rather than a bug. */
const isRefusal = (cause: unknown): boolean =>
  cause instanceof DOMException && (cause.name === 'OperationError' || cause.name === 'DataError');

/** X25519 with a peer's raw public key; undefined for a low-order peer (WebCrypto refuses the all-zero secret; checked again here). */
async function agree(privateKey: CryptoKey, peer: Uint8Array): Promise<Uint8Array | undefined> {
  let shared: Uint8Array;
  try {
    const publicKey = await crypto.subtle.importKey('raw', bufferSource(peer), X25519, false, []);
    shared = new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: publicKey }, privateKey, 256));
  } catch (cause) {
    if (isRefusal(cause)) return undefined;
    throw cause;
  }
  return shared.some((b) => b !== 0) ? shared : undefined;
}

async function wrapKek(shared: Uint8Array, epk: Uint8Array, recipient: Uint8Array, kid: string, usage: 'wrapKey' | 'unwrapKey'): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', bufferSource(shared), 'HKDF', false, ['deriveKey']);
  shared.fill(0);
  const hkdf = { name: 'HKDF', hash: 'SHA-256', salt: bufferSource(concatBytes(epk, recipient)), info: bufferSource(wrapInfo(kid)) };
  return crypto.subtle.deriveKey(hkdf, ikm, AES_256_GCM, false, [usage]);
}

const wrapParams = (iv: Uint8Array, kid: string): AesGcmParams => ({
  name: 'AES-GCM',
  iv: bufferSource(iv),
  additionalData: bufferSource(wrapInfo(kid)),
  tagLength: 128,
});

/** `wrapSiteKey` of shared/vault-wrap.ts over WebCrypto; `to` is a parsed 32-byte X25519 key (base64url). */
export async function wrapSiteKey(siteKey: CryptoKey, kid: string, to: string): Promise<Result<WrappedSiteKey, 'bad-recipient'>> {
  const recipient = fromBase64url(to);
  if (recipient.length !== AGREEMENT_KEY_BYTES) return err('bad-recipient', 'the recipient key is not 32 bytes');
  const ephemeral = await x25519Pair();
  const shared = await agree(ephemeral.privateKey, recipient);
  if (!shared) return err('bad-recipient', 'the recipient key is a low-order point: no secret can be agreed with it');
  const kek = await wrapKek(shared, ephemeral.publicKey, recipient, kid, 'wrapKey');
  const iv = crypto.getRandomValues(new Uint8Array(WRAP_IV_BYTES));
  const ct = new Uint8Array(await crypto.subtle.wrapKey('raw', siteKey, kek, wrapParams(iv, kid)));
  return ok({ kid, epk: toBase64url(ephemeral.publicKey), iv: toBase64url(iv), ct: toBase64url(ct) });
}

/** `unwrapSiteKey` of shared/vault-wrap.ts with this vault's agreement key: the site key, extractable (to wrap it on). */
export async function unwrapSiteKey(wrapped: WrappedSiteKey, agreement: StoredAgreement): Promise<Result<CryptoKey, 'cannot-decrypt'>> {
  const refused = err('cannot-decrypt', 'the site key was not wrapped for this vault, or was altered');
  const parts = decodeWrappedSiteKey(wrapped);
  if (!parts.ok) return parts;
  const { epk, iv, ct } = parts.value;
  const shared = await agree(agreement.privateKey, epk);
  if (!shared) return err('cannot-decrypt', 'the wrapped site key names a low-order ephemeral key');
  const kek = await wrapKek(shared, epk, fromBase64url(agreement.agreement), wrapped.kid, 'unwrapKey');
  try {
    return ok(await crypto.subtle.unwrapKey('raw', bufferSource(ct), kek, wrapParams(iv, wrapped.kid), AES_256_GCM, true, ['encrypt', 'decrypt']));
  } catch (cause) {
    if (isRefusal(cause)) return refused;
    throw cause;
  }
}

/** Whether two extractable AES keys are the same key. */
export async function sameKey(a: CryptoKey, b: CryptoKey): Promise<boolean> {
  const x = new Uint8Array(await crypto.subtle.exportKey('raw', a));
  const y = new Uint8Array(await crypto.subtle.exportKey('raw', b));
  const same = equalBytes(x, y);
  x.fill(0);
  y.fill(0);
  return same;
}

/** AES-256-GCM with a fresh random 12-byte iv: `ct` is ciphertext ‖ 16-byte tag. */
export async function aesGcmSeal(key: CryptoKey, plaintext: Uint8Array, aad: Uint8Array): Promise<{ iv: Uint8Array; ct: Uint8Array }> {
  const iv = crypto.getRandomValues(new Uint8Array(SEAL_IV_BYTES));
  const params = { name: 'AES-GCM', iv, additionalData: bufferSource(aad), tagLength: SEAL_TAG_BYTES * 8 };
  return { iv, ct: new Uint8Array(await crypto.subtle.encrypt(params, key, bufferSource(plaintext))) };
}

/** The plaintext, or undefined when `ct` does not authenticate under `key` and `aad`. */
export async function aesGcmOpen(key: CryptoKey, iv: Uint8Array, ct: Uint8Array, aad: Uint8Array): Promise<Uint8Array | undefined> {
  const params = { name: 'AES-GCM', iv: bufferSource(iv), additionalData: bufferSource(aad), tagLength: SEAL_TAG_BYTES * 8 };
  try {
    return new Uint8Array(await crypto.subtle.decrypt(params, key, bufferSource(ct)));
  } catch (cause) {
    if (isRefusal(cause)) return undefined;
    throw cause;
  }
}
