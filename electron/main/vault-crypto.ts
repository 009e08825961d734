/**
 * The key vault's cryptography over node:crypto (OpenSSL): Ed25519 keys from
 * their seeds, X25519 key agreement, AES-256-GCM sealing, and the site-key
 * wrapping of shared/vault-wrap.ts (ECIES: X25519, HKDF-SHA256, AES-256-GCM),
 * which these functions produce byte for byte (`vault-crypto.test.ts` checks
 * them against that reference with fixed ephemeral keys and ivs).
 *
 * Secrets pass through here as bytes only briefly: callers wipe what they
 * hand in, and the copies made here are wiped before returning.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { concatBytes, fromBase64url, toBase64url } from '../../shared/bytes';
import { publicKeyToDid, type DidKey } from '../../shared/crypto/did-key';
import { err, ok, type Result } from '../../shared/result';
import { SEAL_IV_BYTES, SEAL_TAG_BYTES } from '../../shared/vault';
import { AGREEMENT_KEY_BYTES, decodeWrappedSiteKey, SITE_KEY_BYTES, wrapInfo, type WrappedSiteKey } from '../../shared/vault-wrap';

/** RFC 8410 PKCS#8 wrappings of a 32-byte private key: node:crypto's JWK import needs the public key too. */
const PKCS8_PREFIX = {
  ed25519: Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]),
  x25519: Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]),
} as const;

const WRAP_IV_BYTES = 12;

/** A copy that owns exactly its bytes: a pooled Buffer would carry its whole slab across structured clone. */
export const ownBytes = (bytes: Uint8Array): Uint8Array => Uint8Array.from(bytes);

function privateKeyFromRaw(kind: keyof typeof PKCS8_PREFIX, secret: Uint8Array): KeyObject {
  const prefix = PKCS8_PREFIX[kind];
  // Buffer.alloc (not the shared Buffer pool) so the copy can be wiped.
  const der = Buffer.alloc(prefix.length + secret.length);
  der.set(prefix);
  der.set(secret, prefix.length);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

/** The raw public key (JWK `x`) of an Ed25519 or X25519 private key. */
export function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof x !== 'string') throw new Error('node:crypto exported a public key without x');
  return fromBase64url(x);
}

/** A new key pair as its raw private key (to store) and raw public key. */
function generateRaw(kind: 'ed25519' | 'x25519'): { secret: Uint8Array; publicKey: Uint8Array } {
  const { privateKey } = kind === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519');
  const { d, x } = privateKey.export({ format: 'jwk' });
  if (typeof d !== 'string' || typeof x !== 'string') throw new Error(`node:crypto exported an ${kind} key without d/x`);
  return { secret: fromBase64url(d), publicKey: fromBase64url(x) };
}

export const ed25519PrivateKey = (seed: Uint8Array): KeyObject => privateKeyFromRaw('ed25519', seed);

export function generateSeed(): { seed: Uint8Array; did: DidKey } {
  const { secret, publicKey } = generateRaw('ed25519');
  return { seed: secret, did: publicKeyToDid(publicKey) };
}

export const x25519PrivateKey = (secret: Uint8Array): KeyObject => privateKeyFromRaw('x25519', secret);

/** A new X25519 agreement key: the raw private key (to store) and the public key as `VaultKeys.agreement`. */
export function generateAgreementKey(): { secret: Uint8Array; agreement: string } {
  const { secret, publicKey } = generateRaw('x25519');
  return { secret, agreement: toBase64url(publicKey) };
}

/**
 * X25519 between our private key and a peer's raw public key; undefined for
 * a low-order peer key (OpenSSL refuses the all-zero secret; checked again here).
 */
function agree(privateKey: KeyObject, peer: Uint8Array): Uint8Array | undefined {
  let shared: Uint8Array;
  try {
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: toBase64url(peer) }, format: 'jwk' });
    shared = ownBytes(diffieHellman({ privateKey, publicKey }));
  } catch {
    return undefined;
  }
  return shared.some((b) => b !== 0) ? shared : undefined;
}

