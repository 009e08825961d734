/**
 * C2SP signed notes (c2sp.org/signed-note), Ed25519 only, compatible with
 * golang.org/x/mod/sumdb/note. HQ signs its log checkpoints as notes
 * (DESIGN.md "Wire formats"); devices open them offline with HQ's verifier key.
 *
 * A note is text, a blank line, then signature lines
 * `— <key name> base64(key ID ‖ signature)`. Everything received is parsed
 * strictly and every failure is a `Result` with a stable code: a malformed
 * variant of a valid note is refused, never repaired.
 *
 * Every note sumdb/note writes is accepted here. Two spellings Go's parser
 * also accepts are refused, so that each value has one spelling: base64 with
 * non-zero padding bits, and upper-case hex key IDs in verifier keys.
 */
import { concatBytes, fromBase64, fromUtf8, toBase64, utf8 } from '../bytes';
import { keyPairFromSeed, PUBLIC_KEY_BYTES, SEED_BYTES, sign, verify } from '../crypto/ed25519';
import { sha256 } from '../crypto/sha256';
import { err, ok, type Result } from '../result';

export type NoteErrorCode =
  | 'invalid-utf8'
  | 'control-character'
  | 'missing-final-newline'
  | 'missing-blank-line'
  | 'no-signatures'
  | 'bad-signature-line'
  | 'bad-key-name'
  | 'too-many-signatures'
  | 'unknown-key'
  | 'ambiguous-key'
  | 'bad-signature'
  | 'bad-verifier-key'
  | 'unsupported-algorithm'
  | 'key-id-mismatch'
  | 'bad-seed'
  | 'no-signers'
  | 'duplicate-signer';

/**
 * signed-note §Format: verifiers SHOULD cap the number of signatures and MUST
 * accept at least 16. 100 is the cap of sumdb/note, so a note Go accepts we
 * accept too.
 */
export const MAX_SIGNATURES = 100;

/** signed-note §Signature types: 0x01 is Ed25519. */
export const ED25519_SIGNATURE_TYPE = 0x01;

/**
 * A trusted public key: the key name and key ID a signature line must carry.
 * Build it with `ed25519Verifier` or `parseVerifierKey`, which derive the key ID.
 */
export interface NoteVerifier {
  readonly name: string;
  /** uint32, big-endian first four bytes of the key hash (signed-note §Signatures). */
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

/** A private signing key; it is also a `NoteVerifier` for its own public key. */
export interface NoteSigner extends NoteVerifier {
  readonly seed: Uint8Array;
}

/** One signature line, decoded. `signature` is the bytes after the key ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
}

/** A note split into its text and signatures, nothing verified yet. */
export interface ParsedNote {
  /** The signed text: everything up to and including the newline before the blank line. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A note with at least one signature by a known key verified. */
export interface OpenedNote {
  readonly text: string;
  /** Valid signatures by known keys, one per key, in note order. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys the caller does not know, duplicates dropped, in note order. */
  readonly unverified: readonly NoteSignature[];
}

const SIGNATURE_PREFIX = '\u2014 '; // em dash, space (signed-note §Format)
const KEY_ID_BYTES = 4;

export const keyIdHex = (keyId: number): string => keyId.toString(16).padStart(8, '0');

const describeKey = (name: string, keyId: number): string => `${name}+${keyIdHex(keyId)}`;

/** The big-endian uint32 in the first four bytes (signed-note §Format: key IDs are stored so). */
const readKeyId = (b: Uint8Array): number => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;

/** signed-note §Signatures: SHA-256(key name ‖ 0x0A ‖ type ‖ public key)[:4]. */
const keyIdOf = (name: string, typedKey: Uint8Array): number =>
  readKeyId(sha256(concatBytes(utf8(name), Uint8Array.of(0x0a), typedKey)));

/** signed-note §Ed25519 signatures: the key ID of an Ed25519 key. */
export const ed25519KeyId = (name: string, publicKey: Uint8Array): number =>
  keyIdOf(name, concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey));

/** A JS string may hold lone surrogates, which have no UTF-8 encoding. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * `\p{White_Space}` is exactly Go's unicode.IsSpace, the "Unicode spaces" of
 * sumdb/note; U+200B and U+FEFF are not in it, there as here.
 */
const WHITE_SPACE = /\p{White_Space}/u;

/** Index of the first ASCII control character other than newline, or -1. */
function controlCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return i;
  }
  return -1;
}

