/**
 * The vault's cryptographic pieces, all pure (noble):
 *
 * - `sealUnder` / `openUnder`: AES-256-GCM of a key or record field under
 *   another key, a fresh random 12-byte iv, ct = ciphertext ‖ 16-byte tag, and
 *   as AAD `vaultAad(record, field, …names)` =
 *   "aidtrail-vault/v2\n" ‖ record ‖ "\n" ‖ field ‖ ("\n" ‖ name)* (UTF-8),
 *   which names the format version, the record and what the ciphertext is
 *   for (a device did, a kid, an operator id): no ciphertext opens in
 *   another place. None of the names contains a newline.
 * - `deriveKek`: an operator's key-encryption key, Argon2id (RFC 9106) of
 *   the NFC-normalised secret with a 16-byte random salt, 32 bytes.
 * - `operatorTagKey`: HKDF-SHA256 of the vault key, for the tags that bind
 *   an operator's role and `active` to the vault key (./operators.ts).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64url, toBase64url, utf8 } from '../bytes';

/** The vault key, the data key, the site keys and every KEK are 256-bit. */
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const SALT_BYTES = 16;

const AAD_DOMAIN = 'aidtrail-vault/v2';

/** n cryptographically random bytes. */
export type Random = (n: number) => Uint8Array;

/** `crypto.getRandomValues`, which browsers, Electron and Node ≥ 19 all have on `globalThis`. */
export const defaultRandom: Random = (n) => randomBytes(n);

/** A value sealed under a key: iv and ciphertext ‖ tag, base64url without padding. */
export type Sealed = { readonly iv: string; readonly ct: string };

export const vaultAad = (record: string, field: string, ...names: readonly string[]): Uint8Array => {
  for (const part of [record, field, ...names]) if (part.includes('\n')) throw new Error('an AAD part cannot contain a newline');
  return utf8([AAD_DOMAIN, record, field, ...names].join('\n'));
};

/** A fresh AES-GCM iv from `random`; a source that gives another length is a bug. */
export function freshIv(random: Random): Uint8Array {
  const iv = random(IV_BYTES);
  if (iv.length !== IV_BYTES) throw new Error('the random source gave the wrong number of bytes');
  return iv;
}

export function sealUnder(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, random: Random): Sealed {
  if (key.length !== KEY_BYTES) throw new Error('a vault key is 32 bytes');
  const iv = freshIv(random);
  return { iv: toBase64url(iv), ct: toBase64url(gcm(key, iv, aad).encrypt(plaintext)) };
}

/** The plaintext, or undefined when the ciphertext does not authenticate under this key and AAD (or is malformed). */
export function openUnder(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Uint8Array | undefined {
  try {
    const iv = fromBase64url(sealed.iv);
    const ct = fromBase64url(sealed.ct);
    if (iv.length !== IV_BYTES || ct.length < TAG_BYTES) return undefined;
    return gcm(key, iv, aad).decrypt(ct);
  } catch {
    return undefined;
  }
}

/** Argon2id cost: memory in KiB, passes, lanes. */
export type KdfCost = { readonly m: number; readonly t: number; readonly p: number };

/**
 * RFC 9106 §4's second recommended option (64 MiB, 3 passes, 1 lane): about
 * 0.9 s in JavaScript on a laptop, and memory a 4 GB laptop spares.
 */
export const DEFAULT_KDF: KdfCost = { m: 65_536, t: 3, p: 1 };

/** Bounds on stored or imported parameters, so a forged profile cannot ask for unbounded memory or time. */
export const KDF_LIMITS = { maxM: 1_048_576, maxT: 64, maxP: 16 } as const;

/** The parameters of an operator's KEK, kept beside the slots it unwraps. */
export type KdfParams = KdfCost & { readonly alg: 'argon2id'; readonly salt: string };

export const newKdf = (cost: KdfCost, random: Random): KdfParams => ({
  alg: 'argon2id',
  m: cost.m,
  t: cost.t,
  p: cost.p,
  salt: toBase64url(random(SALT_BYTES)),
});

export const sameKdf = (a: KdfParams, b: KdfParams): boolean =>
  a.alg === b.alg && a.m === b.m && a.t === b.t && a.p === b.p && a.salt === b.salt;

/** The operator's key-encryption key from their secret. */
export async function deriveKek(secret: string, kdf: KdfParams): Promise<Uint8Array> {
  const password = utf8(secret.normalize('NFC'));
  try {
    return await argon2idAsync(password, fromBase64url(kdf.salt), { m: kdf.m, t: kdf.t, p: kdf.p, dkLen: KEY_BYTES });
  } finally {
    password.fill(0);
  }
}

export const operatorTagKey = (mk: Uint8Array): Uint8Array => hkdf(sha256, mk, undefined, utf8(`${AAD_DOMAIN}\noperator-tag`), KEY_BYTES);

/** Overwrites key material that is no longer needed (JavaScript strings cannot be; the vault keeps keys as bytes). */
export const zero = (...arrays: readonly (Uint8Array | undefined)[]): void => {
  for (const bytes of arrays) bytes?.fill(0);
};
