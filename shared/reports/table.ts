/**
 * The one model every report is written from (CSV here, XLSX in the
 * renderer): a sheet name, a header row for people, an HXL hashtag row for
 * machines (HXL 1.1: the hashtag row goes right under the headers), then the
 * data rows in a fixed order, so two laptops holding the same events write
 * the same file.
 *
 * A cell is text or a number. Numbers stay numbers so a spreadsheet can sum
 * them; an empty string is a figure this laptop cannot know (never a guess).
 */
export type Cell = string | number;

export interface ReportTable {
  /** Sheet name (at most 31 characters, none of : \ / ? * [ ]: Excel's rules). */
  readonly sheet: string;
  readonly header: readonly string[];
  /** HXL hashtags with attributes, one per column (`#reached+hh`). */
  readonly hxl: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Every row of the table as written: header, HXL row, data. */
export const allRows = (table: ReportTable): readonly (readonly Cell[])[] => [table.header, table.hxl, ...table.rows];

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders rows by the cells of `keys` (column indexes), as text: UTF-16 code units, not a locale, so the order is the same everywhere. */
export function sortRows(rows: (readonly Cell[])[], keys: readonly number[]): (readonly Cell[])[] {
  return rows.sort((a, b) => {
    for (const i of keys) {
      const order = compare(String(a[i] ?? ''), String(b[i] ?? ''));
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** A table from its columns (header and hashtag side by side, so they cannot drift apart) and rows. */
export function table(sheet: string, columns: readonly (readonly [header: string, hxl: string])[], rows: readonly (readonly Cell[])[]): ReportTable {
  for (const row of rows) if (row.length !== columns.length) throw new Error(`a row of ${sheet} has ${row.length} cells for ${columns.length} columns`);
  return { sheet, header: columns.map(([h]) => h), hxl: columns.map(([, tag]) => tag), rows };
}
