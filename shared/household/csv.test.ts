import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvRecord } from './csv';

function records(text: string, limits?: Parameters<typeof parseCsv>[1]): CsvRecord[] {
  const r = parseCsv(text, limits);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}
const fieldsOf = (text: string): string[][] => records(text).map((r) => [...r.fields]);

function failure(text: string, limits?: Parameters<typeof parseCsv>[1]): { code: string; message: string } {
  const r = parseCsv(text, limits);
  if (r.ok) throw new Error('expected an error');
  return { code: r.code, message: r.message };
}

/** RFC 4180 writer for the round-trip property: quotes a field when it must, or always. */
const quote = (field: string, always: boolean): string =>
  always || /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;

describe('parseCsv (RFC 4180)', () => {
  it('reads plain, quoted and empty fields', () => {
    expect(fieldsOf('a,b,c\n1,,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
    expect(fieldsOf('"a","",c')).toEqual([['a', '', 'c']]);
    expect(fieldsOf('a,b,')).toEqual([['a', 'b', '']]);
    expect(fieldsOf(',')).toEqual([['', '']]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    expect(fieldsOf('"Yusuf, Amina","line 1\r\nline 2","say ""hello"""\r\nx,y,z\r\n')).toEqual([
      ['Yusuf, Amina', 'line 1\r\nline 2', 'say "hello"'],
      ['x', 'y', 'z'],
    ]);
    expect(fieldsOf('""""')).toEqual([['"']]);
    expect(fieldsOf('"a""b""c"')).toEqual([['a"b"c']]);
  });

  it('ends records at CRLF, LF or a lone CR, and adds no record for a final line break', () => {
    const rows = [['a', 'b'], ['c', 'd']];
    expect(fieldsOf('a,b\r\nc,d\r\n')).toEqual(rows);
    expect(fieldsOf('a,b\nc,d\n')).toEqual(rows);
    expect(fieldsOf('a,b\rc,d\r')).toEqual(rows);
    expect(fieldsOf('a,b\nc,d')).toEqual(rows);
    expect(fieldsOf('')).toEqual([]);
    expect(fieldsOf('\n')).toEqual([['']]);
  });

  it("drops a leading byte-order mark (Excel's CSV UTF-8), and only a leading one", () => {
    expect(fieldsOf('\ufeffhead_name,shelter\n')).toEqual([['head_name', 'shelter']]);
    expect(fieldsOf('\ufeff"quoted"')).toEqual([['quoted']]);
    expect(fieldsOf('a,\ufeffb')).toEqual([['a', '\ufeffb']]);
  });

  it('numbers each record by the line it starts on, counting line breaks inside quotes', () => {
    const text = 'h1,h2\r\n"two\r\nlines",x\r\n"three\nmore\rlines",y\nlast,z\n\nafter-blank,w';
    expect(records(text).map((r) => r.line)).toEqual([1, 2, 4, 7, 8, 9]);
  });

  it('keeps a quote inside an unquoted field as a character, as Excel does', () => {
    expect(fieldsOf('5" pipe,ok')).toEqual([['5" pipe', 'ok']]);
  });

  it('refuses an unterminated quote, naming the line where it opened', () => {
    const e = failure('head_name,shelter\n"Amina,B7\nOmar,C2\n');
    expect(e.code).toBe('unterminated-quote');
    expect(e.message).toMatch(/^line 2: /);
  });

  it('refuses text after a closing quote', () => {
    const e = failure('a,b\n"Amina" Yusuf,B7\n');
    expect(e.code).toBe('bad-quote');
    expect(e.message).toMatch(/^line 2: /);
    expect(failure('"a"b').code).toBe('bad-quote');
  });

  it('stops at its limits: rows, columns per row and characters per field', () => {
    expect(records('a\nb\nc', { maxRecords: 3 })).toHaveLength(3);
    expect(failure('a\nb\nc\nd', { maxRecords: 3 }).code).toBe('too-many-rows');
    expect(records('a,b,c', { maxFields: 3 })).toHaveLength(1);
    expect(failure('a,b,c,d', { maxFields: 3 }).code).toBe('too-many-fields');
    expect(failure('a,b,c,', { maxFields: 3 }).code).toBe('too-many-fields');
    expect(records('abcd,"ab""c"', { maxFieldChars: 4 })).toHaveLength(1);
    expect(failure('abcde', { maxFieldChars: 4 }).code).toBe('field-too-large');
    expect(failure('"ab""cd"', { maxFieldChars: 4 }).code).toBe('field-too-large');
    expect(failure(`"${'x'.repeat(64 * 1024 + 1)}"`).code).toBe('field-too-large');
    expect(failure(',\n'.repeat(200_001)).code).toBe('too-many-rows');
    expect(failure(','.repeat(1000)).code).toBe('too-many-fields');
  });

  it('reads back any table written by an RFC 4180 writer, with any line ending and an optional BOM (fast-check)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\r', '\n', 'é', '\u{1F600}'), maxLength: 8 });
    const table = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 8 });
    fc.assert(
      fc.property(table, fc.constantFrom('\r\n', '\n'), fc.boolean(), fc.boolean(), fc.boolean(), (rows, eol, always, bom, final) => {
        // An unquoted record of one empty field is an empty line: one record, read back as ['']
        // (but as the very last thing in the file it is nothing, so end that file with a break).
        const last = rows.at(-1);
        const lastIsEmptyLine = !always && last?.length === 1 && last[0] === '';
        const body = rows.map((r) => r.map((f) => quote(f, always)).join(',')).join(eol);
        const text = (bom ? '\ufeff' : '') + body + ((final || lastIsEmptyLine) && rows.length > 0 ? eol : '');
        expect(fieldsOf(text)).toEqual(rows);
      }),
    );
  });

  it('never throws on arbitrary text (fast-check)', () => {
    const noisy = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '\ufeff'), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(noisy, fc.string({ unit: 'binary' })), (text) => {
        const r = parseCsv(text, { maxRecords: 5, maxFields: 5, maxFieldChars: 10 });
        if (r.ok) {
          expect(r.value.length).toBeLessThanOrEqual(5);
          for (const rec of r.value) {
            expect(rec.fields.length).toBeLessThanOrEqual(5);
            for (const f of rec.fields) expect(f.length).toBeLessThanOrEqual(10);
          }
        } else expect(['unterminated-quote', 'bad-quote', 'too-many-rows', 'too-many-fields', 'field-too-large']).toContain(r.code);
      }),
      { numRuns: 2000 },
    );
  });
});
