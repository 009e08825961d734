/**
 * Witness cosignatures on checkpoints (C2SP tlog-cosignature, Ed25519
 * `cosignature/v1`): a witness's statement that, as of its timestamp, the
 * checkpoint is the largest consistent tree it has seen of the log. A
 * cosignature is a signed-note signature line
 *   — <witness name> base64(key ID ‖ u64 timestamp ‖ Ed25519 signature)
 * over "cosignature/v1\ntime <timestamp>\n" followed by the checkpoint's
 * note body. Kits and the donor page require k of n known witnesses before
 * they take a checkpoint (issue 17).
 */
import { concatBytes, toBase64, utf8 } from '../bytes';
import { keyPairFromSeed, sign, verify } from '../crypto/ed25519';
import { sha256 } from '../crypto/sha256';
import { isValidKeyName, parseNote, type NoteSignature } from '../checkpoint/signed-note';
import { err, ok, type Result } from '../result';

/** tlog-cosignature: the key ID algorithm byte of Ed25519 cosigners. */
export const COSIGNATURE_V1_TYPE = 0x04;
const TIMESTAMP_BYTES = 8;
const SIGNATURE_BYTES = 64;

/** A witness as a client trusts it: its name and Ed25519 public key. */
export interface Cosigner {
  readonly name: string;
  readonly publicKey: Uint8Array;
}

/** SHA-256(<name> ‖ "\n" ‖ 0x04 ‖ public key)[:4], big-endian. */
export function cosignerKeyId(name: string, publicKey: Uint8Array): number {
  const h = sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, COSIGNATURE_V1_TYPE), publicKey));
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}

/** What a v1 cosignature signs: the header and timestamp lines, then the checkpoint body with its final newline. */
export const cosignedMessage = (body: string, timestamp: number): Uint8Array => utf8(`cosignature/v1\ntime ${timestamp}\n${body}`);

function u64(value: number): Uint8Array {
  const out = new Uint8Array(TIMESTAMP_BYTES);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** The cosignature line (with its newline) a witness named `name` with `seed` gives the checkpoint `body` at `timestamp` (POSIX seconds). */
export function cosign(body: string, name: string, seed: Uint8Array, timestamp: number): Result<string, 'bad-key-name' | 'bad-timestamp'> {
  if (!isValidKeyName(name)) return err('bad-key-name', `“${name.slice(0, 80)}” is not a signed-note key name`);
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0) return err('bad-timestamp', 'a cosignature needs a positive POSIX timestamp');
  const { publicKey } = keyPairFromSeed(seed);
  const keyId = cosignerKeyId(name, publicKey);
  const id = Uint8Array.of(keyId >>> 24, (keyId >>> 16) & 0xff, (keyId >>> 8) & 0xff, keyId & 0xff);
  const signature = sign(cosignedMessage(body, timestamp), seed);
  return ok(`\u2014 ${name} ${toBase64(concatBytes(id, u64(timestamp), signature))}\n`);
}

/** A verified cosignature: who, and when they saw the checkpoint. */
export interface VerifiedCosignature {
  readonly name: string;
  readonly timestamp: number;
}

export type CosignatureErrorCode = 'bad-note' | 'bad-cosignature' | 'quorum-not-met';

/** The timestamp and signature in a cosignature line's bytes after the key ID, or undefined when they are not 8 + 64 bytes. */
function decode(signature: NoteSignature): { timestamp: number; sig: Uint8Array } | undefined {
  if (signature.signature.length !== TIMESTAMP_BYTES + SIGNATURE_BYTES) return undefined;
  const timestamp = new DataView(signature.signature.buffer, signature.signature.byteOffset).getBigUint64(0);
  if (timestamp === 0n || timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { timestamp: Number(timestamp), sig: signature.signature.slice(TIMESTAMP_BYTES) };
}

/**
 * The cosignatures of known witnesses on a checkpoint note, checked; at
 * least `quorum` distinct witnesses must have cosigned. As signed-note asks:
 * lines of unknown keys are ignored, a line whose name and key ID match a
 * known witness must verify (else the note is refused), and a witness counts
 * once. A timestamp more than `maxSkewSeconds` after `now` is refused.
 */
export function verifyCosignatures(
  note: string,
  witnesses: readonly Cosigner[],
  options: { readonly quorum: number; readonly now: number; readonly maxSkewSeconds?: number },
): Result<VerifiedCosignature[], CosignatureErrorCode> {
  const parsed = parseNote(note);
  if (!parsed.ok) return err('bad-note', `the checkpoint is not a signed note: ${parsed.message}`);
  const { text, signatures } = parsed.value;
  const known = new Map(witnesses.map((w) => [`${w.name}\u0000${cosignerKeyId(w.name, w.publicKey)}`, w]));
  const counted = new Map<string, VerifiedCosignature>();
  for (const line of signatures) {
    const witness = known.get(`${line.name}\u0000${line.keyId}`);
    if (witness === undefined || counted.has(witness.name)) continue;
    const decoded = decode(line);
    if (decoded === undefined || !verify(decoded.sig, cosignedMessage(text, decoded.timestamp), witness.publicKey)) {
      return err('bad-cosignature', `the cosignature of ${witness.name} does not verify`);
    }
    if (decoded.timestamp > options.now + (options.maxSkewSeconds ?? 600)) {
      return err('bad-cosignature', `the cosignature of ${witness.name} is dated in the future`);
    }
    counted.set(witness.name, { name: witness.name, timestamp: decoded.timestamp });
  }
  if (counted.size < options.quorum) {
    return err('quorum-not-met', `${counted.size} of the ${options.quorum} witness cosignatures required`);
  }
  return ok([...counted.values()]);
}
