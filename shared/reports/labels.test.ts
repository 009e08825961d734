/**
 * The reports in the six languages (issue 16): every label present and
 * translated in every language, and each builder giving, in any language,
 * the translated header row and words beside the same HXL row, codes and
 * numbers as in English.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAYS, history, record } from '../aggregates/test-histories';
import { stockReport } from '../reconcile/stock';
import { HEAD_SEXES, VULNERABILITIES } from '../household/household';
import { UN_LANGUAGES, type UnLanguage } from '../languages';
import { DISTRIBUTION_COLUMNS, DISTRIBUTION_SPECS, distributionReport } from './distribution';
import { HOUSEHOLD_COLUMNS, HOUSEHOLD_SPECS, householdList, PERSONAL_COLUMNS, PERSONAL_SPECS, type HouseholdRow, type OpenedRecord } from './households';
import { ENGLISH_LABELS, REPORT_LABELS, reportLabels, type ReportLabels } from './labels';
import { STOCK_COLUMNS, STOCK_SPECS, stockTable } from './stock';
import type { ReportTable } from './table';

/** Every label as `path → text` (`columns.round → Cycle`). */
function leaves(labels: ReportLabels): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') out.set(path, value);
    else for (const [key, inner] of Object.entries(value as object)) walk(inner, path === '' ? key : `${path}.${key}`);
  };
  walk(labels, '');
  return out;
}

/**
 * Labels a language writes exactly as English does, each because it is that
 * language's own word (the apps' French JSON writes them so too); anything
 * else identical to English is an untranslated label.
 */
const SAME_AS_ENGLISH: readonly string[] = ['fr sheets.distribution', 'fr sheets.stock', 'fr columns.date', 'fr columns.site'];

const OTHERS = UN_LANGUAGES.filter((l) => l !== 'en');
const language = fc.constantFrom(...UN_LANGUAGES);

