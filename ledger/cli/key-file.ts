/**
 * The key file `aidtrail keygen` writes and the signing commands read. Its
 * fields are the multibase ones of the vc-di-eddsa `keyPair.json`, so that
 * file works as a key file too; `did` is added for people reading it.
 */
import { z } from 'zod';
import { multibaseToPublicKey, multibaseToSeed, publicKeyToDid, publicKeyToMultibase, seedToMultibase, type DidKey } from '../../shared/crypto/did-key';
import { equalBytes } from '../../shared/bytes';
import { keyPairFromSeed, type Ed25519KeyPair } from '../../shared/crypto/ed25519';
import { CliError, type CliIo } from './io';
import { readJson } from './input';

export interface SigningKey extends Ed25519KeyPair {
  readonly did: DidKey;
}

const keyFileSchema = z.object({
  did: z.string().optional(),
  publicKeyMultibase: z.string().optional(),
  privateKeyMultibase: z.string(),
});

export function keyFileJson(key: Ed25519KeyPair): string {
  const body = {
    did: publicKeyToDid(key.publicKey),
    publicKeyMultibase: publicKeyToMultibase(key.publicKey),
    privateKeyMultibase: seedToMultibase(key.seed),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export async function readKeyFile(io: CliIo, path: string): Promise<SigningKey> {
  const parsed = keyFileSchema.safeParse(await readJson(io, path));
  if (!parsed.success) throw new CliError(1, `${path} is not a key file: it needs "privateKeyMultibase"`);
  const seed = multibaseToSeed(parsed.data.privateKeyMultibase);
  if (!seed.ok) throw new CliError(1, `${path}: privateKeyMultibase: ${seed.message}`);
  const key = keyPairFromSeed(seed.value);
  const did = publicKeyToDid(key.publicKey);
  const { publicKeyMultibase } = parsed.data;
  if (publicKeyMultibase !== undefined) {
    const stated = multibaseToPublicKey(publicKeyMultibase);
    if (!stated.ok || !equalBytes(stated.value, key.publicKey)) {
      throw new CliError(1, `${path}: publicKeyMultibase does not belong to the private key`);
    }
  }
  if (parsed.data.did !== undefined && parsed.data.did !== did) {
    throw new CliError(1, `${path}: did does not belong to the private key`);
  }
  return { ...key, did };
}
