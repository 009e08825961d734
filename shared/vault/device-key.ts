/**
 * The device's Ed25519 signing key while the vault is unlocked (issue 14).
 *
 * A caseload import signs thousands of events one after another (each names
 * the id, hence the signature, of the one before). @noble/ed25519 stays the
 * reference, but its signing was a third of the import's main thread in the
 * browser host; a platform's Ed25519 (WebCrypto, node:crypto) signs about 7×
 * faster (../shared/PLATFORM.md: 26k/s against noble's 3.7k/s in Chromium).
 * A host offers it as `NativeSigning` (`VaultOptions.nativeSigning`), as it
 * offers native verification to the kit. Ed25519 signatures are
 * deterministic (RFC 8032 §5.1.6), so both give the same bytes; the native
 * key is used only after it signed a probe exactly as noble does, and
 * otherwise (no such host, a refused import, other bytes) every signature is
 * noble's (`ExpandedSigningKey`).
 *
 * The native key is the host's non-extractable key object, made from a copy
 * of the seed once per session (the copy is zeroed once it is made); like
 * the expanded key's scalar (a bigint) it cannot be overwritten, so
 * `forget` drops it.
 */
import { equalBytes, utf8 } from '../bytes';
import { ExpandedSigningKey } from '../crypto/ed25519';

/** Signs with a platform key; never sees the seed. */
export type NativeSign = (message: Uint8Array) => Promise<Uint8Array>;

/**
 * A host's Ed25519: the 32-byte seed made a platform key (which the host
 * must not keep or export), and its signing. May reject where the platform
 * has no Ed25519. The seed's bytes are zeroed once the promise settles.
 */
export type NativeSigning = (seed: Uint8Array) => Promise<NativeSign>;

const PROBE = utf8('aidtrail/v1/device-key-probe');

/** PKCS #8 (RFC 8410 §7) of an Ed25519 seed: this prefix, then the 32 seed bytes. */
const PKCS8_ED25519_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);

/** The seed as PKCS #8, the form WebCrypto and node:crypto import a private key in; the caller zeroes it. */
export function ed25519Pkcs8(seed: Uint8Array): Uint8Array<ArrayBuffer> {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + seed.length);
  der.set(PKCS8_ED25519_PREFIX);
  der.set(seed, PKCS8_ED25519_PREFIX.length);
  return der;
}

export class DeviceSigningKey {
  readonly #reference: ExpandedSigningKey;
  #native: Promise<NativeSign | undefined> | undefined;

  constructor(seed: Uint8Array, native?: NativeSigning) {
    this.#reference = new ExpandedSigningKey(seed);
    this.#native = native && checked(native, Uint8Array.from(seed), this.#reference);
  }

  get publicKey(): Uint8Array {
    return this.#reference.publicKey;
  }

  /** Whether the host's Ed25519 signs (false: noble does). */
  async isNative(): Promise<boolean> {
    return (await this.#native) !== undefined;
  }

  /** The RFC 8032 signature of `message`; throws once forgotten. */
  async sign(message: Uint8Array): Promise<Uint8Array> {
    const native = await this.#native;
    return native === undefined ? this.#reference.sign(message) : native(message);
  }

  forget(): void {
    this.#native = undefined;
    this.#reference.forget();
  }
}

/** The host's signing of `seed` (a copy, zeroed here), if it signs the probe as noble does. */
async function checked(native: NativeSigning, seed: Uint8Array, reference: ExpandedSigningKey): Promise<NativeSign | undefined> {
  try {
    const sign = await native(seed);
    return equalBytes(await sign(PROBE), reference.sign(PROBE)) ? sign : undefined;
  } catch {
    return undefined;
  } finally {
    seed.fill(0);
  }
}
