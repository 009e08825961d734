/**
 * A credential signer that may hold its key somewhere this code cannot read
 * it: in the Electron build the site issuer key stays in the main process's
 * vault, in the browser build it is a non-extractable WebCrypto key. Either
 * way the only thing issuing needs is "sign these bytes with the key of this
 * did:key", asynchronously.
 *
 * The bytes are always the 64-byte eddsa-jcs-2022 hash data (vc-di-eddsa
 * §3.3.4), never a credential: whoever implements `sign` should do so next to
 * `issueCredentialWith`, in the process that holds the key, rather than offer
 * a "sign anything" channel to a less trusted one.
 */
import { type DidKey } from '../crypto/did-key';
import { sign } from '../crypto/ed25519';

export interface CredentialSigner {
  /** The did:key whose (only) verification method signs. */
  readonly did: DidKey;
  /** A pure Ed25519 (RFC 8032) signature over `bytes` with that key: 64 bytes. */
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

/**
 * A signer over a seed in memory, for tests, the CLI and HQ tools. It does not
 * check that the seed is the key of `did`: `issueCredentialWith` checks every
 * signature it receives against `did` instead, whatever the signer.
 */
export function seedSigner(issuer: { readonly seed: Uint8Array; readonly did: DidKey }): CredentialSigner {
  const seed = Uint8Array.from(issuer.seed);
  return {
    did: issuer.did,
    sign: async (bytes) => sign(bytes, seed),
  };
}
