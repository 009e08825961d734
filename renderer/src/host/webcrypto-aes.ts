/**
 * The browser host's AES-256-GCM for household records (issue 14;
 * shared/vault/record-cipher.ts): each key imported once as a
 * non-extractable WebCrypto key, native code instead of noble's. The vault
 * checks it seals as noble does before it uses it.
 */
import type { NativeAes } from '../../../shared/vault/record-cipher';

const TAG_BITS = 128;

export function webCryptoAes(subtle: SubtleCrypto = crypto.subtle): NativeAes {
  return async (key) => {
    const raw = new Uint8Array(key);
    try {
      const secret = await subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
      // Copies: WebCrypto takes ArrayBuffer-backed views only.
      const params = (iv: Uint8Array, aad: Uint8Array): AesGcmParams => ({ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: new Uint8Array(aad), tagLength: TAG_BITS });
      return {
        seal: async (iv, aad, plaintext) => new Uint8Array(await subtle.encrypt(params(iv, aad), secret, new Uint8Array(plaintext))),
        open: async (iv, aad, sealed) => new Uint8Array(await subtle.decrypt(params(iv, aad), secret, new Uint8Array(sealed))),
      };
    } finally {
      raw.fill(0);
    }
  };
}
