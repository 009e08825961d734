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
