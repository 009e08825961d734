/**
 * The distribution report: what was handed out, per round, site, day and
 * item (or cash currency), with the handouts, households and people it
 * reached: the figures a donor or a cluster's 4W asks for.
 *
 * Handouts are shared/distribution's effective ones (voids and corrections
 * applied), a handout belongs to the UTC day of its `at` and to its
 * envelope's round, exactly as in `tally`: summed over a day, the
 * quantities and cash are the tally's `byItem` and `cash`.
 *
 * What is filled and what is not (never a guess):
 * - people reached: the sizes of the households reached, from their
 *   enrolment (or the latest correction of it); empty when this laptop does
 *   not hold the size of one of them (enrolled on a laptop not synced yet);
 * - the split by sex is not in the events: members by sex live only in the
 *   sealed household record (shared/household), so this report has no
 *   `#reached+ind+f` / `+m` columns; the PIN-guarded household list has
 *   them per household;
 * - organisation and admin area (`#org+impl`, `#adm1+code`) are not known to
 *   a site's laptops, so they are left out rather than left blank.
 */
import { effectiveHandouts } from '../distribution/handouts';
import type { VerifiedEvent } from '../events/verify';
import { err, ok, type Result } from '../result';
import { ENGLISH_LABELS, englishColumns, labelColumns, wordFor, type ColumnSpec, type ReportLabels } from './labels';
import { majorUnits } from './money';
import { sortRows, table, type Cell, type ReportTable } from './table';

export interface SiteColumns {
  /** Machine site code (`camp-north`). */
  readonly code: string;
  readonly name: string;
}

export interface DistributionReportOptions {
  readonly site: SiteColumns;
  /** Household → its size, for people reached. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Only this UTC day (`YYYY-MM-DD`); every day without it. */
  readonly day?: string;
  /** Only this round; every round without it. */
  readonly round?: string;
  /** The headers' and words' language (./labels.ts); English without it. */
  readonly labels?: ReportLabels;
}

/** The columns: label keys (./labels.ts) and HXL hashtags. */
export const DISTRIBUTION_SPECS = [
  ['round', '#activity+code'],
  ['date', '#date'],
  ['site', '#loc+camp+code'],
  ['siteName', '#loc+camp+name'],
  ['modality', '#modality'],
  ['item', '#item+code'],
  ['unit', '#item+unit'],
  ['quantity', '#item+qty'],
  ['cashAmount', '#value+transfer'],
  ['currency', '#currency'],
  ['handouts', '#output+handouts'],
  ['householdsReached', '#reached+hh'],
  ['peopleReached', '#reached+ind'],
] as const satisfies readonly ColumnSpec[];

/** The columns with their headers in `labels`' language. */
export const distributionColumns = (labels: ReportLabels = ENGLISH_LABELS) => labelColumns(DISTRIBUTION_SPECS, labels);

/** The columns with their English headers. */
export const DISTRIBUTION_COLUMNS = englishColumns(DISTRIBUTION_SPECS);

/** The modality column's index: its cell is a code (`in-kind`, `cash`) until `distributionTable` writes the word. */
const MODALITY = 4;

/** The rows' sort: round, date, modality, item, unit, currency (codes, so the order is the same in every language). */
export const DISTRIBUTION_ORDER = [0, 1, MODALITY, 5, 6, 9] as const;

/**
 * The table of rows as `distributionRows` gives them (modality as a code),
 * in `labels`' language: the headers and the modality words translated, the
 * order and every other cell kept.
 */
export function distributionTable(rows: readonly (readonly Cell[])[], labels: ReportLabels = ENGLISH_LABELS): ReportTable {
  const words = rows.map((row) => row.map((cell, i) => (i === MODALITY ? wordFor(labels.modality, String(cell)) : cell)));
  return table(labels.sheets.distribution, distributionColumns(labels), words);
}

interface Group {
  readonly round: string;
  readonly day: string;
  readonly modality: 'in-kind' | 'cash';
  /** Item code and unit, or currency for cash. */
  readonly code: string;
  readonly unit: string;
  amount: number;
  handouts: number;
  readonly households: Set<string>;
}

/** The report's rows, sorted by round, date, modality, item, unit and currency, in the language of `options.labels` (English without it). */
export function distributionReport(events: readonly VerifiedEvent[], options: DistributionReportOptions): Result<ReportTable, 'overflow'> {
  const rows = distributionRows(events, options);
  return rows.ok ? ok(distributionTable(rows.value, options.labels)) : rows;
}

/** The report's rows with the modality as a code, sorted (`DISTRIBUTION_ORDER`): for a caller that merges several sites' rows before `distributionTable` (HQ). */
export function distributionRows(events: readonly VerifiedEvent[], options: DistributionReportOptions): Result<(readonly Cell[])[], 'overflow'> {
  const { site, sizes, day, round } = options;
  const groups = new Map<string, Group>();
  const add = (key: Omit<Group, 'amount' | 'handouts' | 'households'>, amount: number, household: string): Group => {
    const id = [key.round, key.day, key.modality, key.code, key.unit].join('\u0000');
    const group = groups.get(id) ?? { ...key, amount: 0, handouts: 0, households: new Set<string>() };
    groups.set(id, group);
    group.amount += amount;
    group.handouts++;
    group.households.add(household);
    return group;
  };

  for (const h of effectiveHandouts(events)) {
    const handoutRound = h.event.round ?? '';
    const handoutDay = h.event.at.slice(0, 10);
    if ((round !== undefined && handoutRound !== round) || (day !== undefined && handoutDay !== day)) continue;
    const household = h.event.body.household;
    // Two lines of one item in a handout count it once among the handouts.
    const lines = new Map<string, { code: string; unit: string; qty: number }>();
    for (const line of h.items) {
      const key = `${line.code}\u0000${line.unit}`;
      lines.set(key, { ...line, qty: (lines.get(key)?.qty ?? 0) + line.qty });
    }
    for (const line of lines.values()) add({ round: handoutRound, day: handoutDay, modality: 'in-kind', code: line.code, unit: line.unit }, line.qty, household);
    if (h.cash !== undefined) {
      const group = add({ round: handoutRound, day: handoutDay, modality: 'cash', code: h.cash.currency, unit: '' }, h.cash.amount, household);
      if (!Number.isSafeInteger(group.amount)) return err('overflow', `the ${h.cash.currency} total is too large to count exactly`);
    }
  }

  const people = (households: ReadonlySet<string>): Cell => {
    let total = 0;
    for (const household of households) {
      const size = sizes.get(household);
      if (size === undefined) return '';
      total += size;
    }
    return total;
  };
  const rows = [...groups.values()].map((g): readonly Cell[] => {
    const cash = g.modality === 'cash';
    return [
      g.round,
      g.day,
      site.code,
      site.name,
      g.modality,
      cash ? '' : g.code,
      g.unit,
      cash ? '' : g.amount,
      cash ? majorUnits(g.amount, g.code) : '',
      cash ? g.code : '',
      g.handouts,
      g.households.size,
      people(g.households),
    ];
  });
  return ok(sortRows(rows, DISTRIBUTION_ORDER));
}
