/**
 * An Ed25519 signature check as the protocol needs it: strict RFC 8032, never
 * throwing, false for anything malformed. The reference is noble (`verify` in
 * ./ed25519); hosts supply native ones (WebCrypto, node:crypto) for bulk work.
 */
import { verify } from './ed25519';

export type SignatureVerifier = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => Promise<boolean>;

export const nobleVerifier: SignatureVerifier = async (signature, message, publicKey) => verify(signature, message, publicKey);
