/**
 * The desktop vault's Ed25519 for its device key (issue 14;
 * shared/vault/device-key.ts): the seed as a node:crypto private key
 * object, which signs about 9× faster than noble (PLATFORM.md). The vault
 * checks it signs as noble does before it uses it.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { ed25519Pkcs8, type NativeSigning } from '../../shared/vault/device-key';

export const nodeSigning: NativeSigning = async (seed) => {
  const pkcs8 = ed25519Pkcs8(seed);
  try {
    const key = createPrivateKey({ key: Buffer.from(pkcs8.buffer), format: 'der', type: 'pkcs8' });
    return async (message) => new Uint8Array(sign(null, message, key));
  } finally {
    pkcs8.fill(0);
  }
};
