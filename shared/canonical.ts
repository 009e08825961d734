/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Every signed byte string of the
 * protocol is JCS (DESIGN.md "Wire formats"), so this is the one function both
 * the kit and the ledger call to agree on bytes.
 *
 * RFC 8785 §3.2: whitespace-free, object members sorted by the UTF-16 code
 * units of their names (§3.2.3), numbers in ECMAScript Number::toString form
 * (§3.2.2.3), strings escaped as ECMAScript JSON.stringify does (§3.2.2.2),
 * output encoded as UTF-8 (§3.2.4). I-JSON (RFC 7493) input is required, so
 * non-finite numbers and strings with lone surrogates are rejected rather than
 * serialised into something another implementation would read differently.
 */
import { utf8 } from './bytes';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type CanonicalErrorCode =
  | 'non-finite-number'
  | 'lone-surrogate'
  | 'unsupported-value'
  | 'cycle'
  | 'too-deep';

export class CanonicalError extends Error {
  override readonly name = 'CanonicalError';
  constructor(
    readonly code: CanonicalErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
  }
}

/** Deeper than any document the protocol defines; stops hostile nesting before the stack does. */
export const MAX_DEPTH = 256;

// With the `u` flag a surrogate pair reads as one code point, so this matches
// only unpaired halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function serializeString(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new CanonicalError('lone-surrogate', 'string holds an unpaired UTF-16 surrogate', path);
  }
  return JSON.stringify(text);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, path: string, open: Set<object>): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return serializeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalError('non-finite-number', `${String(value)} is not a JSON number`, path);
      }
      // ECMAScript Number::toString, which RFC 8785 §3.2.2.3 adopts; -0 → "0".
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (open.has(value)) throw new CanonicalError('cycle', 'value refers to itself', path);
      if (open.size >= MAX_DEPTH) {
        throw new CanonicalError('too-deep', `nesting exceeds ${MAX_DEPTH} levels`, path);
      }
      open.add(value);
      let out: string;
      if (Array.isArray(value)) {
        out = `[${value.map((item, i) => serialize(item, `${path}[${i}]`, open)).join(',')}]`;
      } else if (isPlainObject(value)) {
        // Default sort compares UTF-16 code units, exactly RFC 8785 §3.2.3.
        const keys = Object.keys(value).sort();
        out = `{${keys
          .map((key) => {
            const at = `${path}.${key}`;
            return `${serializeString(key, at)}:${serialize(value[key], at, open)}`;
          })
          .join(',')}}`;
      } else {
        throw new CanonicalError('unsupported-value', 'only plain objects and arrays are JSON', path);
      }
      open.delete(value);
      return out;
    }
    default:
      throw new CanonicalError('unsupported-value', `${typeof value} is not a JSON value`, path);
  }
}

/** JCS text of a JSON value. Throws CanonicalError on anything that is not I-JSON. */
export const canonicalize = (value: unknown): string => serialize(value, '$', new Set());

/** JCS as UTF-8 bytes (RFC 8785 §3.2.4): what gets hashed and signed. */
export const canonicalBytes = (value: unknown): Uint8Array => utf8(canonicalize(value));
