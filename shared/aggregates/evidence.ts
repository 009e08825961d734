/**
 * The events a reconciliation question depends on, found from the maintained
 * aggregates instead of reading every amendment in the log (issue 14: the
 * Reconcile screen must not grow with the log). shared/reconcile's
 * functions depend only on the set of events given, and give over this
 * evidence what they give over the whole log (evidence.test.ts checks it):
 *
 * - double handouts (`doubleHandouts`): the handouts of every group the
 *   conflict index names (all groups with two or more effective handouts,
 *   settled or not), and the decisions about them;
 * - a day's close (`dayClose`, `compareDayClose`): every event dated that
 *   day (its root covers exactly those), and the decisions about the day's
 *   handouts. Its figures take only events dated up to the day's end, so of
 *   these only the ones dated that day or before count; those dated that day
 *   are among the day's events already, and the others (a void signed on a
 *   laptop whose clock ran behind) are found here the same way.
 *
 * The decisions about a set of records are what decides whether each counts,
 * with which lines, and whether its group is settled: every void, correction
 * and resolution naming one of them (`RecordState.namedBy`), and the voids
 * of those corrections and resolutions (a voided correction no longer
 * applies, a voided resolution settles nothing). Nothing further changes an
 * answer: a void of a void, or a correction of anything but a handout or
 * stock movement, has no effect (shared/distribution/amendments.ts).
 */
import type { VerifiedEvent } from '../events/verify';
import type { AggregateSource } from './batch';
import { CONFLICTS_KEY, recordKey, type ConflictIndex, type RecordState } from './documents';

/** Where the evidence is read: the aggregates and events by key (any stored event), and two indexed reads of the log. */
export interface EvidenceSource extends AggregateSource {
  /** Every handout recorded in `round` for `household`, whatever its amendments. */
  handouts(round: string, household: string): Promise<readonly VerifiedEvent[]>;
  /** Every event whose `at` falls on `day` (UTC). */
  eventsOn(day: string): Promise<readonly VerifiedEvent[]>;
}

/** The events whose records name any of `ids`, from `known` or else read. */
async function naming(source: EvidenceSource, ids: Iterable<string>, known: ReadonlyMap<string, VerifiedEvent>): Promise<VerifiedEvent[]> {
  const records = await source.docs([...new Set(ids)].map(recordKey));
  const names = new Set([...records.values()].flatMap((doc) => (doc as RecordState).namedBy));
  const unknown = [...names].filter((id) => !known.has(id));
  const read = unknown.length === 0 ? new Map<string, VerifiedEvent>() : await source.events(unknown);
  return [...names].flatMap((id) => {
    const event = known.get(id) ?? read.get(id);
    return event === undefined ? [] : [event];
  });
}

/** `events`, and every decision about their handouts that they lack (see above), each once. */
async function withDecisions(source: EvidenceSource, events: readonly VerifiedEvent[]): Promise<VerifiedEvent[]> {
  const all = new Map(events.map((e) => [e.id, e]));
  const handouts = events.filter((e) => e.event.type === 'handout').map((e) => e.id);
  const decisions = await naming(source, handouts, all);
  for (const e of decisions) all.set(e.id, e);
  const decided = decisions.filter((e) => e.event.type === 'correction' || e.event.type === 'resolution').map((e) => e.id);
  // Only voids of these change anything (see above).
  for (const e of await naming(source, decided, all)) if (e.event.type === 'void') all.set(e.id, e);
  return [...all.values()];
}

/** What `doubleHandouts` needs: the handouts of the groups the conflict index names, with the decisions about them. */
export async function conflictEvidence(source: EvidenceSource): Promise<VerifiedEvent[]> {
  const index = (await source.docs([CONFLICTS_KEY])).get(CONFLICTS_KEY) as ConflictIndex | undefined;
  const groups = await Promise.all(
    (index?.groups ?? []).map((group) => {
      const [round, household] = group.split('\u0000') as [string, string];
      return source.handouts(round, household);
    }),
  );
  return withDecisions(source, groups.flat());
}

/** What `dayClose` and `compareDayClose` need for `day`: its events, with the decisions about its handouts. */
export async function dayEvidence(source: EvidenceSource, day: string): Promise<VerifiedEvent[]> {
  return withDecisions(source, await source.eventsOn(day));
}
