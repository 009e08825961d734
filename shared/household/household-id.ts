/**
 * Pseudonymous household ids, printed on ration cards and typed back in by a
 * field officer when a QR code will not scan (DESIGN.md "Identity": "look up by
 * ration-card number"). Form: `HH-7K3QX9P2-C`, that is the prefix `HH`, eight
 * symbols of Crockford base32 (40 random bits) and one check symbol.
 *
 * Alphabet: Crockford base32 (https://www.crockford.com/base32.html): digits
 * and capital letters without I, L, O and U, so what is read off a worn card
 * is what was printed. Decoding is forgiving the way Crockford specifies:
 * lower case is accepted, hyphens and spaces are ignored, O is read as 0 and
 * I/L as 1.
 *
 * Check symbol: the Damm algorithm over the quasigroup x∘y = α·x ⊕ y of
 * GF(32). Why not the two schemes the issue suggested:
 * - Luhn mod N (N = 32) misses one adjacent transposition: symbols with values
 *   0 and N−1 ("0Z" ↔ "Z0") leave the sum unchanged, just as "09" ↔ "90" does
 *   for decimal Luhn.
 * - ISO 7064 MOD 37-2 catches every single error and adjacent transposition,
 *   but its check symbol ranges over 37 values: `*` (forbidden by
 *   `householdIdSchema`) and I, L, O, U (which the look-alike rule above
 *   would silently rewrite, breaking the check). Avoiding them means throwing
 *   away ids, or carrying fewer random bits.
 * The Damm quasigroup has exactly 32 elements, so every check symbol is a
 * Crockford symbol, and (Damm 2004) a totally anti-symmetric quasigroup
 * catches all single-symbol errors (each row of the table is a permutation)
 * and all adjacent transpositions, the check symbol included
 * ((c∘x)∘y = (c∘y)∘x ⇒ x = y). Here (c∘x)∘y ⊕ (c∘y)∘x = (α ⊕ 1)·(x ⊕ y), which
 * is zero only when x = y since α ≠ 1. The tests check both properties
 * exhaustively over the whole table.
 *
 * Collisions: 40 random bits give a 0.1 % chance of any collision among 50,000
 * households (birthday bound n²/2⁴¹). Ids are made offline, so a collision can
 * only be noticed at sync; enrolment must refuse an id it already knows and
 * reconciliation must surface two enrolments with one id.
 */
import { err, ok, type Result } from '../result';

/** Crockford base32, value = index. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const HOUSEHOLD_ID_PREFIX = 'HH';
/** Random symbols per id: 8 × 5 = 40 bits, taken from 5 random bytes. */
export const HOUSEHOLD_ID_RANDOM_SYMBOLS = 8;
export const HOUSEHOLD_ID_RANDOM_BYTES = 5;

/** An id in its one printed spelling, `HH-XXXXXXXX-C`. */
export type HouseholdId = string & { readonly __brand: 'HouseholdId' };
export type HouseholdIdErrorCode = 'bad-format' | 'bad-check-digit';

/** GF(32) = GF(2)[x]/(x⁵ + x² + 1), a primitive polynomial; α = x. */
const GF32_MODULUS = 0b100101;

/**
 * One Damm step: the quasigroup operation interim∘symbol = α·interim ⊕ symbol,
 * on symbol values 0–31. Exported for the exhaustive tests of its properties.
 */
export function dammStep(interim: number, symbol: number): number {
  const doubled = interim << 1;
  return (doubled & 0b100000 ? doubled ^ GF32_MODULUS : doubled) ^ symbol;
}

function dammInterim(values: readonly number[]): number {
  let interim = 0;
  for (const v of values) interim = dammStep(interim, v);
  return interim;
}

/**
 * The check value for the given symbol values: the one symbol that brings the
 * Damm interim back to 0 (α·interim ⊕ c = 0 ⇔ c = α·interim in characteristic 2).
 */
export function checkValue(values: readonly number[]): number {
  return dammStep(dammInterim(values), 0);
}

function format(randomPart: string, check: string): HouseholdId {
  return `${HOUSEHOLD_ID_PREFIX}-${randomPart}-${check}` as HouseholdId;
}

