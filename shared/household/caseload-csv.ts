/**
 * Import of a caseload exported from an existing registry as CSV: the header
 * names the columns (case-insensitive, in any order), an optional HXL hashtag
 * row may follow it (DESIGN.md "Conventions": HXL hashtags on CSV exports;
 * https://hxlstandard.org/standard/1-1final/ §4), then one household a row.
 *
 * Columns:
 *   household_id     optional: an existing id, checked with its check symbol;
 *                    empty means the caller generates one
 *   head_name        required
 *   head_sex         required: female, male or other (F and M are read too)
 *   head_birth_year  optional: a four-digit year
 *   phone            optional: with country code
 *   shelter          required: block/shelter code
 *   members          required: `sex:age-band:count` entries separated by `;`,
 *                    e.g. `female:18-59:1; male:0-4:2`
 *   vulnerabilities  optional: `;`-separated, from `VULNERABILITIES`
 *   proxies          optional: `;`-separated names
 * Other columns are ignored and reported, so the officer knows what was not
 * carried over (a registry's "notes" column can hold data the kit should
 * not take).
 *
 * Every row is checked; a bad row is listed with all its problems and its
 * line in the file, so the file can be fixed in one pass. A household_id seen
 * on an earlier row rejects the later rows. The household size is the sum of
 * the member counts, never a column of its own that could disagree.
 * Persistence is the caller's: it imports the good rows all-or-nothing.
 */
import { fromUtf8 } from '../bytes';
import { err, ok, type Result } from '../result';
import { parseCsv, type CsvErrorCode, type CsvRecord } from './csv';
import { householdEntrySchema, householdProblems, sumMembers, type HouseholdEntry } from './household';
import { parseHouseholdId, type HouseholdId } from './household-id';

export const MAX_CASELOAD_ROWS = 200_000;

export const CASELOAD_COLUMNS = [
  'household_id',
  'head_name',
  'head_sex',
  'head_birth_year',
  'phone',
  'shelter',
  'members',
  'vulnerabilities',
  'proxies',
] as const;
export type CaseloadColumn = (typeof CASELOAD_COLUMNS)[number];
export const REQUIRED_CASELOAD_COLUMNS: readonly CaseloadColumn[] = ['head_name', 'head_sex', 'shelter', 'members'];

export interface CaseloadRow {
  readonly line: number;
  readonly input: HouseholdEntry;
  /** The id the file gave; absent when the caller must generate one. */
  readonly householdId?: HouseholdId;
}

export interface RejectedRow {
  readonly line: number;
  readonly errors: readonly string[];
}

export interface CaseloadImport {
  readonly rows: readonly CaseloadRow[];
  readonly rejected: readonly RejectedRow[];
  /** Ids that appear on more than one row, in order of first appearance. */
  readonly duplicateIds: readonly HouseholdId[];
  /** Header names that are not caseload columns, as written in the file. */
  readonly ignoredColumns: readonly string[];
}

export type CaseloadErrorCode = CsvErrorCode | 'not-utf8' | 'no-header' | 'bad-header';

/** `Head Name`, `HEAD-NAME` and `head_name` are one column. */
const columnKey = (name: string): string => name.trim().toLowerCase().replace(/[\s-]+/g, '_');

const isBlank = (record: CsvRecord): boolean => record.fields.every((f) => f.trim() === '');

/** HXL §4: a hashtag row has at least one hashtag and nothing but hashtags. */
const isHxlRow = (record: CsvRecord): boolean =>
  !isBlank(record) && record.fields.every((f) => f.trim() === '' || f.trim().startsWith('#'));

const SEX_ALIASES: Readonly<Record<string, string>> = { f: 'female', m: 'male', o: 'other' };
const readSex = (cell: string): string => {
  const v = cell.trim().toLowerCase();
  return SEX_ALIASES[v] ?? v;
};

const splitList = (cell: string): string[] =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');

interface MemberCell {
  readonly members: { band: string; sex: string; count: number }[];
  readonly errors: string[];
}