function wrapKek(shared: Uint8Array, epk: Uint8Array, recipient: Uint8Array, kid: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, concatBytes(epk, recipient), wrapInfo(kid), 32));
}

/**
 * `wrapSiteKey` of shared/vault-wrap.ts with node:crypto. `to` is a parsed
 * 32-byte X25519 key (base64url); `fixed` is for the cross-check with the
 * reference only.
 */
export function wrapSiteKey(
  siteKey: Uint8Array,
  kid: string,
  to: string,
  fixed: { ephemeralSecret?: Uint8Array; iv?: Uint8Array } = {},
): Result<WrappedSiteKey, 'bad-recipient'> {
  if (siteKey.length !== SITE_KEY_BYTES) throw new Error('a site key is 32 bytes');
  const recipient = fromBase64url(to);
  if (recipient.length !== AGREEMENT_KEY_BYTES) return err('bad-recipient', 'the recipient key is not 32 bytes');
  const ephemeral = fixed.ephemeralSecret ? x25519PrivateKey(fixed.ephemeralSecret) : generateKeyPairSync('x25519').privateKey;
  const epk = rawPublicKey(ephemeral);
  const shared = agree(ephemeral, recipient);
  if (!shared) return err('bad-recipient', 'the recipient key is a low-order point: no secret can be agreed with it');
  const kek = wrapKek(shared, epk, recipient, kid);
  shared.fill(0);
  try {
    const iv = fixed.iv ?? ownBytes(randomBytes(WRAP_IV_BYTES));
    const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: 16 });
    cipher.setAAD(wrapInfo(kid));
    const ct = concatBytes(cipher.update(siteKey), cipher.final(), cipher.getAuthTag());
    return ok({ kid, epk: toBase64url(epk), iv: toBase64url(iv), ct: toBase64url(ct) });
  } finally {
    kek.fill(0);
  }
}

/** `unwrapSiteKey` of shared/vault-wrap.ts with this vault's agreement key; the caller wipes the answer. */
export function unwrapSiteKey(wrapped: WrappedSiteKey, agreementKey: KeyObject): Result<Uint8Array, 'cannot-decrypt'> {
  const refused = err('cannot-decrypt', 'the site key was not wrapped for this vault, or was altered');
  const parts = decodeWrappedSiteKey(wrapped);
  if (!parts.ok) return parts;
  const { epk, iv, ct } = parts.value;
  const shared = agree(agreementKey, epk);
  if (!shared) return err('cannot-decrypt', 'the wrapped site key names a low-order ephemeral key');
  const kek = wrapKek(shared, epk, rawPublicKey(agreementKey), wrapped.kid);
  shared.fill(0);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: 16 });
    decipher.setAAD(wrapInfo(wrapped.kid));
    decipher.setAuthTag(ct.subarray(SITE_KEY_BYTES));
    return ok(concatBytes(decipher.update(ct.subarray(0, SITE_KEY_BYTES)), decipher.final()));
  } catch {
    return refused;
  } finally {
    kek.fill(0);
  }
}

/** AES-256-GCM with a fresh random 12-byte iv: `ct` is ciphertext ‖ 16-byte tag. */
export function aesGcmSeal(key: KeyObject, plaintext: Uint8Array, aad: Uint8Array): { iv: Uint8Array; ct: Uint8Array } {
  const iv = ownBytes(randomBytes(SEAL_IV_BYTES));
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: SEAL_TAG_BYTES });
  cipher.setAAD(aad);
  return { iv, ct: concatBytes(cipher.update(plaintext), cipher.final(), cipher.getAuthTag()) };
}

/** The plaintext, or undefined when `ct` does not authenticate under `key` and `aad`. */
export function aesGcmOpen(key: KeyObject, iv: Uint8Array, ct: Uint8Array, aad: Uint8Array): Uint8Array | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: SEAL_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(ct.subarray(ct.length - SEAL_TAG_BYTES));
    return concatBytes(decipher.update(ct.subarray(0, ct.length - SEAL_TAG_BYTES)), decipher.final());
  } catch {
    return undefined;
  }
}
