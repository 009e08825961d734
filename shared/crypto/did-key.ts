/**
 * did:key for Ed25519 (W3C did:key v0.7, multicodec table): the public key is
 * the multicodec varint 0xed ("ed25519-pub", bytes ed 01) followed by the 32
 * key bytes, encoded as multibase base58btc ("z…"). Seeds use 0x1300
 * ("ed25519-priv", bytes 80 26) the same way, as in the vc-di-eddsa vectors.
 */
import { fromBase58, toBase58 } from '../bytes';
import { err, ok, type Result } from '../result';
import { PUBLIC_KEY_BYTES, SEED_BYTES } from './ed25519';

const ED25519_PUB = Uint8Array.of(0xed, 0x01);
const ED25519_PRIV = Uint8Array.of(0x80, 0x26);
const DID_KEY_PREFIX = 'did:key:';

export type DidKey = `did:key:z${string}`;
export type DidKeyError = 'not-did-key' | 'bad-multibase' | 'wrong-multicodec' | 'wrong-length';

function encodeMultibase(codec: Uint8Array, key: Uint8Array): string {
  const bytes = new Uint8Array(codec.length + key.length);
  bytes.set(codec);
  bytes.set(key, codec.length);
  return `z${toBase58(bytes)}`;
}

function decodeMultibase(
  text: string,
  codec: Uint8Array,
  keyBytes: number,
  what: string,
): Result<Uint8Array, DidKeyError> {
  if (!text.startsWith('z')) {
    return err('bad-multibase', `${what} must be multibase base58btc (start with "z")`);
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase58(text.slice(1));
  } catch {
    return err('bad-multibase', `${what} is not valid base58btc`);
  }
  if (bytes.length < 2 || bytes[0] !== codec[0] || bytes[1] !== codec[1]) {
    return err('wrong-multicodec', `${what} does not carry the expected multicodec prefix`);
  }
  if (bytes.length !== codec.length + keyBytes) {
    return err('wrong-length', `${what} must hold ${keyBytes} key bytes, not ${bytes.length - codec.length}`);
  }
  return ok(bytes.slice(codec.length));
}

export const publicKeyToMultibase = (publicKey: Uint8Array): string => {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw new Error('an Ed25519 public key is 32 bytes');
  return encodeMultibase(ED25519_PUB, publicKey);
};

export const multibaseToPublicKey = (text: string): Result<Uint8Array, DidKeyError> =>
  decodeMultibase(text, ED25519_PUB, PUBLIC_KEY_BYTES, 'public key');

export const seedToMultibase = (seed: Uint8Array): string => {
  if (seed.length !== SEED_BYTES) throw new Error('an Ed25519 seed is 32 bytes');
  return encodeMultibase(ED25519_PRIV, seed);
};

export const multibaseToSeed = (text: string): Result<Uint8Array, DidKeyError> =>
  decodeMultibase(text, ED25519_PRIV, SEED_BYTES, 'private key');

export const publicKeyToDid = (publicKey: Uint8Array): DidKey =>
  `${DID_KEY_PREFIX}${publicKeyToMultibase(publicKey)}` as DidKey;

/** did:key:z6Mk… → 32 public key bytes. A DID URL fragment is not accepted here. */
export function didToPublicKey(did: string): Result<Uint8Array, DidKeyError> {
  if (!did.startsWith(DID_KEY_PREFIX)) return err('not-did-key', 'not a did:key identifier');
  return multibaseToPublicKey(did.slice(DID_KEY_PREFIX.length));
}

/**
 * The did:key verification method id: `did:key:z…#z…`. Only the method the
 * DID document of a did:key has (fragment = the key itself) is accepted.
 */
export function verificationMethodToDid(vm: string): Result<DidKey, DidKeyError> {
  const hash = vm.indexOf('#');
  if (hash < 0) return err('not-did-key', 'verification method has no "#fragment"');
  const did = vm.slice(0, hash);
  if (vm.slice(hash + 1) !== did.slice(DID_KEY_PREFIX.length)) {
    return err('not-did-key', 'verification method fragment does not name the did:key itself');
  }
  const key = didToPublicKey(did);
  return key.ok ? ok(did as DidKey) : key;
}

export const didToVerificationMethod = (did: DidKey): string =>
  `${did}#${did.slice(DID_KEY_PREFIX.length)}`;