function readMembers(cell: string): MemberCell {
  const members: { band: string; sex: string; count: number }[] = [];
  const errors: string[] = [];
  for (const entry of splitList(cell)) {
    const parts = entry.split(':').map((p) => p.trim());
    const [sex, band, count] = parts;
    if (parts.length !== 3 || sex === undefined || band === undefined || count === undefined || !/^\d{1,3}$/.test(count)) {
      errors.push(`members: “${entry}” should be sex:age-band:count, like female:18-59:1`);
      continue;
    }
    members.push({ sex: readSex(sex), band, count: Number(count) });
  }
  return { members, errors };
}

/** Schema paths of the household record as the file's columns. */
const COLUMN_OF_PATH: Readonly<Record<string, string>> = {
  'pii.head': 'head',
  'pii.head.name': 'head_name',
  'pii.head.sex': 'head_sex',
  'pii.head.birthYear': 'head_birth_year',
  'pii.phone': 'phone',
  'pii.shelter': 'shelter',
  'pii.members': 'members',
  'pii.members.band': 'members',
  'pii.members.sex': 'members',
  'pii.members.count': 'members',
  'pii.vulnerabilities': 'vulnerabilities',
  'pii.proxies': 'proxies',
  'pii.proxies.name': 'proxies',
  'pii.proxies.relation': 'proxies',
};

function columnLabel(path: string, index: number | undefined): string {
  const column = COLUMN_OF_PATH[path] ?? path;
  if (index === undefined) return column;
  // `pii.members.count` → "members entry 2 count"; `pii.vulnerabilities` → "vulnerabilities entry 2".
  const segments = path.split('.');
  const detail = segments.length > 2 ? ` ${segments.at(-1) ?? ''}` : '';
  return `${column} entry ${index + 1}${detail}`;
}

interface RowResult {
  readonly errors: string[];
  readonly input?: HouseholdEntry;
  readonly householdId?: HouseholdId;
}

function readRow(cells: ReadonlyMap<CaseloadColumn, string>): RowResult {
  const cell = (column: CaseloadColumn): string => cells.get(column) ?? '';
  const errors: string[] = [];

  let householdId: HouseholdId | undefined;
  const idText = cell('household_id').trim();
  if (idText !== '') {
    const id = parseHouseholdId(idText);
    if (id.ok) householdId = id.value;
    else errors.push(`household_id: ${id.message}`);
  }

  let birthYear: number | undefined;
  const yearText = cell('head_birth_year').trim();
  if (yearText !== '') {
    if (/^\d{4}$/.test(yearText)) birthYear = Number(yearText);
    else errors.push(`head_birth_year: “${yearText}” must be a four-digit year like 1984`);
  }

  const members = readMembers(cell('members'));
  errors.push(...members.errors);

  const phone = cell('phone').trim();
  const pii = {
    head: {
      name: cell('head_name'),
      sex: readSex(cell('head_sex')),
      ...(birthYear === undefined ? {} : { birthYear }),
    },
    ...(phone === '' ? {} : { phone }),
    shelter: cell('shelter'),
    members: members.members,
    // "Chronic illness" and "chronic_illness" are the listed "chronic-illness".
    vulnerabilities: splitList(cell('vulnerabilities')).map((v) => v.toLowerCase().replace(/[\s_]+/g, '-')),
    proxies: splitList(cell('proxies')).map((name) => ({ name })),
  };
  const parsed = householdEntrySchema.safeParse({ pii, size: sumMembers(members.members) });
  if (!parsed.success) {
    // The size is derived from the members, so its problems are the members' and already said there.
    const issues = parsed.error.issues.filter((i) => i.path[0] !== 'size');
    errors.push(...householdProblems(issues, columnLabel));
  }
  // A members entry that could not be read makes the size wrong even if the rest validates,
  // so any error withholds the input. The id is kept either way: it still claims its line.
  const input = errors.length === 0 && parsed.success ? { input: parsed.data } : {};
  return { errors, ...input, ...(householdId === undefined ? {} : { householdId }) };
}

interface Header {
  readonly columns: ReadonlyMap<CaseloadColumn, number>;
  readonly ignored: readonly string[];
}

