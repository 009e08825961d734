/** A report table as the file a person saves: CSV (UTF-8 with a byte-order mark) or XLSX, with a name that says what it holds. */
import { reportCsv, type ReportTable } from '../../../../shared/reports';
import type { ReportFile, ReportFormat } from '../api/reports';
import { XLSX_MIME, xlsxBytes } from './xlsx';

export const isReportFormat = (format: unknown): format is ReportFormat => format === 'csv' || format === 'xlsx';

/** `parts` name the report (`distribution`, the site, the day …); they are codes and dates, safe in a file name. */
export async function reportFile(table: ReportTable, format: ReportFormat, parts: readonly string[], created: Date): Promise<ReportFile> {
  const fileName = `aidtrail-${parts.join('-')}.${format}`;
  if (format === 'csv') {
    return { fileName, mimeType: 'text/csv;charset=utf-8', bytes: new TextEncoder().encode(reportCsv(table)), rows: table.rows.length };
  }
  return { fileName, mimeType: XLSX_MIME, bytes: await xlsxBytes([table], created), rows: table.rows.length };
}
