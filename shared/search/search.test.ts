import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { likelyDuplicates } from './duplicates';
import { NameIndex, trigramsOf } from './name-index';
import { normalizePhone, normalizeText } from './normalize';

const index = () => {
  const i = new NameIndex();
  i.add({ id: 'HH-AAAA-1', names: ['Fatuma Ali', 'Halima Ali'], shelter: 'B7/114', phone: '+254712345678', birthYear: 1985 });
  i.add({ id: 'HH-BBBB-2', names: ['فاطمة الزهراء'], shelter: 'C1/2', birthYear: 1990 });
  i.add({ id: 'HH-CCCC-3', names: ['José Núñez'], shelter: 'D4/1' });
  i.add({ id: 'HH-DDDD-4', names: ['Нина Петрова'], shelter: 'E2/9', phone: '0700 000 001' });
  return i;
};
const ids = (hits: readonly { id: string }[]) => hits.map((h) => h.id);

describe('normalizeText', () => {
  it('folds case, accents, width and Arabic letter forms', () => {
    expect(normalizeText('  JOSÉ  Núñez-Díaz ')).toBe('jose nunez diaz');
    expect(normalizeText('ＡＢＣ')).toBe('abc');
    expect(normalizeText('أحمد إبراهيم آمنة')).toBe(normalizeText('احمد ابراهيم امنة'));
    expect(normalizeText('فاطِمَة')).toBe(normalizeText('فاطمه'));
    expect(normalizeText('مـــوسى')).toBe(normalizeText('موسي'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
      }),
    );
  });

  it('keeps the last nine digits of a phone number', () => {
    expect(normalizePhone('+254 712-345678')).toBe(normalizePhone('0712345678'));
  });
});

describe('NameIndex', () => {
  it('finds any part of a name in any script, without case or accents', () => {
    const i = index();
    expect(ids(i.search('tuma', 10))).toEqual(['HH-AAAA-1']);
    expect(ids(i.search('HALIMA', 10))).toEqual(['HH-AAAA-1']);
    expect(ids(i.search('nunez', 10))).toEqual(['HH-CCCC-3']);
    expect(ids(i.search('فاطمه', 10))).toEqual(['HH-BBBB-2']);
    expect(ids(i.search('زهر', 10))).toEqual(['HH-BBBB-2']);
    expect(ids(i.search('петр', 10))).toEqual(['HH-DDDD-4']);
  });

  it('finds by shelter, phone, the start of an id, and a short word start', () => {
    const i = index();
    expect(i.search('b7/114', 10)).toEqual([{ id: 'HH-AAAA-1', field: 'shelter' }]);
    expect(i.search('0712 345 678', 10)).toEqual([{ id: 'HH-AAAA-1', field: 'phone' }]);
    expect(i.search('hh-bb', 10)).toEqual([{ id: 'HH-BBBB-2', field: 'id' }]);
    expect(ids(i.search('jo', 10))).toEqual(['HH-CCCC-3']);
    expect(i.search('   ', 10)).toEqual([]);
  });

  it('forgets a household removed, and finds what a plain scan finds', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 30 }), fc.string({ minLength: 3, maxLength: 5 }), (names, query) => {
        const i = new NameIndex();
        names.forEach((name, n) => i.add({ id: `HH-${n}`, names: [name], shelter: '' }));
        const q = normalizeText(query);
        fc.pre(q.length >= 3 && !q.includes(' '));
        const expected = names.flatMap((name, n) => (normalizeText(name).includes(q) ? [`HH-${n}`] : []));
        expect(ids(i.search(query, 1000)).sort()).toEqual(expected.sort());
        i.remove('HH-0');
        expect(ids(i.search(query, 1000))).not.toContain('HH-0');
      }),
    );
  });
});

