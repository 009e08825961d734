/**
 * Reports as CSV (RFC 4180) for Excel and for HQ's tools:
 *
 * - Fields with a comma, a double quote, CR or LF are quoted, quotes doubled
 *   (§2.5–2.7); records end with CRLF (§2.1); an empty row is written as
 *   `""` so it reads back as one empty field rather than a blank line.
 * - UTF-8 with a byte-order mark: without it, Excel opens a CSV in the
 *   machine's ANSI code page and Arabic or accented names turn to mojibake.
 * - Formula injection (CWE-1236, OWASP "CSV Injection"): a text cell that
 *   starts with = + - @ tab or CR is run as a formula by spreadsheets, and a
 *   site name or a household's record is text from people. Such a cell gets
 *   a leading apostrophe, which makes a spreadsheet show it as text. Numbers
 *   are written as numbers and never escaped: a negative stock figure stays
 *   a number.
 */
import type { Cell, ReportTable } from './table';
import { allRows } from './table';

const BOM = '\ufeff';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text a cell is written as, formula-defused but not yet quoted. */
export function cellText(cell: Cell): string {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new Error(`a report cell is not a finite number: ${cell}`);
    return String(cell);
  }
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function field(cell: Cell): string {
  const text = cellText(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function record(row: readonly Cell[]): string {
  if (row.length === 1 && row[0] === '') return '""';
  return row.map(field).join(',');
}

/** Rows as CSV text, without the byte-order mark. */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => `${record(row)}\r\n`).join('');
}

/** A report as a CSV file's text: byte-order mark, header row, HXL row, data rows. Encode it as UTF-8. */
export function reportCsv(table: ReportTable): string {
  return BOM + csvText(allRows(table));
}
