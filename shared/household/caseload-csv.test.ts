import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCaseloadCsv, MAX_CASELOAD_ROWS, type CaseloadImport } from './caseload-csv';
import { AGE_BANDS, MEMBER_SEXES, validateEnrolmentInput, VULNERABILITIES } from './household';
import { newHouseholdId } from './household-id';

const idA = newHouseholdId(Uint8Array.of(1, 2, 3, 4, 5));
const idB = newHouseholdId(Uint8Array.of(6, 7, 8, 9, 10));

function imported(input: string | Uint8Array): CaseloadImport {
  const r = importCaseloadCsv(input);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

function failure(input: string | Uint8Array): { code: string; message: string } {
  const r = importCaseloadCsv(input);
  if (r.ok) throw new Error('expected the file to be refused');
  return { code: r.code, message: r.message };
}

const HEADER = 'household_id,head_name,head_sex,head_birth_year,phone,shelter,members,vulnerabilities,proxies';

describe('importCaseloadCsv', () => {
  it('reads a registry export: any column order and case, an HXL row, extra columns ignored and reported', () => {
    const file = [
      'Shelter,HEAD_NAME,Head Sex,members,Household_ID,notes,vulnerabilities,proxies,phone,head_birth_year',
      '#loc+shelter,#beneficiary+name,#beneficiary+sex,#beneficiary+members,#beneficiary+code,,,,#contact+phone,',
      `B7/114,"Yusuf, Amina",F,female:18-59:1; male:0-4:2,${idA.toLowerCase()},needs shade,Single Parent;disability,Halima Yusuf; Omar Ali,+254 712 345 678,1989`,
      'C2/3,Omar Hassan,male,male:18-59:1,,,,,,',
    ].join('\r\n');
    const result = imported(file);
    expect(result.rejected).toEqual([]);
    expect(result.duplicateIds).toEqual([]);
    expect(result.ignoredColumns).toEqual(['notes']);
    expect(result.rows).toEqual([
      {
        line: 3,
        householdId: idA,
        input: {
          size: 3,
          pii: {
            head: { name: 'Yusuf, Amina', sex: 'female', birthYear: 1989 },
            phone: '+254712345678',
            shelter: 'B7/114',
            members: [
              { sex: 'female', band: '18-59', count: 1 },
              { sex: 'male', band: '0-4', count: 2 },
            ],
            vulnerabilities: ['disability', 'single-parent'],
            proxies: [{ name: 'Halima Yusuf' }, { name: 'Omar Ali' }],
          },
        },
      },
      {
        line: 4,
        input: {
          size: 1,
          pii: {
            head: { name: 'Omar Hassan', sex: 'male' },
            shelter: 'C2/3',
            members: [{ sex: 'male', band: '18-59', count: 1 }],
            vulnerabilities: [],
            proxies: [],
          },
        },
      },
    ]);
  });

  it('lists every problem of a bad row, with its line, and keeps the good rows', () => {
    const file = [
      HEADER,
      `${idA},Amina,female,,,B7,female:18-59:1,,`,
      `${idB.slice(0, -1)}${idB.endsWith('0') ? '1' : '0'},,x,19x9,0712345678,,female:18-59; male:0-4:zero; ghost:0-4:1,homeless,a;b;c;d`,
      'HH-00000000-0,Omar,male,,,C2,male:18-59:1,,',
    ].join('\n');
    const result = imported(file);
    expect(result.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(result.rejected).toHaveLength(1);
    const [bad] = result.rejected;
    expect(bad?.line).toBe(3);
    expect(bad?.errors).toEqual([
      expect.stringMatching(/^household_id: .* has a mistake/),
      'head_birth_year: “19x9” must be a four-digit year like 1984',
      'members: “female:18-59” should be sex:age-band:count, like female:18-59:1',
      'members: “male:0-4:zero” should be sex:age-band:count, like female:18-59:1',
      'head_name: is empty',
      'head_sex: must be female, male or other',
      'phone: must start with + and the country code, like +254 712 345 678',
      'shelter: is empty',
      'members entry 1 sex: must be female or male',
      `vulnerabilities entry 1: “homeless” is not one of ${VULNERABILITIES.join(', ')}`,
      'proxies: at most 3 people can collect for a household',
    ]);
  });

  it('refuses a birth year in the future, as the enrolment form does (one rule for both)', () => {
    const next = new Date().getUTCFullYear() + 1;
    const result = imported([HEADER, `,Asha,female,${next},,C1,female:18-59:1,,`, ',Neema,female,1990,,C2,female:18-59:1,,'].join('\n'));
    expect(result.rows.map((r) => r.line)).toEqual([3]);
    expect(result.rejected).toEqual([{ line: 2, errors: [expect.stringMatching(/^head_birth_year: .*must not be in the future/)] }]);
    const form = validateEnrolmentInput({ pii: { head: { name: 'Asha', sex: 'female', birthYear: next }, shelter: 'C1', members: [{ band: '18-59', sex: 'female', count: 1 }], vulnerabilities: [], proxies: [] }, size: 1, site: 'camp-north' });
    expect(form.ok ? '' : form.message).toMatch(/must not be in the future/);
  });

  it('rejects the later rows that reuse a household_id, however it is spelt, and lists the id once', () => {
    const row = (id: string, name: string) => `${id},${name},female,,,B7,female:18-59:1,,`;
    const spaced = `${idA.slice(0, 7)} ${idA.slice(7)}`.toLowerCase();
    const file = [HEADER, row(idA, 'First'), row(idB, 'Other'), row(spaced, 'Second'), row(idA, 'Third'), row(idB, 'Again')].join('\n');
    const result = imported(file);
    expect(result.rows.map((r) => r.input.pii.head.name)).toEqual(['First', 'Other']);
    expect(result.duplicateIds).toEqual([idA, idB]);
    expect(result.rejected).toEqual([
      { line: 4, errors: [`household_id: ${idA} is already used on line 2`] },
      { line: 5, errors: [`household_id: ${idA} is already used on line 2`] },
      { line: 6, errors: [`household_id: ${idB} is already used on line 3`] },
    ]);
  });

  it('lets an invalid row still claim its household_id', () => {
    const file = [HEADER, `${idA},,female,,,B7,female:18-59:1,,`, `${idA},Amina,female,,,B7,female:18-59:1,,`].join('\n');
    const result = imported(file);
    expect(result.rows).toEqual([]);
    expect(result.rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(result.rejected[1]?.errors).toEqual([`household_id: ${idA} is already used on line 2`]);
  });

  it('rejects a row whose cell count differs from the header (a missing comma or quote)', () => {
    const file = [HEADER, ',Amina,female,,,B7,female:18-59:1,', ',Omar,male,,,C2,male:18-59:1,,,extra'].join('\n');
    const result = imported(file);
    expect(result.rejected).toEqual([
      { line: 2, errors: [expect.stringMatching(/^the row has 8 cells but the header has 9/)] },
      { line: 3, errors: [expect.stringMatching(/^the row has 10 cells but the header has 9/)] },
    ]);
  });

  it('skips blank rows and counts lines as the file has them, quoted line breaks included', () => {
    const file = `${HEADER}\n\n,,,,,,,,\n,"Amina\nYusuf",female,,,B7,female:18-59:1,,\n,Omar,male,,,C2,male:18-59:1,,\n`;
    const result = imported(file);
    expect(result.rows.map((r) => r.line)).toEqual([6]);
    expect(result.rejected).toEqual([{ line: 4, errors: ['head_name: contains a line break or another invisible character'] }]);
  });

  it('refuses a file without the required columns, with a repeated column, or without a header', () => {
    const missing = failure('household_id,head_name,phone\n,Amina,\n');
    expect(missing.code).toBe('bad-header');
    expect(missing.message).toContain('missing: head_sex, shelter, members');
    expect(failure('head_name,head_sex,shelter,members,Head Name\n').code).toBe('bad-header');
    expect(failure('').code).toBe('no-header');
    expect(failure('\n\n,,\n').code).toBe('no-header');
  });

  it('reads UTF-8 bytes with or without a BOM, and refuses other encodings', () => {
    const text = `head_name,head_sex,shelter,members\nRémy,male,C2,male:18-59:1\n`;
    const utf8 = new TextEncoder().encode(text);
    expect(imported(utf8).rows[0]?.input.pii.head.name).toBe('Rémy');
    expect(imported(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8)).rows[0]?.input.pii.head.name).toBe('Rémy');
    // Windows-1252 "é" is the lone byte 0xE9: not UTF-8.
    const latin1 = Uint8Array.from([...text.replace('é', '\u00e9')].map((c) => c.charCodeAt(0)));
    expect(failure(latin1).code).toBe('not-utf8');
  });

  it('passes CSV-level errors on', () => {
    expect(failure(`${HEADER}\n,"Amina,female,,,B7,female:18-59:1,,\n`).code).toBe('unterminated-quote');
  });

  it(`refuses more than ${MAX_CASELOAD_ROWS} households before checking any`, () => {
    const row = ',A,female,,,B,female:18-59:1,,\n';
    expect(failure(`${HEADER}\n${row.repeat(MAX_CASELOAD_ROWS + 1)}`).code).toBe('too-many-rows');
  });

  it(`imports a full file of ${MAX_CASELOAD_ROWS} households`, () => {
    const row = ',Amina Yusuf,female,1989,+254712345678,B7/114,female:18-59:1; male:0-4:2,single-parent,Halima\n';
    const result = imported(`${HEADER}\n${row.repeat(MAX_CASELOAD_ROWS)}`);
    expect(result.rows).toHaveLength(MAX_CASELOAD_ROWS);
    expect(result.rows.at(-1)?.line).toBe(MAX_CASELOAD_ROWS + 1);
  });

  it('reads back any valid household it is given as a row, with awkward but legal text (fast-check)', () => {
    const name = fc
      .string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', ';', 'é', 'ع', '#'), minLength: 1, maxLength: 20 })
      .filter((s) => s.trim() !== '');
    const proxyName = name.filter((s) => !s.includes(';'));
    const member = fc.record({ sex: fc.constantFrom(...MEMBER_SEXES), band: fc.constantFrom(...AGE_BANDS), count: fc.integer({ min: 1, max: 9 }) });
    const household = fc.record({
      id: fc.option(fc.uint8Array({ minLength: 5, maxLength: 5 }).map(newHouseholdId), { nil: undefined }),
      name,
      sex: fc.constantFrom('female', 'male', 'other'),
      shelter: name,
      members: fc.uniqueArray(member, { minLength: 1, maxLength: 8, selector: (m) => `${m.sex}:${m.band}` }),
      vulnerabilities: fc.subarray([...VULNERABILITIES]),
      proxies: fc.array(proxyName, { maxLength: 3 }),
    });
    const cell = (s: string) => `"${s.replaceAll('"', '""')}"`;
    fc.assert(
      fc.property(household, (h) => {
        const row = [
          h.id ?? '',
          cell(h.name),
          h.sex,
          '',
          '',
          cell(h.shelter),
          h.members.map((m) => `${m.sex}:${m.band}:${m.count}`).join('; '),
          h.vulnerabilities.join(';'),
          cell(h.proxies.join(';')),
        ].join(',');
        const result = imported(`${HEADER}\r\n${row}\r\n`);
        expect(result.rejected).toEqual([]);
        const [got] = result.rows;
        expect(got?.householdId).toBe(h.id);
        expect(got?.input.size).toBe(h.members.reduce((n, m) => n + m.count, 0));
        expect(got?.input.pii.head.name).toBe(h.name.trim().replace(/ {2,}/g, ' '));
        expect(got?.input.pii.vulnerabilities).toEqual(h.vulnerabilities);
        expect(got?.input.pii.proxies.map((p) => p.name)).toEqual(h.proxies.map((p) => p.trim().replace(/ {2,}/g, ' ')).filter((p) => p !== ''));
      }),
    );
  });

  it('never throws on arbitrary input: every outcome is a file error or rows and rejections (fast-check)', () => {
    const cells = fc.array(fc.string({ unit: fc.constantFrom('a', '1', ':', ';', ',', '"', '\n', '#', '-', 'f', ' '), maxLength: 12 }), { minLength: 9, maxLength: 10 });
    fc.assert(
      fc.property(fc.array(cells, { maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 60 }), (rows, noise) => {
        for (const input of [[HEADER, ...rows.map((r) => r.join(','))].join('\n'), noise, `${HEADER}\n${noise}`]) {
          const r = importCaseloadCsv(input);
          if (!r.ok) continue;
          const lines = [...r.value.rows.map((x) => x.line), ...r.value.rejected.map((x) => x.line)];
          expect(new Set(lines).size).toBe(lines.length);
          for (const rejected of r.value.rejected) expect(rejected.errors.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
