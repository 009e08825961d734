/** Reports for HQ, donors and clusters (issue 15): tables with an HXL row, written as CSV here and as XLSX by the renderer. */
export { reportCsv } from './csv';
export { DISTRIBUTION_COLUMNS, distributionReport, type DistributionReportOptions, type SiteColumns } from './distribution';
export { HOUSEHOLD_COLUMNS, householdList, PERSONAL_COLUMNS, type HouseholdRow, type OpenedRecord, type PersonalRecord } from './households';
export { STOCK_COLUMNS, stockTable } from './stock';
export type { Cell, ReportTable } from './table';
