/**
 * Checks of input whose shape is not known yet (an upload, a peer's message,
 * a file), answered with a value or `undefined` instead of an exception, so
 * a parser can go on to say precisely what is wrong.
 */
import { fromBase64url } from './bytes';

/** A plain JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The bytes of a base64url signature, or undefined. Only the canonical
 * spelling counts: 86 characters carry 4 spare bits, and accepting them
 * non-zero would give one signature several spellings (hence one event or
 * batch several ids); the decoder throws on those.
 */
export function decodeSignature(sig: string): Uint8Array | undefined {
  try {
    return fromBase64url(sig);
  } catch {
    return undefined;
  }
}
