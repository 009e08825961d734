import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householdIdSchema } from '../events/fields';
import { checkValue, CROCKFORD_ALPHABET, dammStep, newHouseholdId, parseHouseholdId } from './household-id';

const SYMBOLS = [...CROCKFORD_ALPHABET];
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** An id from 8 symbol values, with its check symbol (or a given one). */
function idOf(values: readonly number[], check = checkValue(values)): string {
  return `HH-${values.map((v) => SYMBOLS[v]).join('')}-${SYMBOLS[check]}`;
}

/** All 9 symbol values of a valid id (8 random + check). */
function valuesOf(id: string): number[] {
  return [...id.replaceAll('-', '').slice(2)].map((c) => CROCKFORD_ALPHABET.indexOf(c));
}

const codeOf = (text: string): string => {
  const r = parseHouseholdId(text);
  return r.ok ? 'ok' : r.code;
};

const randomBytes = fc.uint8Array({ minLength: 5, maxLength: 5 });
const symbolValues = fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 8, maxLength: 8 });

describe('the check symbol (Damm over GF(32))', () => {
  it('is a Latin square: each row and each column of the table is a permutation, so any single substitution changes the result', () => {
    for (const a of range(32)) {
      expect(new Set(range(32).map((b) => dammStep(a, b))).size).toBe(32);
      expect(new Set(range(32).map((b) => dammStep(b, a))).size).toBe(32);
    }
  });

  it('is totally anti-symmetric over all 32³ cases, so any adjacent transposition changes the result', () => {
    let collisions = 0;
    for (const c of range(32))
      for (const x of range(32))
        for (const y of range(32)) {
          if (x !== y && dammStep(dammStep(c, x), y) === dammStep(dammStep(c, y), x)) collisions++;
        }
    expect(collisions).toBe(0);
  });

  it('is always a Crockford symbol, so every id fits householdIdSchema (unlike MOD 37-2, whose check can be "*")', () => {
    // ISO 7064 MOD 37-2, for comparison: the pure system with radix 2 over 0-9A-Z*.
    const mod37_2 = (values: readonly number[]): number => {
      let p = 0;
      for (const v of values) p = ((p + v) * 2) % 37;
      return (38 - p) % 37;
    };
    const iso7064Values = (id: string) => [...id.slice(3, 11)].map((c) => '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(c));
    let outsideCrockford = 0;
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const id = newHouseholdId(bytes);
        expect(householdIdSchema.safeParse(id).success).toBe(true);
        expect(SYMBOLS).toContain(id.at(-1));
        const iso = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*'[mod37_2(iso7064Values(id))] ?? '';
        if (!CROCKFORD_ALPHABET.includes(iso)) outsideCrockford++;
      }),
      { numRuns: 2000 },
    );
    // About 5 in 37 MOD 37-2 checks would be *, I, L, O or U.
    expect(outsideCrockford).toBeGreaterThan(0);
  });

  it('catches what Luhn mod 32 misses: swapping 0 and Z', () => {
    const luhnMod32Sum = (values: readonly number[]): number =>
      values
        .toReversed()
        .reduce((sum, v, i) => {
          const d = i % 2 === 0 ? v * 2 : v;
          return sum + Math.floor(d / 32) + (d % 32);
        }, 0) % 32;
    const a = [1, 2, 3, 4, 5, 6, 0, 31];
    const b = [1, 2, 3, 4, 5, 6, 31, 0];
    expect(luhnMod32Sum(a)).toBe(luhnMod32Sum(b));
    expect(codeOf(idOf(b, checkValue(a)))).toBe('bad-check-digit');
  });
});