/**
 * A new id from at least 5 bytes of the caller's CSPRNG (shared/ has none of
 * its own: `crypto.getRandomValues` in the renderer, `node:crypto` elsewhere).
 * Only the first 5 bytes are used. Too few bytes is a bug in the caller, not
 * bad input, so it throws.
 */
export function newHouseholdId(randomBytes: Uint8Array): HouseholdId {
  if (randomBytes.length < HOUSEHOLD_ID_RANDOM_BYTES) {
    throw new RangeError(`a household id needs ${HOUSEHOLD_ID_RANDOM_BYTES} random bytes, got ${randomBytes.length}`);
  }
  // 40 bits as a number: exact, far below 2^53.
  let bits = 0;
  for (let i = 0; i < HOUSEHOLD_ID_RANDOM_BYTES; i++) bits = bits * 256 + (randomBytes[i] as number);
  const values: number[] = [];
  for (let i = HOUSEHOLD_ID_RANDOM_SYMBOLS - 1; i >= 0; i--) values.push(Math.floor(bits / 2 ** (5 * i)) % 32);
  const symbols = values.map((v) => CROCKFORD_ALPHABET[v] as string).join('');
  return format(symbols, CROCKFORD_ALPHABET[checkValue(values)] as string);
}

/** Longer input is not an id; bounding it keeps a pasted document from costing anything. */
const MAX_INPUT_LENGTH = 64;
/** Separators a person or a word processor may put in: spaces of any kind, hyphen and the Unicode dashes. */
const SEPARATORS = /[\s\u2010-\u2015\u2212-]/gu;
/** Crockford's look-alikes, read as the symbol they resemble. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

const FORMAT_MESSAGE = `is not a household id: it should be HH, 8 letters or digits and a check character, like HH-7K3QX9P2-C`;

/**
 * Reads an id as typed or scanned: case, spaces, hyphens and the look-alikes
 * O/I/L are forgiven (Crockford decoding); anything else is `bad-format`, and
 * a well-formed id whose check symbol does not match (a typing mistake) is
 * `bad-check-digit`. The value is the one printed spelling.
 */
export function parseHouseholdId(text: string): Result<HouseholdId, HouseholdIdErrorCode> {
  // Typed callers always pass a string; the guard is for values straight from JSON or IPC.
  if (typeof text !== 'string') return err('bad-format', `this ${FORMAT_MESSAGE}`);
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (text.length > MAX_INPUT_LENGTH) return err('bad-format', `“${shown}” ${FORMAT_MESSAGE}`);
  const compact = text.replace(SEPARATORS, '');
  // ASCII only before upper-casing: 'ı'.toUpperCase() is 'I' and 'ﬀ' becomes 'FF'.
  if (!/^[0-9A-Za-z]+$/.test(compact)) return err('bad-format', `“${shown}” ${FORMAT_MESSAGE}`);
  const upper = compact.toUpperCase();
  if (!upper.startsWith(HOUSEHOLD_ID_PREFIX) || upper.length !== HOUSEHOLD_ID_PREFIX.length + HOUSEHOLD_ID_RANDOM_SYMBOLS + 1) {
    return err('bad-format', `“${shown}” ${FORMAT_MESSAGE}`);
  }
  const symbols = [...upper.slice(HOUSEHOLD_ID_PREFIX.length)].map((c) => LOOK_ALIKES[c] ?? c);
  const values = symbols.map((c) => CROCKFORD_ALPHABET.indexOf(c));
  // Only U is left outside the alphabet: Crockford leaves it out on purpose.
  if (values.some((v) => v < 0)) return err('bad-format', `“${shown}” ${FORMAT_MESSAGE}`);
  if (dammInterim(values) !== 0) {
    return err(
      'bad-check-digit',
      `“${shown}” has a mistake: its last character does not match the others. Read the card again, letter by letter.`,
    );
  }
  return ok(format(symbols.slice(0, HOUSEHOLD_ID_RANDOM_SYMBOLS).join(''), symbols[HOUSEHOLD_ID_RANDOM_SYMBOLS] as string));
}
