/**
 * Byte helpers and the text encodings the wire formats use. Encodings come
 * from @scure/base (audited, strict about padding and alphabets) rather than
 * hand-written code; every decoder here throws on malformed input and callers
 * at a boundary turn that into a Result.
 */
import { base58, base64, base64urlnopad, hex as hexCoder, utf8 as utf8Coder } from '@scure/base';

export const utf8 = (text: string): Uint8Array => utf8Coder.decode(text);

/**
 * Strict UTF-8 decode: invalid sequences throw instead of becoming U+FFFD, and
 * a leading byte-order mark is kept, so the text is exactly the bytes given.
 */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

export const toHex = (bytes: Uint8Array): string => hexCoder.encode(bytes);

/** Lowercase hex only: ids and hashes have one spelling everywhere. */
export function fromHex(text: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new Error('not lowercase hex');
  return hexCoder.decode(text);
}

export const toBase64 = (bytes: Uint8Array): string => base64.encode(bytes);
export const fromBase64 = (text: string): Uint8Array => base64.decode(text);
export const toBase64url = (bytes: Uint8Array): string => base64urlnopad.encode(bytes);
export const fromBase64url = (text: string): Uint8Array => base64urlnopad.decode(text);
export const toBase58 = (bytes: Uint8Array): string => base58.encode(bytes);
export const fromBase58 = (text: string): Uint8Array => base58.decode(text);

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
