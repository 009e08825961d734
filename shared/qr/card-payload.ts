/**
 * The text printed as a ration card's QR code (DESIGN.md "Identity"):
 *
 *     AT1:<base45(deflate-raw(JCS bytes of the signed credential))>
 *
 * the scheme of the EU Digital COVID Certificate ("HC1:" + base45(zlib(…)))
 * and of MOSIP PixelPass: compress, then Base45 (RFC 9285) so that every
 * character is in the QR alphanumeric set and the code stores 5.5 bits per
 * character instead of 8 in byte mode. The prefix is alphanumeric too (":" is
 * in the set), so the whole payload is one alphanumeric segment.
 *
 * Version 1 deflates (RFC 1951, raw) with a preset dictionary: the JCS of a
 * ration card with its variable values left out. A credential's keys, type
 * names and contexts are the same on every card, and the dictionary turns
 * them into back-references: a typical card compresses to 230 bytes instead
 * of 500, a version 11 QR code at error correction M instead of version 18
 * (see the measurement in card-payload.test.ts). The dictionary is part of
 * the format: changing one byte of it makes every printed card unreadable, so
 * a new dictionary means a new prefix (AT2:), and AT1 stays readable.
 *
 * What is signed is the credential, not this wrapper: the payload carries the
 * JCS bytes exactly (decoding refuses any other spelling of the same JSON),
 * and its hash is the credential's. Whatever a scanner sends, decoding returns
 * a Result and never throws.
 */
import { deflateSync } from 'fflate';
import { fromUtf8, utf8 } from '../bytes';
import { boundedInflate } from '../bounded-inflate';
import { canonicalBytes, canonicalize } from '../canonical';
import type { SignedCredential } from '../credentials/credential';
import { err, ok, type Result } from '../result';
import { decodeBase45, encodeBase45 } from './base45';

export const CARD_PAYLOAD_PREFIX = 'AT1:';

/**
 * The most characters a QR code holds in alphanumeric mode (version 40, error
 * correction L: ISO/IEC 18004:2015 Table 7). Longer text did not come from a
 * card, so it is refused before any decoding work.
 */
export const MAX_CARD_PAYLOAD_CHARS = 4296;

/** Room for what a scanner adds around the payload (a CR/LF, padding spaces) before the length check refuses outright. */
const SCANNER_SLACK = 64;

/**
 * The largest credential a card carries, as JCS bytes. A ration card is about
 * 1 KB; the bound is what a bomb can make the decoder allocate.
 */
export const MAX_CARD_JSON_BYTES = 16 * 1024;

/**
 * The AT1 preset dictionary: a ration card's JCS (RFC 8785 sorts the keys, so
 * every card has this order) with the values that differ per card removed.
 * DEFLATE prefers near matches, and the template keeps each string where it
 * stands in a real card, so the distances stay short. Frozen with AT1: its
 * SHA-256 is pinned in the tests.
 */
const AT1_DICTIONARY = utf8(
  '{"@context":["https://www.w3.org/ns/credentials/v2"],"credentialStatus":{"statusListCredential":"https://",' +
    '"statusListIndex":"","statusPurpose":"revocation","type":"BitstringStatusListEntry"},"credentialSubject":' +
    '{"household":"","id":"urn:aidtrail:household:","site":"","size":},"issuer":"did:key:z6Mk","proof":' +
    '{"@context":["https://www.w3.org/ns/credentials/v2"],"created":"T00:00:00Z","cryptosuite":"eddsa-jcs-2022",' +
    '"proofPurpose":"assertionMethod","proofValue":"z","type":"DataIntegrityProof","verificationMethod":' +
    '"did:key:z6Mk#z6Mk"},"type":["VerifiableCredential","AidtrailRationCard"],"validFrom":"T00:00:00Z",' +
    '"validUntil":"T23:59:59Z"}',
);

/** The dictionary's bytes, for the test that pins them. */
export const at1Dictionary = (): Uint8Array => AT1_DICTIONARY.slice();

export class CardPayloadError extends Error {
  override readonly name = 'CardPayloadError';
}

/**
 * The card's QR text for a signed credential. Throws CanonicalError when the
 * credential is not I-JSON and CardPayloadError when it is too large for a
 * card; both are the issuer's mistakes, found before anything is printed.
 * Print it as a single alphanumeric segment (with the `qrcode` package:
 * `[{ data: text, mode: 'alphanumeric' }]`).
 */