describe('report labels', () => {
  const english = leaves(ENGLISH_LABELS);

  it('has every label in all six languages, none empty, none left in English', () => {
    expect(Object.keys(REPORT_LABELS).sort()).toEqual([...UN_LANGUAGES].sort());
    for (const lang of UN_LANGUAGES) {
      const labels = leaves(reportLabels(lang));
      expect([...labels.keys()].sort(), lang).toEqual([...english.keys()].sort());
      for (const [path, text] of labels) {
        expect(text.trim(), `${lang} ${path}`).not.toBe('');
        expect(text, `${lang} ${path} has stray spaces`).toBe(text.trim());
      }
    }
    for (const lang of OTHERS) {
      for (const [path, text] of leaves(reportLabels(lang))) {
        if (SAME_AS_ENGLISH.includes(`${lang} ${path}`)) continue;
        expect(text, `${lang} ${path} is the English “${english.get(path)}”`).not.toBe(english.get(path));
      }
    }
    for (const allowed of SAME_AS_ENGLISH) {
      const [lang, path] = allowed.split(' ') as [UnLanguage, string];
      expect(leaves(reportLabels(lang)).get(path), allowed).toBe(english.get(path));
    }
  });

  it('names every sex and vulnerability a household record may hold', () => {
    for (const lang of UN_LANGUAGES) {
      expect(Object.keys(reportLabels(lang).sex).sort(), lang).toEqual([...HEAD_SEXES].sort());
      expect(Object.keys(reportLabels(lang).vulnerabilities).sort(), lang).toEqual([...VULNERABILITIES].sort());
    }
  });

  it('gives sheet names Excel accepts and headers that tell each column of a report apart', () => {
    for (const lang of UN_LANGUAGES) {
      const labels = reportLabels(lang);
      for (const sheet of Object.values(labels.sheets)) expect(sheet, `${lang} sheet`).toMatch(/^[^:\\/?*[\]']{1,31}$/);
      for (const specs of [DISTRIBUTION_SPECS, STOCK_SPECS, [...HOUSEHOLD_SPECS, ...PERSONAL_SPECS]]) {
        const headers = specs.map(([key]) => labels.columns[key]);
        expect(new Set(headers).size, `${lang}: ${headers.join(' | ')}`).toBe(headers.length);
        // A header is text a spreadsheet must not run as a formula, whatever the language.
        for (const h of headers) expect(h, `${lang} ${h}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it('keeps the English column lists as they were', () => {
    expect(DISTRIBUTION_COLUMNS.map(([h]) => h)).toEqual([
      'Round', 'Date', 'Site', 'Site name', 'Modality', 'Item', 'Unit', 'Quantity', 'Cash amount', 'Currency', 'Handouts', 'Households reached', 'People reached',
    ]);
    expect(STOCK_COLUMNS.map(([h]) => h)).toEqual(['As of', 'Site', 'Site name', 'Item', 'Unit', 'Received', 'Returned', 'Handed out', 'Left']);
    expect([...HOUSEHOLD_COLUMNS, ...PERSONAL_COLUMNS].map(([h]) => h)).toEqual([
      'Household', 'Site', 'Enrolled', 'Size', 'Card', 'Card valid until',
      'Record', 'Head of household', 'Sex of the head', 'Year of birth of the head', 'Phone', 'Shelter', 'Females', 'Males', 'Vulnerabilities', 'Proxies',
    ]);
  });
});

const site = { code: 'camp-north', name: 'Camp North' };

/** `translated` is `english` with the header row and, in the columns `words` names, the words of `lang`: nothing else differs. */
function expectSameBut(translated: ReportTable, english: ReportTable, lang: UnLanguage, words: ReadonlyMap<number, (englishWord: string) => string>): void {
  expect(translated.hxl).toEqual(english.hxl);
  expect(translated.rows).toHaveLength(english.rows.length);
  translated.rows.forEach((row, r) => {
    const was = english.rows[r]!;
    expect(row).toHaveLength(was.length);
    row.forEach((cell, c) => {
      const word = words.get(c);
      if (word === undefined) expect(cell, `row ${r} column ${c}`).toBe(was[c]);
      else expect(cell, `row ${r} column ${c}`).toBe(word(String(was[c])));
      // Numbers stay numbers in every language.
      expect(typeof cell).toBe(typeof was[c]);
    });
  });
  if (lang !== 'en') expect(translated.header).not.toEqual(english.header);
}

describe('the reports in each language', () => {
  it('distribution: the translated headers and modality, the same HXL row, order and figures', () => {
    fc.assert(
      fc.property(history, language, fc.constantFrom(...DAYS, undefined), (steps, lang, day) => {
        const events = record(steps);
        const options = { site, sizes: new Map([['HH-AAAA', 3]]), ...(day !== undefined && { day }) };
        const english = distributionReport(events, options);
        const translated = distributionReport(events, { ...options, labels: reportLabels(lang) });
        expect(translated.ok).toBe(english.ok);
        if (!english.ok || !translated.ok) return;
        const labels = reportLabels(lang);
        expect(translated.value.sheet).toBe(labels.sheets.distribution);
        expect(translated.value.header).toEqual(DISTRIBUTION_SPECS.map(([key]) => labels.columns[key]));
        expectSameBut(translated.value, english.value, lang, new Map([[4, (m: string) => labels.modality[m as 'cash' | 'in-kind']]]));
      }),
      { numRuns: 60 },
    );
  });

  it('stock: the translated headers and sheet, the same HXL row and figures', () => {
    fc.assert(
      fc.property(history, language, (steps, lang) => {
        const lines = stockReport(record(steps));
        if (!lines.ok) return;
        const labels = reportLabels(lang);
        const english = stockTable(lines.value.site, site, '2026-11-25');
        const translated = stockTable(lines.value.site, site, '2026-11-25', labels);
        expect(translated.sheet).toBe(labels.sheets.stock);
        expect(translated.header).toEqual(STOCK_SPECS.map(([key]) => labels.columns[key]));
        expectSameBut(translated, english, lang, new Map());
      }),
      { numRuns: 40 },
    );
  });

  const households: HouseholdRow[] = [
    { id: 'HH-BBBB', site: 'camp-north', size: 4, enrolledAt: '2026-11-20T10:00:00.000Z', hasCard: true, cardValidUntil: '2026-11-22T00:00:00Z' },
    { id: 'HH-AAAA', site: 'camp-north', size: 2, enrolledAt: '2026-11-21T10:00:00.000Z', hasCard: true, cardValidUntil: '2027-11-21T00:00:00Z' },
    { id: 'HH-CCCC', site: 'camp-north', size: 1, enrolledAt: '2026-11-22T10:00:00.000Z', hasCard: false, cardValidUntil: '' },
  ];
  const opened: OpenedRecord = {
    head: { name: 'Fatuma Ali', sex: 'female', birthYear: 1985 },
    phone: '+254712345678',
    shelter: 'B7/114',
    members: [{ sex: 'female', count: 2 }, { sex: 'male', count: 1 }],
    vulnerabilities: ['single-parent', 'disability', 'a-code-from-a-newer-kit'],
    proxies: [{ name: 'Halima Ali', relation: 'sister' }],
  };
  const records = new Map<string, OpenedRecord>([['HH-AAAA', opened], ['HH-BBBB', 'sealed-elsewhere']]);

  it('household list: the translated headers, card states, record states, sex and vulnerabilities; names and figures as recorded', () => {
    fc.assert(
      fc.property(language, fc.boolean(), (lang, withRecords) => {
        const labels = reportLabels(lang);
        const english = householdList(households, '2026-11-24T09:00:00.000Z', withRecords ? records : undefined);
        const translated = householdList(households, '2026-11-24T09:00:00.000Z', withRecords ? records : undefined, labels);
        const specs = withRecords ? [...HOUSEHOLD_SPECS, ...PERSONAL_SPECS] : HOUSEHOLD_SPECS;
        expect(translated.sheet).toBe(labels.sheets.households);
        expect(translated.header).toEqual(specs.map(([key]) => labels.columns[key]));
        const word = <G extends Readonly<Record<string, string>>>(group: G) => (english: string) => (english in group ? group[english as keyof G] : english) as string;
        const words = new Map<number, (english: string) => string>([[4, word(labels.card)]]);
        if (withRecords) {
          words.set(6, word(labels.record));
          words.set(8, word(labels.sex));
          words.set(14, (list) => (list === '' ? '' : list.split('; ').map(word(labels.vulnerabilities)).join('; ')));
        }
        expectSameBut(translated, english, lang, words);
      }),
    );
  });

  it('writes French words where English writes codes, and leaves an unknown code as it is', () => {
    const fr = householdList(households, '2026-11-24T09:00:00.000Z', records, reportLabels('fr'));
    expect(fr.header.slice(0, 6)).toEqual(['Ménage', 'Site', 'Date d’enregistrement', 'Taille', 'Carte', 'Carte valide jusqu’au']);
    expect(fr.rows.map((r) => r[4])).toEqual(['émise', 'expirée', 'aucune']);
    expect(fr.rows[0]!.slice(6, 9)).toEqual(['ouverte', 'Fatuma Ali', 'Femme']);
    expect(fr.rows[0]![14]).toBe('Parent seul; Personne en situation de handicap; a-code-from-a-newer-kit');
    expect(fr.rows[1]![6]).toBe('scellée sur un autre ordinateur');
  });
});
