/** Reports for HQ, donors and clusters (issue 15), their headers and words in the six UN languages (issue 16): tables with an HXL row, written as CSV here and as XLSX by the renderer. */
export { reportCsv } from './csv';
export {
  DISTRIBUTION_COLUMNS,
  DISTRIBUTION_ORDER,
  DISTRIBUTION_SPECS,
  distributionColumns,
  distributionReport,
  distributionRows,
  distributionTable,
  type DistributionReportOptions,
  type SiteColumns,
} from './distribution';
export {
  HOUSEHOLD_COLUMNS,
  HOUSEHOLD_SPECS,
  householdList,
  PERSONAL_COLUMNS,
  PERSONAL_SPECS,
  type HouseholdRow,
  type OpenedRecord,
  type PersonalRecord,
} from './households';
export { ENGLISH_LABELS, REPORT_LABELS, reportLabels, type ColumnKey, type ReportLabels } from './labels';
export { STOCK_COLUMNS, STOCK_SPECS, stockColumns, stockRowsTable, stockTable } from './stock';
export type { Cell, ReportTable } from './table';
