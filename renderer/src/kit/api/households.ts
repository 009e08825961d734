/** Enrolment, caseload import and finding households. */
import type { Result } from '../../../../shared/result';
import type { Locked } from './errors';

export type Sex = 'female' | 'male' | 'other';
export type AgeBand = '0-4' | '5-17' | '18-59' | '60+';

/**
 * What the enrolment form collects; the kit validates it with the household
 * schema of shared/household and seals it before it is stored.
 */
export interface HouseholdForm {
  readonly head: { readonly name: string; readonly sex: Sex; readonly birthYear?: number | undefined };
  readonly phone?: string | undefined;
  readonly shelter: string;
  readonly members: readonly { readonly band: AgeBand; readonly sex: 'female' | 'male'; readonly count: number }[];
  readonly vulnerabilities: readonly string[];
  readonly proxies: readonly { readonly name: string; readonly relation?: string | undefined }[];
}

export interface HouseholdSummary {
  readonly id: string;
  readonly size: number;
  readonly enrolledAt: string;
  readonly hasCard: boolean;
}

export interface HouseholdDetail extends HouseholdSummary {
  /** Decrypted on demand for the screen; never logged. */
  readonly form: HouseholdForm;
}

export interface ImportReport {
  readonly imported: number;
  readonly rejected: readonly { readonly line: number; readonly errors: readonly string[] }[];
}

export interface HouseholdsApi {
  /** `bad-csv`: the file as a whole is not a caseload CSV (bad rows alone are reported in the `ImportReport`). */
  enrol(form: HouseholdForm): Promise<Result<HouseholdSummary, 'invalid' | Locked>>;
  importCaseload(csv: string, onProgress?: (done: number, total: number) => void): Promise<Result<ImportReport, 'bad-csv' | Locked>>;
  /** `sealed-elsewhere`: enrolled on another device whose data key this one does not hold. */
  findHousehold(id: string): Promise<Result<HouseholdDetail, 'bad-id' | 'not-enrolled' | 'sealed-elsewhere' | Locked>>;
  listHouseholds(query: { prefix?: string; limit: number }): Promise<Result<readonly HouseholdSummary[], Locked>>;
}
