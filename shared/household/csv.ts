/**
 * An RFC 4180 CSV reader for files exported by other registries and by Excel.
 *
 * - Fields are separated by `,`; a field in double quotes may hold commas,
 *   line breaks and `""` (one quote), RFC 4180 §2.5–2.7.
 * - Records end at CRLF (the RFC), LF (Unix tools) or a lone CR (Excel for
 *   Mac's "CSV (Macintosh)"); a break at the very end adds no record.
 * - A leading UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped.
 * - Leniency where it is unambiguous: a `"` inside an unquoted field is kept
 *   as a character (`5" pipe`), as Excel and Python's csv module do. Text
 *   after a closing quote (`"abc"x`) is an error: it cannot be told whether
 *   the quote was meant to close.
 * - Limits keep a hostile or broken file from exhausting memory: records,
 *   fields per record and characters per field (UTF-16 code units, so 64 Ki
 *   per field bounds memory like 64 KiB of text). Breaking one is an error for
 *   the whole file, found before more of it is read.
 */
import { err, ok, type Result } from '../result';

export interface CsvRecord {
  /** Line of the file (1-based) where the record starts; quoted line breaks count. */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvLimits {
  readonly maxRecords: number;
  readonly maxFields: number;
  readonly maxFieldChars: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = {
  maxRecords: 200_000,
  maxFields: 1_000,
  maxFieldChars: 64 * 1024,
};

export type CsvErrorCode = 'unterminated-quote' | 'bad-quote' | 'too-many-rows' | 'too-many-fields' | 'field-too-large';

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = '\ufeff';

/** Line breaks in `text[from, to)`: CRLF, LF and a lone CR count one each. */
function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

export function parseCsv(input: string, limits: Partial<CsvLimits> = {}): Result<CsvRecord[], CsvErrorCode> {
  const { maxRecords, maxFields, maxFieldChars } = { ...DEFAULT_CSV_LIMITS, ...limits };
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;

  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    if (records.length >= maxRecords) {
      return err('too-many-rows', `the file has more than ${maxRecords.toLocaleString('en')} rows; split it into smaller files`);
    }
    // One record: fields until a line break or the end of the text.
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        const parts: string[] = [];
        let length = 0;
        let at = i + 1;
        for (;;) {
          const close = text.indexOf('"', at);
          if (close < 0) {
            return err(
              'unterminated-quote',
              `line ${openLine}: a field opens with a quote (") that is never closed; the rest of the file would be read as one value`,
            );
          }
          line += countBreaks(text, at, close);
          const escaped = text.charCodeAt(close + 1) === QUOTE;
          const part = text.slice(at, escaped ? close + 1 : close);
          length += part.length;
          if (length > maxFieldChars) {
            return err('field-too-large', `line ${openLine}: a field is longer than ${maxFieldChars} characters`);
          }
          parts.push(part);
          at = escaped ? close + 2 : close + 1;
          if (!escaped) break;
        }
        i = at;
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== CR && next !== LF) {
          return err(
            'bad-quote',
            `line ${line}: there is text right after a closing quote ("); a quote inside a quoted field is written twice ("")`,
          );
        }
        value = parts.join('');
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === CR || c === LF) break;
          i++;
        }
        if (i - start > maxFieldChars) {
          return err('field-too-large', `line ${line}: a field is longer than ${maxFieldChars} characters`);
        }
        value = text.slice(start, i);
      }
      fields.push(value);
      if (fields.length > maxFields) {
        return err('too-many-fields', `line ${recordLine}: a row has more than ${maxFields} columns`);
      }

      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        // A comma at the very end still separates an (empty) last field.
        if (i >= n) {
          fields.push('');
          if (fields.length > maxFields) {
            return err('too-many-fields', `line ${recordLine}: a row has more than ${maxFields} columns`);
          }
          break;
        }
        continue;
      }
      if (c === CR) {
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
      } else if (c === LF) {
        i++;
        line++;
      }
      break;
    }
    records.push({ line: recordLine, fields });
  }
  return ok(records);
}
