import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize, CanonicalError, MAX_DEPTH } from './canonical';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CanonicalError) return e.code;
    throw e;
  }
  return undefined;
}

describe('canonicalize', () => {
  it('gives the same text for any key order and parses back to an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        const text = canonicalize(value);
        // fast-check's jsonValue may hold -0, which JSON (and JCS) writes as 0.
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalize(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('does not depend on the order in which properties were inserted', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(dict));
      }),
    );
  });

  it('rejects non-finite numbers wherever they sit', () => {
    expect(codeOf(() => canonicalize(Number.NaN))).toBe('non-finite-number');
    expect(codeOf(() => canonicalize({ a: [1, Infinity] }))).toBe('non-finite-number');
    expect(codeOf(() => canonicalize({ a: -Infinity }))).toBe('non-finite-number');
  });

  it('rejects lone surrogates in values and in keys, but keeps valid pairs', () => {
    expect(codeOf(() => canonicalize('\uD800'))).toBe('lone-surrogate');
    expect(codeOf(() => canonicalize({ ['x\uDC00']: 1 }))).toBe('lone-surrogate');
    expect(codeOf(() => canonicalize(['a\uDBFFb']))).toBe('lone-surrogate');
    expect(canonicalize('\uD83D\uDE00')).toBe('"\uD83D\uDE00"');
  });

  it('rejects values JSON does not have', () => {
    for (const bad of [undefined, () => 1, Symbol('s'), 1n, new Date(0), new Map(), new Uint8Array(1), { a: undefined }]) {
      expect(codeOf(() => canonicalize(bad))).toBe('unsupported-value');
    }
  });

  it('names the path of the offending value', () => {
    expect(() => canonicalize({ items: [{ qty: NaN }] })).toThrow('$.items[0].qty');
  });

  it('rejects cycles and hostile nesting without overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(codeOf(() => canonicalize(cyclic))).toBe('cycle');
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(codeOf(() => canonicalize(deep))).toBe('too-deep');
    let ok: unknown = 0;
    for (let i = 0; i < MAX_DEPTH; i++) ok = [ok];
    expect(canonicalize(ok)).toBe(`${'['.repeat(MAX_DEPTH)}0${']'.repeat(MAX_DEPTH)}`);
  });

  it('accepts a shared (non-cyclic) reference twice', () => {
    const shared = { a: 1 };
    expect(canonicalize([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });
});