describe('NameIndex.sharing', () => {
  /** The plain count over every posting list of the grams, in the order that walk meets the ids. */
  type Rec = { name: string; shelter: string; birthYear?: number | undefined };
  const reference = (records: Map<string, Rec>, grams: ReadonlySet<string>, share: number): string[] => {
    const postings = new Map<string, string[]>();
    for (const [id, { name, shelter }] of records) for (const gram of trigramsOf(normalizeText(`${name} ${shelter}`))) postings.set(gram, [...(postings.get(gram) ?? []), id]);
    const counts = new Map<string, number>();
    for (const gram of grams) for (const id of postings.get(gram) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
    const needed = Math.max(1, Math.ceil(grams.size * share));
    return [...counts].filter(([, n]) => n >= needed).map(([id]) => id);
  };

  it('answers the ids sharing enough trigrams (with the shelter or birth year asked), in the order a walk of every list meets them, after adds, re-adds and removes', () => {
    // Words over a small alphabet, so trigram lists overlap in every way.
    const word = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 3, maxLength: 5 }).map((w) => w.join(''));
    const name = fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => w.join(' '));
    const shelter = fc.constantFrom('', 'B7', 'abc', 'C1/2');
    const birthYear = fc.constantFrom(undefined, 1980, 1981);
    const step = fc.oneof(
      { arbitrary: fc.record({ add: fc.integer({ min: 0, max: 20 }), name, shelter, birthYear }), weight: 4 },
      { arbitrary: fc.record({ remove: fc.integer({ min: 0, max: 20 }) }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), name, fc.constantFrom(0.3, 0.5, 0.8, 1), shelter, birthYear, (steps, query, share, inShelter, bornIn) => {
        const i = new NameIndex();
        const records = new Map<string, Rec>();
        for (const s of steps) {
          if ('add' in s) {
            const id = `HH-${s.add}`;
            i.add({ id, names: [s.name], shelter: s.shelter, birthYear: s.birthYear });
            records.delete(id);
            records.set(id, { name: s.name, shelter: s.shelter, birthYear: s.birthYear });
          } else {
            i.remove(`HH-${s.remove}`);
            records.delete(`HH-${s.remove}`);
          }
        }
        const grams = trigramsOf(normalizeText(query));
        const all = reference(records, grams, share);
        expect(i.sharing(grams, share)).toEqual(all);
        const target = normalizeText(inShelter);
        const agrees = (id: string) => (target !== '' && normalizeText(records.get(id)!.shelter) === target) || (bornIn !== undefined && records.get(id)!.birthYear === bornIn);
        expect(i.sharingWith(grams, share, target, bornIn)).toEqual(all.filter(agrees));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('likelyDuplicates', () => {
  it('catches the same phone, the same id, and a near name with the same shelter or birth year', () => {
    const i = index();
    expect(likelyDuplicates({ head: 'Someone Else', shelter: 'Z9', phone: '0712 345 678' }, i)).toEqual([{ id: 'HH-AAAA-1', reasons: ['same-phone'] }]);
    expect(likelyDuplicates({ id: 'HH-CCCC-3', head: 'X', shelter: 'Z9' }, i)).toEqual([{ id: 'HH-CCCC-3', reasons: ['same-id'] }]);
    expect(likelyDuplicates({ head: 'FATUMAH ALI', shelter: 'b7/114' }, i)).toEqual([{ id: 'HH-AAAA-1', reasons: ['near-name-shelter'] }]);
    expect(likelyDuplicates({ head: 'Fatuma Ali', shelter: 'Z1', birthYear: 1985 }, i)).toEqual([{ id: 'HH-AAAA-1', reasons: ['same-name-birth-year'] }]);
    expect(likelyDuplicates({ head: 'فاطمه الزهراء', shelter: 'C1-2' }, i)).toEqual([{ id: 'HH-BBBB-2', reasons: ['same-name-shelter'] }]);
  });

  it('leaves alone a same name in another shelter with another birth year, and a different name in the same shelter', () => {
    const i = index();
    expect(likelyDuplicates({ head: 'Fatuma Ali', shelter: 'Z1', birthYear: 1999 }, i)).toEqual([]);
    expect(likelyDuplicates({ head: 'Omar Hassan', shelter: 'B7/114' }, i)).toEqual([]);
  });
});
