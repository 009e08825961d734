/**
 * AES-256-GCM of household records (`vault:seal`, `vault:open` and their
 * `-many` forms) while the vault is unlocked (issue 14).
 *
 * A first household search after unlock opens every record, and a caseload
 * import seals one per row: @noble/ciphers takes about 70 µs a record, about
 * 7 s of the vault's thread for the first search at 100,000 households. A
 * platform's AES-GCM (WebCrypto, node:crypto) is native code. A host offers
 * it as `NativeAes` (`VaultOptions.nativeAes`), as it offers native Ed25519
 * (./device-key.ts). AES-GCM is deterministic for a given key, iv and AAD,
 * so both give the same bytes; a key's native form is used only after it
 * sealed a probe exactly as noble does, and otherwise (no such host, a
 * refused import, other bytes) noble seals and opens. The blob format does
 * not change (shared/vault.ts: ciphertext ‖ 16-byte tag).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { equalBytes, utf8 } from '../bytes';

/** One key's AES-256-GCM on the platform: `open` rejects a ciphertext that does not authenticate. */
export type NativeAead = {
  readonly seal: (iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) => Promise<Uint8Array>;
  readonly open: (iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array) => Promise<Uint8Array>;
};

/**
 * A host's AES-256-GCM: a copy of a 32-byte key made a platform key (which
 * the host must not keep or export beyond the returned object). May reject
 * where the platform has none. The copy's bytes are zeroed once it settles.
 */
export type NativeAes = (key: Uint8Array) => Promise<NativeAead>;

const PROBE_IV = new Uint8Array(12).fill(7);
const PROBE_AAD = utf8('aidtrail/v1/record-cipher-probe');
const PROBE = utf8('a record the host must seal as noble does');

/**
 * The record ciphers of one session: each key's native form made once, on
 * first use, and checked. Keys are the keyring's own arrays; `forget` drops
 * every native form (lock), as the keyring zeroes the bytes.
 */
export class RecordCiphers {
  readonly #native: NativeAes | undefined;
  #made = new WeakMap<Uint8Array, Promise<NativeAead | undefined>>();

  constructor(native?: NativeAes) {
    this.#native = native;
  }

  /** Ciphertext ‖ tag of `plaintext` under `key`, `iv` and `aad`. */
  async seal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
    const native = await this.#nativeOf(key);
    return native === undefined ? gcm(key, iv, aad).encrypt(plaintext) : native.seal(iv, aad, plaintext);
  }

  /** The plaintext, or undefined when `sealed` does not authenticate under `key`, `iv` and `aad`. */
  async open(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array | undefined> {
    const native = await this.#nativeOf(key);
    try {
      return native === undefined ? gcm(key, iv, aad).decrypt(sealed) : await native.open(iv, aad, sealed);
    } catch {
      return undefined;
    }
  }

  forget(): void {
    this.#made = new WeakMap();
  }

  #nativeOf(key: Uint8Array): Promise<NativeAead | undefined> {
    if (this.#native === undefined) return Promise.resolve(undefined);
    let made = this.#made.get(key);
    if (made === undefined) this.#made.set(key, (made = checked(this.#native, key)));
    return made;
  }
}

/** The host's cipher of `key` (a copy, zeroed here), if it seals the probe as noble does. */
async function checked(native: NativeAes, key: Uint8Array): Promise<NativeAead | undefined> {
  const copy = Uint8Array.from(key);
  try {
    const aead = await native(copy);
    return equalBytes(await aead.seal(PROBE_IV, PROBE_AAD, PROBE), gcm(key, PROBE_IV, PROBE_AAD).encrypt(PROBE)) ? aead : undefined;
  } catch {
    return undefined;
  } finally {
    copy.fill(0);
  }
}
