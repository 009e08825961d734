/**
 * The desktop vault's AES-256-GCM for household records (issue 14;
 * shared/vault/record-cipher.ts): each key a node:crypto secret key object
 * (native memory), native code instead of noble's. The vault checks it
 * seals as noble does before it uses it.
 */
import { createCipheriv, createDecipheriv, createSecretKey } from 'node:crypto';
import type { NativeAes } from '../../shared/vault/record-cipher';

const TAG_BYTES = 16;

const bytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);

export const nodeAes: NativeAes = async (key) => {
  const raw = Buffer.from(key);
  try {
    const secret = createSecretKey(raw);
    return {
      seal: async (iv, aad, plaintext) => {
        const cipher = createCipheriv('aes-256-gcm', secret, iv, { authTagLength: TAG_BYTES });
        cipher.setAAD(aad);
        return bytes(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
      },
      open: async (iv, aad, sealed) => {
        if (sealed.length < TAG_BYTES) throw new Error('shorter than a tag');
        const decipher = createDecipheriv('aes-256-gcm', secret, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad);
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
        return bytes(Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]));
      },
    };
  } finally {
    raw.fill(0);
  }
};
