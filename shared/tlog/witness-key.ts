/**
 * A witness's public key as people pass it around: a C2SP vkey with the
 * cosignature/v1 type byte 0x04 (tlog-cosignature: "Ed25519 public keys MAY
 * be encoded as vkeys with signature type 0x04"), `<name>+<key ID hex>+
 * base64(0x04 ‖ key)`. The witness service prints it, the ledger's
 * `--witness` takes it, and the donor page's `#witnesses=` pins it, so one
 * reader serves all three. The log's own key is the signed-note 0x01 kind
 * (shared/checkpoint parseVerifierKey).
 */
import { concatBytes, toBase64 } from '../bytes';
import { decodeCanonicalBase64, isValidKeyName, keyIdHex } from '../checkpoint/signed-note';
import { err, ok, type Result } from '../result';
import { COSIGNATURE_V1_TYPE, cosignerKeyId, type Cosigner } from './cosignature';

const ED25519_PUBLIC_KEY_BYTES = 32;

export const encodeWitnessKey = ({ name, publicKey }: Cosigner): string =>
  `${name}+${keyIdHex(cosignerKeyId(name, publicKey))}+${toBase64(concatBytes(Uint8Array.of(COSIGNATURE_V1_TYPE), publicKey))}`;

/** The witness a vkey names; its key ID must be the hash of its name and key, as for a log key. */
export function parseWitnessKey(text: string): Result<Cosigner, 'bad-witness-key'> {
  const parts = text.split('+');
  // A base64 key may itself hold "+": the name and the ID are the first two parts.
  if (parts.length < 3) return err('bad-witness-key', 'a witness key is <name>+<key ID>+<key>');
  const [name = '', idHex = ''] = parts;
  const typed = decodeCanonicalBase64(parts.slice(2).join('+'));
  if (!isValidKeyName(name)) return err('bad-witness-key', `invalid witness name ${JSON.stringify(name.slice(0, 80))}`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) return err('bad-witness-key', 'the key ID must be 8 lowercase hex digits');
  if (typed?.length !== 1 + ED25519_PUBLIC_KEY_BYTES || typed[0] !== COSIGNATURE_V1_TYPE) {
    return err('bad-witness-key', 'the key must be base64 of 0x04 and a 32-byte Ed25519 public key (a cosignature/v1 key)');
  }
  const publicKey = typed.slice(1);
  if (keyIdHex(cosignerKeyId(name, publicKey)) !== idHex) return err('bad-witness-key', `key ID ${idHex} is not the hash of the name and key`);
  return ok({ name, publicKey });
}
