import { publicKeyToDid } from '../../../shared/crypto/did-key';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import type { Command } from '../command';
import { keyFileJson } from '../key-file';

export const keygen: Command = {
  name: 'keygen',
  summary: 'create an Ed25519 key and its did:key; the private key goes only to the file',
  usage: 'aidtrail keygen --out key.json',
  options: { out: { type: 'string' } },
  required: ['out'],
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const key = generateKeyPair();
    await io.writeSecretFile(String(values.out), keyFileJson(key));
    io.stdout(`${publicKeyToDid(key.publicKey)}\n`);
    return 0;
  },
};