const codePointLabel = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * signed-note §Format: key names are non-empty and contain no Unicode spaces
 * and no "+". Control characters cannot occur in a valid note at all, so a
 * name holding one could never match a signature and is refused as well.
 */
export function isValidKeyName(name: string): boolean {
  return (
    name !== '' &&
    !LONE_SURROGATE.test(name) &&
    !WHITE_SPACE.test(name) &&
    !name.includes('+') &&
    controlCharacterAt(name) < 0
  );
}

/**
 * Standard padded base64 (signed-note §Conventions, RFC 4648 §4) in its one
 * canonical spelling: re-encoding must give the input back, so non-zero pad
 * bits or stray characters are refused whatever the decoder tolerates.
 */
export function decodeCanonicalBase64(text: string): Uint8Array | undefined {
  try {
    const bytes = fromBase64(text);
    return toBase64(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * signed-note §Format: valid UTF-8, no ASCII control character but newline,
 * ending in a newline. Checkpoint text and signed-note text share this rule.
 */
export function checkNoteText(
  text: string,
): Result<string, 'invalid-utf8' | 'control-character' | 'missing-final-newline'> {
  if (LONE_SURROGATE.test(text)) return err('invalid-utf8', 'the text holds a lone UTF-16 surrogate, which is not valid UTF-8');
  const at = controlCharacterAt(text);
  if (at >= 0) {
    return err('control-character', `control character ${codePointLabel(text.charCodeAt(at))} at offset ${at}; only newline is allowed`);
  }
  if (!text.endsWith('\n')) return err('missing-final-newline', 'the text must end with a newline');
  return ok(text);
}

/**
 * Strict UTF-8 decoding that keeps every byte: a text may begin with U+FEFF
 * (it is neither a control character nor invalid), but a WHATWG decoder drops
 * a leading byte-order mark, which would let a different byte string pass as
 * the signed one. Decoding behind a one-byte "a" keeps the mark as text.
 */
function decodeMessage(message: string | Uint8Array): Result<string, 'invalid-utf8'> {
  if (typeof message === 'string') return ok(message);
  try {
    return ok(fromUtf8(concatBytes(Uint8Array.of(0x61), message)).slice(1));
  } catch {
    return err('invalid-utf8', 'the note is not valid UTF-8');
  }
}

/** signed-note §Signatures: `— <key name> base64(32-bit key ID ‖ signature)`. */
function parseSignatureLine(line: string, lineNumber: number): Result<NoteSignature, NoteErrorCode> {
  const where = `signature line ${lineNumber}`;
  if (!line.startsWith(SIGNATURE_PREFIX)) {
    return err('bad-signature-line', `${where} must start with an em dash (U+2014) and a space`);
  }
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) return err('bad-signature-line', `${where} has no space between key name and signature`);
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) return err('bad-key-name', `${where} has an invalid key name ${JSON.stringify(name)}`);
  const raw = decodeCanonicalBase64(rest.slice(space + 1));
  // At least one signature byte after the key ID, as sumdb/note requires.
  if (raw === undefined || raw.length <= KEY_ID_BYTES) {
    return err('bad-signature-line', `${where}: the signature is not canonical padded base64 of a key ID and a signature`);
  }
  return ok({ name, keyId: readKeyId(raw), signature: raw.slice(KEY_ID_BYTES) });
}

/**
 * Splits a note into text and signatures without verifying anything
 * (signed-note §Format). The text is everything up to the last blank line;
 * the text may itself contain blank lines.
 */
export function parseNote(message: string | Uint8Array): Result<ParsedNote, NoteErrorCode> {
  const decoded = decodeMessage(message);
  if (!decoded.ok) return decoded;
  const checked = checkNoteText(decoded.value);
  if (!checked.ok) return checked;
  const note = checked.value;
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return err('missing-blank-line', 'no blank line separates the text from the signatures');
  const block = note.slice(split + 2);
  if (block === '') return err('no-signatures', 'the note has no signature lines');
  // The block ends in "\n" (checked above) and, split being the last blank
  // line, holds no empty line.
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) {
    return err('too-many-signatures', `the note has ${lines.length} signatures; at most ${MAX_SIGNATURES} are accepted`);
  }
  const signatures: NoteSignature[] = [];
  for (const [i, line] of lines.entries()) {
    const parsed = parseSignatureLine(line, i + 1);
    if (!parsed.ok) return parsed;
    signatures.push(parsed.value);
  }
  return ok({ text: note.slice(0, split + 1), signatures });
}