describe('newHouseholdId', () => {
  it('writes HH, 8 Crockford symbols and the check symbol, and reads back as itself', () => {
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const id = newHouseholdId(bytes);
        expect(id).toMatch(/^HH-[0-9A-HJKMNP-TV-Z]{8}-[0-9A-HJKMNP-TV-Z]$/);
        expect(parseHouseholdId(id)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('spells out exactly the 40 bits of the first 5 bytes, most significant first', () => {
    expect(newHouseholdId(new Uint8Array(5))).toBe('HH-00000000-0');
    expect(newHouseholdId(Uint8Array.of(255, 255, 255, 255, 255)).slice(0, 11)).toBe('HH-ZZZZZZZZ');
    // 0x0842108421 = 00001 00001 00001 … in 5-bit groups.
    expect(newHouseholdId(Uint8Array.of(0x08, 0x42, 0x10, 0x84, 0x21)).slice(0, 11)).toBe('HH-11111111');
    fc.assert(
      fc.property(randomBytes, randomBytes, (a, b) => {
        fc.pre(a.some((x, i) => x !== b[i]));
        expect(newHouseholdId(a)).not.toBe(newHouseholdId(b));
      }),
    );
    fc.assert(
      fc.property(randomBytes, fc.uint8Array({ maxLength: 20 }), (bytes, extra) => {
        expect(newHouseholdId(Uint8Array.of(...bytes, ...extra))).toBe(newHouseholdId(bytes));
      }),
    );
  });

  it('refuses too few random bytes (a bug in the caller)', () => {
    expect(() => newHouseholdId(new Uint8Array(4))).toThrow(RangeError);
  });
});

describe('parseHouseholdId', () => {
  it('catches every single-symbol error, in every position, check symbol included', () => {
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const values = valuesOf(newHouseholdId(bytes));
        for (const position of range(9)) {
          for (const other of range(32)) {
            if (other === values[position]) continue;
            const changed = values.with(position, other);
            expect(codeOf(idOf(changed.slice(0, 8), changed[8]))).toBe('bad-check-digit');
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('catches every adjacent transposition of two different symbols, in every position (exhaustive over symbol pairs)', () => {
    fc.assert(
      fc.property(symbolValues, (context) => {
        for (const a of range(32)) {
          for (const b of range(32)) {
            if (a === b) continue;
            // Random part: positions p, p+1 hold a, b.
            for (const p of range(7)) {
              const values = context.with(p, a).with(p + 1, b);
              const swapped = values.with(p, b).with(p + 1, a);
              expect(codeOf(idOf(swapped, checkValue(values)))).toBe('bad-check-digit');
            }
            // Last random symbol a and check symbol b: the first symbol is chosen so the check is b
            // (exactly one choice works: the table is a Latin square).
            const first = range(32).find((x) => checkValue(context.with(0, x).with(7, a)) === b);
            expect(first).toBeDefined();
            const values = context.with(0, first ?? 0).with(7, a);
            expect(codeOf(idOf(values, b))).toBe('ok');
            expect(codeOf(idOf(values.with(7, b), a))).toBe('bad-check-digit');
          }
        }
      }),
      { numRuns: 5 },
    );
  });

  it('forgives case, spaces, dashes and the look-alikes O, I and L, as Crockford decoding does', () => {
    const id = newHouseholdId(Uint8Array.of(0x08, 0x42, 0x10, 0x84, 0x21)); // HH-11111111-?
    const check = id.at(-1) ?? '';
    const forms = [
      id,
      id.toLowerCase(),
      `  ${id}  `,
      `HH 1111 1111 ${check}`,
      `HH11111111${check}`,
      `HH–11111111–${check}`, // en dashes from a word processor
      `HH-IIIIIIII-${check}`,
      `hh-lLiI1111-${check}`,
      `HH\t1111-1111\u00a0${check}`,
    ];
    for (const form of forms) expect(parseHouseholdId(form), form).toEqual({ ok: true, value: id });
    expect(parseHouseholdId(`HH-0000O000-0`)).toEqual({ ok: true, value: 'HH-00000000-0' });
  });

  it('refuses what is not an id as bad-format, with a message saying what an id looks like', () => {
    for (const text of [
      '',
      'HH',
      'HH-0000000-0', // 7 symbols
      'HH-000000000-0', // 9 symbols
      'XX-00000000-0',
      'H-00000000-0',
      'HH-0000U000-0', // U is not in Crockford's alphabet
      'HH-0000*000-0',
      'HH-0000ı000-0', // dotless i upper-cases to I
      'HH-0000ﬀ00-0', // ligature upper-cases to FF
      'HH-00000000-0'.repeat(10),
      '١٢٣٤٥٦٧٨',
    ]) {
      const r = parseHouseholdId(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.code, text).toBe('bad-format');
        expect(r.message).toContain('HH-7K3QX9P2-C');
      }
    }
    expect(codeOf(null as unknown as string)).toBe('bad-format');
  });

  it('never throws, and whatever it accepts is in the printed form, fits householdIdSchema and reads back the same', () => {
    const idLike = fc
      .array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz -–'), { maxLength: 16 })
      .map((cs) => `HH${cs.join('')}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), idLike), (text) => {
        const r = parseHouseholdId(text);
        if (!r.ok) {
          expect(['bad-format', 'bad-check-digit']).toContain(r.code);
          return;
        }
        expect(r.value).toMatch(/^HH-[0-9A-HJKMNP-TV-Z]{8}-[0-9A-HJKMNP-TV-Z]$/);
        expect(householdIdSchema.safeParse(r.value).success).toBe(true);
        expect(parseHouseholdId(r.value)).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells a typing mistake apart from a malformed id', () => {
    const id = newHouseholdId(Uint8Array.of(1, 2, 3, 4, 5));
    const wrong = `${id.slice(0, -1)}${id.at(-1) === '0' ? '1' : '0'}`;
    const r = parseHouseholdId(wrong);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('bad-check-digit');
      expect(r.message).toMatch(/read the card again/i);
    }
  });
});
