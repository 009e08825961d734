import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../shared/bytes';
import { sign } from '../../../shared/crypto/ed25519';
import { DeviceSigningKey } from '../../../shared/vault/device-key';
import { webCryptoSigning } from './webcrypto-signing';

describe('webCryptoSigning', () => {
  it('gives the RFC 8032 §7.1 test 3 signature', async () => {
    const signer = await webCryptoSigning()(fromHex('c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7'));
    expect(await signer(fromHex('af82'))).toEqual(
      fromHex('6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'),
    );
  });

  it('signs exactly as noble does, for any seed and message, so the vault takes it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 1024 }), async (seed, message) => {
        const signer = await webCryptoSigning()(Uint8Array.from(seed));
        expect(await signer(message)).toEqual(sign(message, seed));
        expect(await new DeviceSigningKey(seed, webCryptoSigning()).isNative()).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('rejects where WebCrypto has no Ed25519, and the vault keeps to noble', async () => {
    const noEd25519 = { importKey: () => Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError')) } as unknown as SubtleCrypto;
    await expect(webCryptoSigning(noEd25519)(new Uint8Array(32))).rejects.toThrow(/Unrecognized/);
    expect(await new DeviceSigningKey(new Uint8Array(32).fill(1), webCryptoSigning(noEd25519)).isNative()).toBe(false);
  });
});
