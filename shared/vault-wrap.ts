/**
 * Sealing a site data key to one laptop (issue 10: the site is the unit):
 * the lead's vault wraps the 32-byte AES key for a recipient's X25519 key
 * agreement key, so only that recipient's vault can unwrap it, and the
 * wrapped form can travel in a signed `site-key` event over any network.
 *
 * ECIES over X25519 (RFC 7748) with HKDF-SHA256 (RFC 5869) and AES-256-GCM:
 *   shared = X25519(ephemeral secret, recipient public)   (all-zero refused)
 *   kek    = HKDF-SHA256(ikm = shared, salt = epk ‖ recipient public,
 *                        info = "aidtrail/v1/site-key\n" ‖ kid, 32 bytes)
 *   ct     = AES-256-GCM(kek, iv, site key, aad = "aidtrail/v1/site-key\n" ‖ kid)
 * The kid in info and aad binds the wrapped key to its id: a key cannot be
 * delivered under another key's name.
 *
 * This is the reference every vault (Electron main with node:crypto, the
 * browser's WebCrypto, the memory host) must agree with byte for byte; the
 * hosts' tests wrap with one and unwrap with another. HQ's escrow copy is
 * wrapped to the Montgomery form of HQ's Ed25519 key (`agreementKeyOfDid`).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64url, toBase64url, toHex, utf8 } from './bytes';
import { didToPublicKey } from './crypto/did-key';
import { err, ok, type Result } from './result';

export const SITE_KEY_BYTES = 32;
export const AGREEMENT_KEY_BYTES = 32;
const WRAP_IV_BYTES = 12;
const WRAP_DOMAIN = 'aidtrail/v1/site-key\n';

export interface WrappedSiteKey {
  readonly kid: string;
  /** Ephemeral X25519 public key, base64url. */
  readonly epk: string;
  readonly iv: string;
  /** Ciphertext ‖ tag, base64url (48 bytes). */
  readonly ct: string;
}

/** A new site-key id from 8 random bytes: `sk-` and 16 hex digits. */
export function siteKeyId(random: Uint8Array): string {
  if (random.length !== 8) throw new Error('a site-key id is made from 8 random bytes');
  return `sk-${toHex(random)}`;
}

export const wrapInfo = (kid: string): Uint8Array => utf8(`${WRAP_DOMAIN}${kid}`);

/** The key-encryption key both sides derive; exported for the hosts' own implementations to test against. */
export function wrapKek(shared: Uint8Array, epk: Uint8Array, recipient: Uint8Array, kid: string): Uint8Array {
  return hkdf(sha256, shared, concatBytes(epk, recipient), wrapInfo(kid), 32);
}

const isAllZero = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);

/** Wraps `siteKey` for `recipient` (X25519 public key, base64url). `ephemeralSecret` and `iv` are for test vectors only. */
export function wrapSiteKey(
  siteKey: Uint8Array,
  kid: string,
  recipient: string,
  fixed: { ephemeralSecret?: Uint8Array; iv?: Uint8Array } = {},
): Result<WrappedSiteKey, 'bad-recipient'> {
  if (siteKey.length !== SITE_KEY_BYTES) throw new Error('a site key is 32 bytes');
  let to: Uint8Array;
  try {
    to = fromBase64url(recipient);
  } catch {
    return err('bad-recipient', 'the recipient key is not base64url');
  }
  if (to.length !== AGREEMENT_KEY_BYTES) return err('bad-recipient', 'the recipient key is not 32 bytes');
  const secret = fixed.ephemeralSecret ?? x25519.utils.randomSecretKey();
  const epk = x25519.getPublicKey(secret);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secret, to);
  } catch {
    return err('bad-recipient', 'the recipient key is a low-order point');
  }
  if (isAllZero(shared)) return err('bad-recipient', 'the recipient key is a low-order point');
  const iv = fixed.iv ?? randomBytes(WRAP_IV_BYTES);
  const ct = gcm(wrapKek(shared, epk, to, kid), iv, wrapInfo(kid)).encrypt(siteKey);
  return ok({ kid, epk: toBase64url(epk), iv: toBase64url(iv), ct: toBase64url(ct) });
}

/** The parts of a wrapped key, with their sizes checked: what every vault does before it derives anything. */
export function decodeWrappedSiteKey(wrapped: WrappedSiteKey): Result<{ epk: Uint8Array; iv: Uint8Array; ct: Uint8Array }, 'cannot-decrypt'> {
  let parts: { epk: Uint8Array; iv: Uint8Array; ct: Uint8Array };
  try {
    parts = { epk: fromBase64url(wrapped.epk), iv: fromBase64url(wrapped.iv), ct: fromBase64url(wrapped.ct) };
  } catch {
    return err('cannot-decrypt', 'the site key was not wrapped for this vault, or was altered');
  }
  if (parts.epk.length !== AGREEMENT_KEY_BYTES || parts.iv.length !== WRAP_IV_BYTES || parts.ct.length !== SITE_KEY_BYTES + 16) {
    return err('cannot-decrypt', 'the wrapped site key has the wrong sizes');
  }
  return ok(parts);
}

/** Unwraps with the recipient's X25519 secret; anything not wrapped for it, or altered, is `cannot-decrypt`. */
export function unwrapSiteKey(wrapped: WrappedSiteKey, agreementSecret: Uint8Array): Result<Uint8Array, 'cannot-decrypt'> {
  const parts = decodeWrappedSiteKey(wrapped);
  if (!parts.ok) return parts;
  const { epk, iv, ct } = parts.value;
  try {
    const shared = x25519.getSharedSecret(agreementSecret, epk);
    if (isAllZero(shared)) return err('cannot-decrypt', 'the ephemeral key is a low-order point');
    const own = x25519.getPublicKey(agreementSecret);
    return ok(gcm(wrapKek(shared, epk, own, wrapped.kid), iv, wrapInfo(wrapped.kid)).decrypt(ct));
  } catch {
    return err('cannot-decrypt', 'the key was not wrapped for this vault, or was altered');
  }
}

/** The X25519 key agreement key of an Ed25519 did:key (its Montgomery form): HQ's escrow key. */
export function agreementKeyOfDid(did: string): Result<string, 'bad-did'> {
  const key = didToPublicKey(did);
  if (!key.ok) return err('bad-did', key.message);
  return ok(toBase64url(ed25519.utils.toMontgomery(key.value)));
}

/** The X25519 secret matching `agreementKeyOfDid` for the holder of the Ed25519 seed (HQ, the CLI). */
export const agreementSecretOfSeed = (seed: Uint8Array): Uint8Array => ed25519.utils.toMontgomerySecret(seed);
