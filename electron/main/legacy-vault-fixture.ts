/**
 * Test support (never imported by the app): writes a desktop key vault as the
 * code before issue 13 wrote it (`key-vault.json`, `key-vault.agreement.json`,
 * `key-vault.sk-<16 hex>.json` under userData: public parts in clear, private
 * parts in `secret`, the base64 of the safeStorage ciphertext of a JSON
 * object), and seals blobs as that vault sealed them, so that tests can check
 * a laptop from before keeps its identity and its records.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { createCipheriv, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toBase64url, toHex } from '../../shared/bytes';
import { publicKeyToDid, type DidKey } from '../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import type { SealedBlob } from '../../shared/ipc';
import type { FakeSafeStorage } from './fake-safe-storage';

export type V1Vault = {
  readonly device: { readonly seed: Uint8Array; readonly did: DidKey };
  readonly issuer: { readonly seed: Uint8Array; readonly did: DidKey };
  readonly dataKey: { readonly kid: string; readonly key: Uint8Array };
  readonly agreement: { readonly secret: Uint8Array; readonly public: string } | undefined;
  readonly siteKeys: readonly { readonly kid: string; readonly key: Uint8Array }[];
};

const created = '2025-01-01T00:00:00.000Z';
const fileText = (file: object): string => `${JSON.stringify(file, null, 2)}\n`;

/** Writes a v1 vault with fresh random keys: with or without its agreement key, and with `siteKeys` site keys. */
export async function writeV1Vault(options: {
  readonly userData: string;
  readonly safeStorage: FakeSafeStorage;
  readonly agreement?: boolean;
  readonly siteKeys?: number;
}): Promise<V1Vault> {
  const { userData, safeStorage } = options;
  const secretOf = async (secret: object): Promise<string> =>
    (await safeStorage.encryptStringAsync(JSON.stringify(secret))).toString('base64');
  const signing = () => {
    const seed = Uint8Array.from(randomBytes(32));
    return { seed, did: publicKeyToDid(keyPairFromSeed(seed).publicKey) };
  };
  const device = signing();
  const issuer = signing();
  const dataKey = { kid: `dk-${toHex(randomBytes(8))}`, key: Uint8Array.from(randomBytes(32)) };
  const secret = { v: 1, kid: dataKey.kid, device: toBase64url(device.seed), issuer: toBase64url(issuer.seed), data: toBase64url(dataKey.key) };
  const keysFile = { format: 'aidtrail-key-vault', v: 1, device: device.did, issuer: issuer.did, kid: dataKey.kid, created };
  await writeFile(join(userData, 'key-vault.json'), fileText({ ...keysFile, secret: await secretOf(secret) }), { mode: 0o600 });

  let agreement: V1Vault['agreement'];
  if (options.agreement ?? true) {
    const agreementSecret = x25519.utils.randomSecretKey();
    agreement = { secret: agreementSecret, public: toBase64url(x25519.getPublicKey(agreementSecret)) };
    const file = { format: 'aidtrail-key-vault-agreement', v: 1, agreement: agreement.public, created };
    const sealed = await secretOf({ v: 1, agreement: toBase64url(agreementSecret) });
    await writeFile(join(userData, 'key-vault.agreement.json'), fileText({ ...file, secret: sealed }), { mode: 0o600 });
  }

  const siteKeys: { kid: string; key: Uint8Array }[] = [];
  for (let i = 0; i < (options.siteKeys ?? 1); i++) {
    const siteKey = { kid: `sk-${toHex(randomBytes(8))}`, key: Uint8Array.from(randomBytes(32)) };
    siteKeys.push(siteKey);
    const file = { format: 'aidtrail-key-vault-site-key', v: 1, kid: siteKey.kid, created };
    const sealed = await secretOf({ v: 1, kid: siteKey.kid, key: toBase64url(siteKey.key) });
    await writeFile(join(userData, `key-vault.${siteKey.kid}.json`), fileText({ ...file, secret: sealed }), { mode: 0o600 });
  }
  return { device, issuer, dataKey, agreement, siteKeys };
}

/** A blob as the v1 vault sealed it: AES-256-GCM, 12-byte iv, AAD `"aidtrail/v1/seal\n" ‖ kid [‖ "\n" ‖ context]`. */
export function sealV1(key: { readonly kid: string; readonly key: Uint8Array }, plaintext: Uint8Array, context?: string): SealedBlob {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(context === undefined ? `aidtrail/v1/seal\n${key.kid}` : `aidtrail/v1/seal\n${key.kid}\n${context}`));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { alg: 'A256GCM', kid: key.kid, iv: toBase64url(iv), ct: toBase64url(ct) };
}
