/**
 * Ed25519 verification through node:crypto (OpenSSL): the native path the
 * ledger's bulk intake takes (DESIGN.md "Conventions"). It gives noble's
 * strict RFC 8032 verdict on all 151 Wycheproof cases
 * (test/conformance/ed25519.test.ts, and node-verifier.test.ts for this very
 * code path). Public keys are imported once per device and kept, bounded.
 *
 * `threadpool: true` uses crypto.verify's callback form, which runs in
 * libuv's thread pool: the events of a batch then verify on every core
 * while the event loop keeps serving requests.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { SignatureVerifier } from '../../shared/crypto/verifier';

/** DER SubjectPublicKeyInfo of an Ed25519 key (RFC 8410), before the 32 key bytes. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const MAX_CACHED_KEYS = 4096;

export function nodeVerifier(options: { threadpool?: boolean } = {}): SignatureVerifier {
  const keys = new Map<string, KeyObject | null>();
  const keyFor = (publicKey: Uint8Array): KeyObject | null => {
    const hex = Buffer.from(publicKey).toString('hex');
    let key = keys.get(hex);
    if (key === undefined) {
      try {
        key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
      } catch {
        key = null;
      }
      if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value!);
      keys.set(hex, key);
    }
    return key;
  };
  return (signature, message, publicKey) => {
    if (signature.length !== 64 || publicKey.length !== 32) return Promise.resolve(false);
    const key = keyFor(publicKey);
    if (key === null) return Promise.resolve(false);
    if (options.threadpool !== true) {
      try {
        return Promise.resolve(verify(null, message, key, signature));
      } catch {
        return Promise.resolve(false);
      }
    }
    return new Promise((resolve) => {
      try {
        verify(null, message, key, signature, (error, valid) => resolve(error === null && valid));
      } catch {
        resolve(false);
      }
    });
  };
}
