/**
 * Base45 (RFC 9285): bytes as text in the QR alphanumeric alphabet, which a
 * QR code stores in 5.5 bits a character instead of 8 (byte mode). The EU
 * Digital COVID Certificate and MOSIP PixelPass print credentials this way.
 */
import { err, ok, type Result } from '../result';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** RFC 9285 §4.1: each 2 bytes become 3 characters (little end first), a last odd byte 2. */
export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i]! * 256 + bytes[i + 1]!;
      const c = n % 45;
      n = (n - c) / 45;
      out += ALPHABET[c]! + ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
    } else {
      const n = bytes[i]!;
      out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
    }
  }
  return out;
}

/** RFC 9285 §4.2, rejecting what §6 says a decoder must: bad characters, a dangling character, values over 65535 / 255. */
export function decodeBase45(text: string): Result<Uint8Array, 'bad-base45'> {
  if (text.length % 3 === 1) return err('bad-base45', `base45 text cannot be ${text.length} characters long`);
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let at = 0;
  for (let i = 0; i < text.length; i += 3) {
    const chunk = text.slice(i, i + 3);
    const digits = [...chunk].map((c) => VALUE.get(c));
    if (digits.some((d) => d === undefined)) {
      return err('bad-base45', `"${chunk}" holds a character outside the base45 alphabet`);
    }
    const [c, d, e = 0] = digits as number[];
    const n = c! + d! * 45 + e * 45 * 45;
    if (chunk.length === 3) {
      if (n > 0xffff) return err('bad-base45', `"${chunk}" encodes ${n}, more than two bytes hold`);
      out[at++] = n >> 8;
      out[at++] = n & 0xff;
    } else {
      if (n > 0xff) return err('bad-base45', `"${chunk}" encodes ${n}, more than one byte holds`);
      out[at++] = n;
    }
  }
  return ok(out);
}