export function encodeCardPayload(credential: SignedCredential): string {
  const bytes = canonicalBytes(credential);
  if (bytes.length > MAX_CARD_JSON_BYTES) {
    throw new CardPayloadError(`the credential is ${bytes.length} bytes; a card holds at most ${MAX_CARD_JSON_BYTES}`);
  }
  // Never print a card this kit cannot read back. The decoder's check that no
  // padding bit is set could, in theory, refuse one particular compressed
  // stream (see bounded-inflate.ts); another level gives another stream.
  for (const level of [9, 6, 4, 1] as const) {
    const text = CARD_PAYLOAD_PREFIX + encodeBase45(deflateSync(bytes, { level, dictionary: AT1_DICTIONARY }));
    if (text.length > MAX_CARD_PAYLOAD_CHARS) {
      throw new CardPayloadError(`the card payload is ${text.length} characters; a QR code holds at most ${MAX_CARD_PAYLOAD_CHARS}`);
    }
    if (decodeCardPayload(text).ok) return text;
  }
  throw new CardPayloadError('the credential could not be encoded into a payload this kit reads back');
}

const AGAIN = 'Scan the card again, or look the household up by its ration-card number.';
const unreadable = (why: string) => err('unreadable', `This code cannot be read: ${why}. ${AGAIN}`);

/**
 * What USB scanners in keyboard mode add around a code: a CR and/or LF after
 * it, sometimes spaces. Removing spaces cannot damage a payload: a Base45 text
 * never ends in a space (RFC 9285 §4: a final group's last character encodes
 * at most 65535 / 45² = 32, or 255 / 45 = 5; the space is 36) and the payload
 * starts with the prefix.
 */
const SURROUNDING = /^[ \r\n]+|[ \r\n]+$/g;

/** Why a text is not an AT1 payload, in words, given that it does not start with the prefix. */
function wrongPrefix(text: string): string {
  if (text.toUpperCase().startsWith(CARD_PAYLOAD_PREFIX)) {
    return 'it arrived in lowercase letters; check the scanner’s keyboard or Caps Lock setting';
  }
  if (text.startsWith('HC1:')) return 'it is an EU Digital COVID Certificate, not a ration card';
  const version = /^AT(\d+):/.exec(text);
  if (version !== null) {
    return `it is a ration card in format version ${version[1]}, which this version of the kit does not read; update the kit`;
  }
  return 'it is not an Aidtrail ration card';
}

/**
 * The JSON value inside a card's QR text: the signed credential, still to be
 * verified. Refuses, with a message that says which: empty or oversized text
 * (by length alone, before any work), a wrong prefix or version, text that is
 * not Base45, compressed data that is corrupt, has bytes after its end or
 * expands beyond MAX_CARD_JSON_BYTES (inflating stops there), bytes that are
 * not UTF-8, text that is not JSON, and JSON that is not in JCS form.
 * Surrounding spaces, CR and LF are ignored; nothing else is.
 */
export function decodeCardPayload(text: string): Result<unknown, 'unreadable'> {
  if (typeof text !== 'string') return unreadable('nothing was received from the scanner');
  if (text.length > MAX_CARD_PAYLOAD_CHARS + SCANNER_SLACK) {
    return unreadable(`it is ${text.length} characters long, more than any QR code holds`);
  }
  const payload = text.replace(SURROUNDING, '');
  if (payload === '') return unreadable('nothing was received from the scanner');
  if (payload.length > MAX_CARD_PAYLOAD_CHARS) {
    return unreadable(`it is ${payload.length} characters long, more than any QR code holds`);
  }
  if (!payload.startsWith(CARD_PAYLOAD_PREFIX)) return unreadable(wrongPrefix(payload));

  const body = payload.slice(CARD_PAYLOAD_PREFIX.length);
  if (/[a-z]/.test(body)) {
    return unreadable('it arrived with lowercase letters; check the scanner’s keyboard or Caps Lock setting');
  }
  const compressed = decodeBase45(body);
  if (!compressed.ok) return unreadable(`it is damaged or incomplete (not valid Base45: ${compressed.message})`);
  const inflated = boundedInflate(compressed.value, {
    format: 'deflate-raw',
    maxBytes: MAX_CARD_JSON_BYTES,
    dictionary: AT1_DICTIONARY,
  });
  if (!inflated.ok) {
    return inflated.code === 'too-large'
      ? unreadable(`its content is larger than any ration card (${inflated.message})`)
      : unreadable(`it is damaged or incomplete (${inflated.message})`);
  }
  let json: string;
  try {
    json = fromUtf8(inflated.value);
  } catch {
    return unreadable('its content is not text (not valid UTF-8)');
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return unreadable('its content is not a credential (not JSON)');
  }
  // One spelling per credential: what was signed is the JCS, and the card
  // carries exactly that, so duplicate keys, spacing or escapes mean the
  // payload was not made by an issuer.
  let canonical: string | undefined;
  try {
    canonical = canonicalize(value);
  } catch {
    canonical = undefined;
  }
  if (canonical !== json) return unreadable('its content is not in the canonical form cards are printed in');
  return ok(value);
}