function readHeader(record: CsvRecord): Result<Header, 'bad-header'> {
  const columns = new Map<CaseloadColumn, number>();
  const ignored: string[] = [];
  const seen = new Set<string>();
  const known = new Set<string>(CASELOAD_COLUMNS);
  for (const [index, name] of record.fields.entries()) {
    const key = columnKey(name);
    if (key === '') continue;
    if (seen.has(key)) return err('bad-header', `line ${record.line}: the column “${name.trim()}” appears twice`);
    seen.add(key);
    if (known.has(key)) columns.set(key as CaseloadColumn, index);
    else ignored.push(name.trim());
  }
  const missing = REQUIRED_CASELOAD_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    return err(
      'bad-header',
      `line ${record.line}: the first row must name the columns; missing: ${missing.join(', ')} (needed: ${REQUIRED_CASELOAD_COLUMNS.join(', ')})`,
    );
  }
  return ok({ columns, ignored });
}

function decode(input: string | Uint8Array): Result<string, 'not-utf8'> {
  if (typeof input === 'string') return ok(input);
  try {
    return ok(fromUtf8(input));
  } catch {
    return err('not-utf8', 'the file is not UTF-8 text; in Excel, save it as “CSV UTF-8 (Comma delimited)”');
  }
}

/**
 * Reads a caseload file (text, or bytes that must be UTF-8). File-level
 * problems (not CSV, no header, too big) are an error; row problems are
 * listed in `rejected`, sorted by line.
 */
export function importCaseloadCsv(input: string | Uint8Array): Result<CaseloadImport, CaseloadErrorCode> {
  const text = decode(input);
  if (!text.ok) return text;
  // Header and HXL rows come on top of the data rows.
  const parsed = parseCsv(text.value, { maxRecords: MAX_CASELOAD_ROWS + 2 });
  if (!parsed.ok) return parsed;
  const records = parsed.value;

  const headerAt = records.findIndex((r) => !isBlank(r));
  const headerRecord = records[headerAt];
  if (headerRecord === undefined) return err('no-header', 'the file is empty: it needs a header row and one row per household');
  const header = readHeader(headerRecord);
  if (!header.ok) return header;
  const { columns, ignored } = header.value;

  let dataStart = headerAt + 1;
  const maybeHxl = records[dataStart];
  if (maybeHxl !== undefined && isHxlRow(maybeHxl)) dataStart++;

  const data = records.slice(dataStart).filter((r) => !isBlank(r));
  if (data.length > MAX_CASELOAD_ROWS) {
    return err('too-many-rows', `the file has ${data.length} households, more than the ${MAX_CASELOAD_ROWS} one import takes; split it`);
  }

  const width = headerRecord.fields.length;
  const rows: CaseloadRow[] = [];
  const rejected: RejectedRow[] = [];
  const firstLineOf = new Map<HouseholdId, number>();
  const duplicates = new Set<HouseholdId>();

  for (const record of data) {
    if (record.fields.length !== width) {
      rejected.push({
        line: record.line,
        errors: [
          `the row has ${record.fields.length} cells but the header has ${width}: a comma or a quote is probably missing or extra`,
        ],
      });
      continue;
    }
    const cells = new Map<CaseloadColumn, string>();
    for (const [column, index] of columns) cells.set(column, record.fields[index] ?? '');
    const row = readRow(cells);
    const errors = [...row.errors];

    // Ids compare in their printed spelling, so `hh-7k3q…` and `HH-7K3Q…` are one id.
    const id = row.householdId;
    if (id !== undefined) {
      const first = firstLineOf.get(id);
      if (first === undefined) firstLineOf.set(id, record.line);
      else {
        errors.push(`household_id: ${id} is already used on line ${first}`);
        duplicates.add(id);
      }
    }

    if (errors.length > 0 || row.input === undefined) {
      rejected.push({ line: record.line, errors });
      continue;
    }
    rows.push(id === undefined ? { line: record.line, input: row.input } : { line: record.line, input: row.input, householdId: id });
  }
  // A Set iterates in insertion order: first appearance of the second use.
  return ok({ rows, rejected, duplicateIds: [...duplicates], ignoredColumns: ignored });
}
