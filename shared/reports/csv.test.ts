import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../household/csv';
import { cellText, csvText, reportCsv } from './csv';
import { table, type Cell } from './table';

const parsed = (text: string): string[][] => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value.map((r) => [...r.fields]);
};

describe('CSV writer', () => {
  it('quotes what RFC 4180 says, ends records with CRLF and starts the file with a byte-order mark', () => {
    const t = table('T', [['Name', '#x'], ['Qty', '#y']], [['a,b', 3], ['say "hi"', -2], ['two\nlines', 0]]);
    expect(reportCsv(t)).toBe('\ufeffName,Qty\r\n#x,#y\r\n"a,b",3\r\n"say ""hi""",-2\r\n"two\nlines",0\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, and never a number', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(cellText(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(cellText('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(csvText([['=cmd|calc!A1', -5, '-', 'a=b']])).toBe(`'=cmd|calc!A1,-5,'-,a=b\r\n`);
    expect(csvText([['\rx']])).toBe(`"'\rx"\r\n`);
    expect(cellText('#reached+hh')).toBe('#reached+hh');
  });

  it('writes an empty row as one empty field, not a blank line', () => {
    expect(parsed(csvText([[''], ['a']]))).toEqual([[''], ['a']]);
  });

  it('refuses a number that is not finite', () => {
    expect(() => csvText([[Number.NaN]])).toThrow(/finite/);
  });

  const awkward = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\r', '\n', '=', '+', '-', '@', '\t', 'é', 'ع', '\ufeff', "'") });
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), awkward);
  const rows = fc.array(fc.array(anyText, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

  it('reads back what it wrote, for any text (parse(write(rows)) = rows, formula-defused)', () => {
    fc.assert(
      fc.property(rows, (cells) => {
        const width = Math.max(1, ...cells.map((r) => r.length));
        const even = cells.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
        const t = table('T', Array.from({ length: width }, (_, i) => [`h${i}`, `#x+c${i}`] as const), even);
        expect(parsed(reportCsv(t))).toEqual([t.header, t.hxl, ...even.map((r) => r.map(cellText))]);
      }),
    );
  });

  it('reads numbers back as the same numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 6 }), (numbers: Cell[]) => {
        expect(parsed(csvText([numbers]))[0]!.map(Number)).toEqual(numbers.map((n) => (Object.is(n, -0) ? 0 : n)));
      }),
    );
  });
});
