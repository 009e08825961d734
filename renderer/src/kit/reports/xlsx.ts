/** The XLSX writer is shared with HQ's reports (shared/reports/xlsx.ts): one workbook from one table, in the kit and at HQ. */
export { XLSX_MIME, xlsxBytes } from '../../../../shared/reports/xlsx';