/**
 * Parses and verifies a note against the keys the caller trusts
 * (signed-note §Signatures), with the duplicate rules of sumdb/note's Open:
 * - a signature whose key name and ID (both) match no verifier is ignored,
 *   kept in `unverified` with exact repeats dropped;
 * - a matching signature must verify, or the whole note is refused;
 * - only the first signature per known key counts, later ones are skipped;
 * - two verifiers sharing a name and ID are an error once a signature needs them;
 * - at least one known signature must verify.
 */
export function openNote(
  message: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): Result<OpenedNote, NoteErrorCode> {
  const parsed = parseNote(message);
  if (!parsed.ok) return parsed;
  const { text, signatures } = parsed.value;
  const textBytes = utf8(text);

  const byKey = new Map<string, NoteVerifier[]>();
  for (const v of verifiers) {
    const key = describeKey(v.name, v.keyId);
    byKey.set(key, [...(byKey.get(key) ?? []), v]);
  }

  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKnown = new Set<string>();
  const seenUnknown = new Set<string>();
  for (const sig of signatures) {
    const key = describeKey(sig.name, sig.keyId);
    const candidates = byKey.get(key);
    if (candidates === undefined) {
      const line = `${key} ${toBase64(sig.signature)}`;
      if (!seenUnknown.has(line)) {
        seenUnknown.add(line);
        unverified.push(sig);
      }
      continue;
    }
    const [verifier, ...others] = candidates;
    if (verifier === undefined || others.length > 0) {
      return err('ambiguous-key', `more than one trusted key is named ${key}`);
    }
    if (seenKnown.has(key)) continue;
    seenKnown.add(key);
    if (!verify(sig.signature, textBytes, verifier.publicKey)) {
      return err('bad-signature', `the signature by known key ${key} does not verify`);
    }
    verified.push(sig);
  }
  if (verified.length === 0) {
    return err('unknown-key', 'no signature on the note is by a trusted key');
  }
  return ok({ text, verified, unverified });
}

/** Builds a verifier for an Ed25519 public key under a key name. */
export function ed25519Verifier(
  name: string,
  publicKey: Uint8Array,
): Result<NoteVerifier, 'bad-key-name' | 'bad-verifier-key'> {
  if (!isValidKeyName(name)) return err('bad-key-name', `invalid key name ${JSON.stringify(name)}`);
  if (publicKey.length !== PUBLIC_KEY_BYTES) {
    return err('bad-verifier-key', `an Ed25519 public key is ${PUBLIC_KEY_BYTES} bytes, not ${publicKey.length}`);
  }
  return ok({ name, keyId: ed25519KeyId(name, publicKey), publicKey: Uint8Array.from(publicKey) });
}

