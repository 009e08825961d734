/**
 * The stock report: per item, what the site received, returned, handed out
 * and has left, as shared/reconcile's `stockReport` counts it (effective
 * stock movements and handouts, voids and corrections applied) and as the
 * tally's stock shows it. It takes the site's lines (`stockReport(events,
 * { day }).site`, or the tally's stock the kit reads from the maintained
 * aggregates: the same figures, issue 14).
 */
import type { StockLine } from '../distribution/tally';
import type { SiteColumns } from './distribution';
import { ENGLISH_LABELS, englishColumns, labelColumns, type ColumnSpec, type ReportLabels } from './labels';
import { table, type Cell, type ReportTable } from './table';

/** The columns: label keys (./labels.ts) and HXL hashtags. */
export const STOCK_SPECS = [
  ['asOf', '#date+reported'],
  ['site', '#loc+camp+code'],
  ['siteName', '#loc+camp+name'],
  ['item', '#item+code'],
  ['unit', '#item+unit'],
  ['received', '#item+qty+received'],
  ['returned', '#item+qty+returned'],
  ['handedOut', '#item+qty+distributed'],
  ['left', '#item+qty+available'],
] as const satisfies readonly ColumnSpec[];

/** The columns with their headers in `labels`' language. */
export const stockColumns = (labels: ReportLabels = ENGLISH_LABELS) => labelColumns(STOCK_SPECS, labels);

/** The columns with their English headers. */
export const STOCK_COLUMNS = englishColumns(STOCK_SPECS);

/** Stock rows (no cell of them is a word: codes, a date and numbers) as the stock table in `labels`' language. */
export const stockRowsTable = (rows: readonly (readonly Cell[])[], labels: ReportLabels = ENGLISH_LABELS): ReportTable =>
  table(labels.sheets.stock, stockColumns(labels), rows);

/**
 * The report of the site's stock lines (sorted by code, then unit, as
 * `stockReport` gives them), up to `asOf`: a UTC day, the day the figures
 * were read. Headers in `labels`' language, English without them.
 */
export function stockTable(lines: readonly StockLine[], site: SiteColumns, asOf: string, labels: ReportLabels = ENGLISH_LABELS): ReportTable {
  return stockRowsTable(
    lines.map((s) => [asOf, site.code, site.name, s.code, s.unit, s.received, s.returned, s.handedOut, s.left]),
    labels,
  );
}

