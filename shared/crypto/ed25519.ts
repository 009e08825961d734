/**
 * Ed25519 (RFC 8032) through @noble/ed25519, the reference implementation of
 * the project (DESIGN.md "Conventions"). Verification is strict RFC 8032 /
 * FIPS 186-5 (`zip215: false`): s ≥ L, non-canonical encodings of R or A and
 * small-order keys are rejected, so one signature has one verdict on every
 * device and at HQ.
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

// noble's synchronous API needs a SHA-512; the pure @noble/hashes one keeps
// this module free of platform crypto. This is library configuration, set once
// and never changed.
ed.hashes.sha512 = sha512;

export const SEED_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

export interface Ed25519KeyPair {
  /** The 32-byte RFC 8032 private key (seed). */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function generateKeyPair(): Ed25519KeyPair {
  const { secretKey, publicKey } = ed.keygen();
  return { seed: secretKey, publicKey };
}

export function keyPairFromSeed(seed: Uint8Array): Ed25519KeyPair {
  if (seed.length !== SEED_BYTES) throw new Error(`an Ed25519 seed is ${SEED_BYTES} bytes`);
  return { seed: Uint8Array.from(seed), publicKey: ed.getPublicKey(seed) };
}

export const sign = (message: Uint8Array, seed: Uint8Array): Uint8Array => ed.sign(message, seed);

/** The group order L of RFC 8032 (noble calls it n). */
const ORDER = ed.Point.CURVE().n;

const littleEndianToBigint = (bytes: Uint8Array): bigint => BigInt(`0x${ed.etc.bytesToHex(Uint8Array.from(bytes).reverse())}`);
const bigintTo32LittleEndian = (n: bigint): Uint8Array => ed.etc.hexToBytes(n.toString(16).padStart(64, '0')).reverse();
const hashToScalar = (...parts: Uint8Array[]): bigint => ed.etc.mod(littleEndianToBigint(sha512(ed.etc.concatBytes(...parts))), ORDER);

/**
 * A seed expanded once for many signatures (RFC 8032 §5.1.5: the clamped
 * secret scalar, the nonce prefix and the public key), for a signer that
 * signs in bulk (the vault, while unlocked). `sign` expands the seed again
 * for every message, a base-point multiplication that is about half its
 * time. The signatures are `sign`'s, byte for byte (ed25519.test.ts).
 *
 * `forget` zeroes the prefix and the public key; the scalar is a bigint,
 * which JavaScript cannot overwrite (nor the copies `sign` leaves behind on
 * every call), so it is only dropped.
 */
export class ExpandedSigningKey {
  readonly publicKey: Uint8Array;
  #prefix: Uint8Array;
  #scalar: bigint | undefined;

  constructor(seed: Uint8Array) {
    if (seed.length !== SEED_BYTES) throw new Error(`an Ed25519 seed is ${SEED_BYTES} bytes`);
    const { head, prefix, scalar, pointBytes } = ed.utils.getExtendedPublicKey(seed);
    head.fill(0);
    this.#prefix = prefix;
    this.#scalar = scalar;
    this.publicKey = pointBytes;
  }

  /** RFC 8032 §5.1.6, as noble's `sign` does it after the expansion. */
  sign(message: Uint8Array): Uint8Array {
    const s = this.#scalar;
    if (s === undefined) throw new Error('this signing key was forgotten');
    const r = hashToScalar(this.#prefix, message);
    const R = ed.Point.BASE.multiply(r).toBytes();
    const k = hashToScalar(R, this.publicKey, message);
    return ed.etc.concatBytes(R, bigintTo32LittleEndian(ed.etc.mod(r + k * s, ORDER)));
  }

  forget(): void {
    this.#prefix.fill(0);
    this.publicKey.fill(0);
    this.#scalar = undefined;
  }
}

/**
 * Never throws on bad input: a signature or key of the wrong length, or one
 * that does not decode, is simply not valid.
 */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  try {
    return ed.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
