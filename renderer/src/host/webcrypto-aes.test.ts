import { gcm } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webCryptoAes } from './webcrypto-aes';

describe('webCryptoAes', () => {
  it('seals exactly as noble does and opens what it sealed, for any key, iv, AAD and record (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 500 }), async (key, iv, aad, plaintext) => {
        const aead = await webCryptoAes()(Uint8Array.from(key));
        const sealed = await aead.seal(iv, aad, plaintext);
        expect(sealed).toEqual(gcm(key, iv, aad).encrypt(plaintext));
        expect(await aead.open(iv, aad, sealed)).toEqual(plaintext);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a ciphertext that does not authenticate, and leaves the caller’s key as it was', async () => {
    const key = new Uint8Array(32).fill(5);
    const aead = await webCryptoAes()(key);
    expect(key).toEqual(new Uint8Array(32).fill(5));
    const iv = new Uint8Array(12);
    const sealed = await aead.seal(iv, new Uint8Array(0), new Uint8Array([1, 2, 3]));
    await expect(aead.open(iv, new Uint8Array(0), Uint8Array.from(sealed, (b, i) => (i === 0 ? b ^ 1 : b)))).rejects.toThrow();
    await expect(aead.open(iv, new Uint8Array([1]), sealed)).rejects.toThrow();
  });
});
