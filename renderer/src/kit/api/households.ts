/** Enrolment, caseload import and finding households. */
import type { Result } from '../../../../shared/result';
import type { DuplicateReason } from '../../../../shared/search';
import type { Locked, NotAllowed } from './errors';

export type { DuplicateReason };

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
  /** Rows that match a household the site already has (or an earlier row): not imported again. */
  readonly duplicates: readonly { readonly line: number; readonly household: string; readonly reasons: readonly DuplicateReason[] }[];
}

/** A household found by search: what the list shows, names read on this laptop only. */
export interface HouseholdMatch extends HouseholdSummary {
  readonly head?: string;
  readonly shelter?: string;
  /** What the query matched. */
  readonly matched: 'id' | 'name' | 'shelter' | 'phone';
}

export interface DuplicateCandidate {
  readonly household: HouseholdMatch;
  readonly reasons: readonly DuplicateReason[];
}

export interface HistoryEntry {
  readonly eventId: string;
  readonly type: string;
  readonly at: string;
  readonly device: string;
  /** The operator's id, as the event carries it (the screens name it). */
  readonly operator: string;
  /** The event's own words: a check's method and result, a handout's lines, a void's reason. */
  readonly detail: string;
}

/** Why an officer enrols a household although the site holds likely duplicates. */
export const DUPLICATE_REASONS = ['different-household', 'split-household', 'lead-decision'] as const;

export interface HouseholdsApi {
  /** `bad-csv`: the file as a whole is not a caseload CSV (bad rows alone are reported in the `ImportReport`). */
  /**
   * `likely-duplicate`: the site has households this one may be (see
   * `likelyDuplicates`); enrol anyway only with `duplicateReason`, recorded.
   */
  enrol(form: HouseholdForm, options?: { duplicateReason?: string }): Promise<Result<HouseholdSummary, 'invalid' | 'likely-duplicate' | 'needs-reason' | Locked>>;
  /** The site's households this one may be, before anything is saved. */
  likelyDuplicates(form: HouseholdForm): Promise<Result<readonly DuplicateCandidate[], 'invalid' | Locked>>;
  /** What happened to a household, newest first: enrolment, corrections, cards, checks, handouts and their voids. */
  householdHistory(id: string): Promise<Result<readonly HistoryEntry[], 'bad-id' | 'not-enrolled' | Locked>>;
  /** A team lead corrects a household's record (on a lead's laptop): a `household-update` event, sealed like an enrolment. */
  correctHousehold(id: string, form: HouseholdForm): Promise<Result<HouseholdSummary, 'invalid' | 'not-enrolled' | Locked | NotAllowed>>;
  /** Any part of a name (any script), a shelter, a phone number or the start of an id. */
  searchHouseholds(query: string, limit: number): Promise<Result<readonly HouseholdMatch[], Locked>>;
  /**
   * Builds the name index searches read, if this session has none yet (the
   * first search waits for it otherwise: seconds at a camp's 100k
   * households), telling how far it is in households; answers once it is built.
   */
  prepareSearch(onProgress?: (done: number, total: number) => void): Promise<Result<void, Locked>>;
  importCaseload(csv: string, onProgress?: (done: number, total: number) => void): Promise<Result<ImportReport, 'bad-csv' | Locked>>;
  /** `sealed-elsewhere`: enrolled on another device whose data key this one does not hold. */
  findHousehold(id: string): Promise<Result<HouseholdDetail, 'bad-id' | 'not-enrolled' | 'sealed-elsewhere' | Locked>>;
  listHouseholds(query: { prefix?: string; limit: number }): Promise<Result<readonly HouseholdSummary[], Locked>>;
}
