/**
 * Reports for HQ, donors and clusters (issue 15): the distribution and stock
 * reports, and the household list for a team lead. Each is a file, CSV
 * (UTF-8 with a byte-order mark, formula-defused) or XLSX, with a header row
 * and an HXL hashtag row; shared/reports holds the columns.
 *
 * Only the household list holds personal fields (names, phone, shelter …),
 * and only after a team lead's PIN: the screen warns that the file holds
 * personal data before it is made.
 *
 * Headers, sheet names and the reports' words (modality, a card's state …)
 * are in the language asked for, English without one (shared/reports/
 * labels.ts); the HXL row, codes and numbers are the same in every
 * language, and so is the file name (ASCII).
 */
import type { UnLanguage } from '../../../../shared/languages';
import type { Result } from '../../../../shared/result';
import type { LeadApproval } from './distribution';
import type { Locked } from './errors';

export const REPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A report made, ready to save. */
export interface ReportFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
  /** Data rows, below the header and HXL rows. */
  readonly rows: number;
}

export interface DistributionReportQuery {
  /** Only this round; every round without it. */
  readonly round?: string;
  /** Only this UTC day; every day without it. */
  readonly day?: string;
  readonly format: ReportFormat;
  /** The headers' and words' language; English without it. */
  readonly language?: UnLanguage;
}

/**
 * `invalid`: a round that is not a round id, a format other than csv or
 * xlsx, or a language other than the six. `bad-day`: not a date like 2026-11-24. `overflow`: a cash total is
 * too large to count exactly.
 */
export interface ReportsApi {
  distributionReport(query: DistributionReportQuery): Promise<Result<ReportFile, 'invalid' | 'bad-day' | 'overflow' | Locked>>;
  /** Stock per item up to the end of today, as the tally shows it. */
  stockReport(format: ReportFormat, language?: UnLanguage): Promise<Result<ReportFile, 'invalid' | 'overflow' | Locked>>;
  /** `bad-pin`: not a team lead's valid PIN (or passphrase); the list is not made. */
  householdList(format: ReportFormat, lead: LeadApproval, language?: UnLanguage): Promise<Result<ReportFile, 'invalid' | 'bad-pin' | Locked>>;
}
