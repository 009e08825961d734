/**
 * The browser host's Ed25519 for the vault's device key (issue 14;
 * shared/vault/device-key.ts): the seed imported as a non-extractable
 * WebCrypto key, which signs about 7× faster than noble in Chromium
 * (PLATFORM.md) and off the page's thread. The vault checks it signs as
 * noble does before it uses it.
 */
import { ed25519Pkcs8, type NativeSigning } from '../../../shared/vault/device-key';

export function webCryptoSigning(subtle: SubtleCrypto = crypto.subtle): NativeSigning {
  return async (seed) => {
    const pkcs8 = ed25519Pkcs8(seed);
    try {
      const key = await subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
      return async (message) => new Uint8Array(await subtle.sign('Ed25519', key, new Uint8Array(message)));
    } finally {
      pkcs8.fill(0);
    }
  };
}