/** Builds a signer from a 32-byte Ed25519 seed (RFC 8032 private key) under a key name. */
export function ed25519Signer(name: string, seed: Uint8Array): Result<NoteSigner, 'bad-key-name' | 'bad-seed'> {
  if (!isValidKeyName(name)) return err('bad-key-name', `invalid key name ${JSON.stringify(name)}`);
  if (seed.length !== SEED_BYTES) return err('bad-seed', `an Ed25519 seed is ${SEED_BYTES} bytes, not ${seed.length}`);
  const pair = keyPairFromSeed(seed);
  return ok({ name, keyId: ed25519KeyId(name, pair.publicKey), publicKey: pair.publicKey, seed: pair.seed });
}

/**
 * The verifier key string of sumdb/note, `<name>+<key ID hex>+<base64(0x01 ‖
 * public key)>`, the form in which HQ publishes its log key.
 */
export const encodeVerifierKey = (v: NoteVerifier): string =>
  `${v.name}+${keyIdHex(v.keyId)}+${toBase64(concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), v.publicKey))}`;

/**
 * Parses a verifier key string and checks that its key ID is the hash of its
 * name and key. Stricter than sumdb/note's NewVerifier in one respect: the key
 * ID must be lowercase hex, the only spelling Go itself writes.
 */
export function parseVerifierKey(text: string): Result<NoteVerifier, NoteErrorCode> {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) return err('bad-verifier-key', 'a verifier key is <name>+<key ID>+<key>');
  const name = text.slice(0, first);
  const idHex = text.slice(first + 1, second);
  if (!isValidKeyName(name)) return err('bad-key-name', `invalid key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) return err('bad-verifier-key', 'the key ID must be 8 lowercase hex digits');
  const typedKey = decodeCanonicalBase64(text.slice(second + 1));
  if (typedKey === undefined || typedKey.length === 0) {
    return err('bad-verifier-key', 'the key is not canonical padded base64');
  }
  if (typedKey[0] !== ED25519_SIGNATURE_TYPE) {
    return err('unsupported-algorithm', `signature type 0x${typedKey[0]!.toString(16).padStart(2, '0')} is not Ed25519 (0x01)`);
  }
  if (typedKey.length !== 1 + PUBLIC_KEY_BYTES) {
    return err('bad-verifier-key', `an Ed25519 public key is ${PUBLIC_KEY_BYTES} bytes, not ${typedKey.length - 1}`);
  }
  const keyId = Number.parseInt(idHex, 16);
  if (keyId !== keyIdOf(name, typedKey)) {
    return err('key-id-mismatch', `key ID ${idHex} is not the hash of the key name and public key`);
  }
  return ok({ name, keyId, publicKey: typedKey.slice(1) });
}

/**
 * Signs `text` with every signer and returns the signed note (signed-note
 * §Format). The text must itself be valid note text; each key signs once.
 */
export function signNote(text: string, signers: readonly NoteSigner[]): Result<string, NoteErrorCode> {
  const checked = checkNoteText(text);
  if (!checked.ok) return checked;
  if (signers.length === 0) return err('no-signers', 'a note needs at least one signature');
  const textBytes = utf8(text);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const s of signers) {
    // NoteSigner is a plain interface, so a hand-built one may carry any name.
    if (!isValidKeyName(s.name)) return err('bad-key-name', `invalid key name ${JSON.stringify(s.name)}`);
    const key = describeKey(s.name, s.keyId);
    if (seen.has(key)) return err('duplicate-signer', `key ${key} is given twice`);
    seen.add(key);
    const id = Uint8Array.of(s.keyId >>> 24, s.keyId >>> 16, s.keyId >>> 8, s.keyId);
    lines.push(`${SIGNATURE_PREFIX}${s.name} ${toBase64(concatBytes(id, sign(textBytes, s.seed)))}\n`);
  }
  return ok(`${text}\n${lines.join('')}`);
}
