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
import { table, type ReportTable } from './table';

export const STOCK_COLUMNS = [
  ['As of', '#date+reported'],
  ['Site', '#loc+camp+code'],
  ['Site name', '#loc+camp+name'],
  ['Item', '#item+code'],
  ['Unit', '#item+unit'],
  ['Received', '#item+qty+received'],
  ['Returned', '#item+qty+returned'],
  ['Handed out', '#item+qty+distributed'],
  ['Left', '#item+qty+available'],
] as const;

/**
 * The report of the site's stock lines (sorted by code, then unit, as
 * `stockReport` gives them), up to `asOf`: a UTC day, the day the figures
 * were read.
 */
export function stockTable(lines: readonly StockLine[], site: SiteColumns, asOf: string): ReportTable {
  return table(
    'Stock',
    STOCK_COLUMNS,
    lines.map((s) => [asOf, site.code, site.name, s.code, s.unit, s.received, s.returned, s.handedOut, s.left]),
  );
}

