/**
 * The household list, for a team lead: every household of the site with
 * its size and ration card, and, only when the caller passes the opened
 * records (the kit does after a lead's PIN), the personal fields: names,
 * sex, year of birth, phone, shelter, members by sex, vulnerabilities and
 * proxies. Without records the table has no personal column at all, so a
 * caller cannot leak one by forgetting to blank it (principle 5).
 *
 * A card's state here is what the household's view row says: none, issued,
 * or expired at `asOf`. Whether an issued card was revoked is in its
 * issuer's signed revocation list, which a card check verifies; checking
 * every card's list here would cost a signature check per household, so the
 * list does not claim a card is valid.
 */
import { ENGLISH_LABELS, englishColumns, labelColumns, wordFor, type ColumnSpec, type ReportLabels } from './labels';
import { sortRows, table, type Cell, type ReportTable } from './table';

export interface HouseholdRow {
  readonly id: string;
  readonly site: string;
  readonly size: number;
  /** When it was enrolled (ISO timestamp). */
  readonly enrolledAt: string;
  /** Whether a ration card was issued, and until when it is valid ('' when it names no end). */
  readonly hasCard: boolean;
  readonly cardValidUntil: string;
}

/** The personal record as the kit opens it (shared/household's `HouseholdPii`, or the form the UI shows). */
export interface PersonalRecord {
  readonly head: { readonly name: string; readonly sex: string; readonly birthYear?: number | undefined };
  readonly phone?: string | undefined;
  readonly shelter: string;
  readonly members: readonly { readonly sex: string; readonly count: number }[];
  readonly vulnerabilities: readonly string[];
  readonly proxies: readonly { readonly name: string; readonly relation?: string | undefined }[];
}

/** A household's record opened, or why not: sealed under a key this laptop does not hold. */
export type OpenedRecord = PersonalRecord | 'sealed-elsewhere';

/** The columns every list has: label keys (./labels.ts) and HXL hashtags. */
export const HOUSEHOLD_SPECS = [
  ['household', '#beneficiary+code'],
  ['site', '#loc+camp+code'],
  ['enrolled', '#date+enrolled'],
  ['size', '#targeted+ind'],
  ['card', '#status+card'],
  ['cardValidUntil', '#date+card+expires'],
] as const satisfies readonly ColumnSpec[];

/** The personal columns, only with the opened records. */
export const PERSONAL_SPECS = [
  ['record', '#status+record'],
  ['head', '#beneficiary+head+name'],
  ['headSex', '#beneficiary+head+sex'],
  ['headBirthYear', '#date+birth+head'],
  ['phone', '#contact+phone'],
  ['shelter', '#loc+shelter+code'],
  ['females', '#targeted+ind+f'],
  ['males', '#targeted+ind+m'],
  ['vulnerabilities', '#beneficiary+vulnerable'],
  ['proxies', '#beneficiary+proxy+name'],
] as const satisfies readonly ColumnSpec[];

/** The columns with their English headers. */
export const HOUSEHOLD_COLUMNS = englishColumns(HOUSEHOLD_SPECS);
export const PERSONAL_COLUMNS = englishColumns(PERSONAL_SPECS);

function cardState(row: HouseholdRow, asOf: string): 'none' | 'issued' | 'expired' {
  if (!row.hasCard) return 'none';
  return row.cardValidUntil !== '' && row.cardValidUntil <= asOf ? 'expired' : 'issued';
}

const membersOf = (record: PersonalRecord, sex: string): number => record.members.filter((m) => m.sex === sex).reduce((n, m) => n + m.count, 0);

function personalCells(record: OpenedRecord | undefined, labels: ReportLabels): Cell[] {
  if (record === undefined || record === 'sealed-elsewhere') return [labels.record['sealed-elsewhere'], '', '', '', '', '', '', '', '', ''];
  return [
    labels.record.opened,
    record.head.name,
    wordFor(labels.sex, record.head.sex),
    record.head.birthYear ?? '',
    record.phone ?? '',
    record.shelter,
    membersOf(record, 'female'),
    membersOf(record, 'male'),
    record.vulnerabilities.map((v) => wordFor(labels.vulnerabilities, v)).join('; '),
    record.proxies.map((p) => (p.relation === undefined ? p.name : `${p.name} (${p.relation})`)).join('; '),
  ];
}

/**
 * The list, sorted by household id, at `asOf` (an ISO timestamp: cards
 * valid until then or before are expired). `records`: the opened records
 * by household id; omitted, the list holds no personal field. Headers and
 * words (card state, record, sex, vulnerabilities) in `labels`' language,
 * English without them; names, phones, shelters and proxies as recorded.
 */
export function householdList(
  households: readonly HouseholdRow[],
  asOf: string,
  records?: ReadonlyMap<string, OpenedRecord>,
  labels: ReportLabels = ENGLISH_LABELS,
): ReportTable {
  const rows = households.map((h): readonly Cell[] => {
    const cells: Cell[] = [h.id, h.site, h.enrolledAt.slice(0, 10), h.size, labels.card[cardState(h, asOf)], h.cardValidUntil.slice(0, 10)];
    return records === undefined ? cells : [...cells, ...personalCells(records.get(h.id), labels)];
  });
  const specs = records === undefined ? HOUSEHOLD_SPECS : [...HOUSEHOLD_SPECS, ...PERSONAL_SPECS];
  return table(labels.sheets.households, labelColumns(specs, labels), sortRows(rows, [0]));
}
