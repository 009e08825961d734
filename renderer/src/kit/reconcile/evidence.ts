/**
 * The events a reconciliation question depends on, read by index instead of
 * the whole log (issue 14). shared/reconcile's functions depend only on the
 * set of events given, so each answer is the same as over every event:
 *
 * - double handouts: the handouts of the groups the aggregates' conflict
 *   index names (every round and household with two or more effective
 *   handouts), with every void, correction and resolution (a few per round:
 *   the lead's decisions);
 * - a day's close: the day's events (its root covers exactly those), with
 *   every void and correction (the day's figures take those dated up to its
 *   end).
 */
import { CONFLICTS_KEY, type ConflictIndex } from '../../../../shared/aggregates';
import type { VerifiedEvent } from '../../../../shared/events';
import { storedEvent } from '../../db/event-doc';
import type { KitContext } from '../context';

async function ofTypes(ctx: KitContext, types: readonly string[]): Promise<VerifiedEvent[]> {
  const lists = await Promise.all(types.map((type) => ctx.db.events.find({ selector: { type } }).exec()));
  return lists.flat().map((d) => storedEvent(d.toMutableJSON()));
}

/** The handouts of every double-handout group, and the decisions that may settle or change them. */
export async function conflictEvidence(ctx: KitContext): Promise<VerifiedEvent[]> {
  const index = (await ctx.writer.aggregates.get([CONFLICTS_KEY])).get(CONFLICTS_KEY) as ConflictIndex | undefined;
  const groups = await Promise.all(
    (index?.groups ?? []).map(async (group) => {
      const [round, household] = group.split('\u0000') as [string, string];
      return ctx.db.events.find({ selector: { household, round, type: 'handout' } }).exec();
    }),
  );
  return [...groups.flat().map((d) => storedEvent(d.toMutableJSON())), ...(await ofTypes(ctx, ['void', 'correction', 'resolution']))];
}

/** The day's events, and the amendments that may change its figures. */
export async function dayEvidence(ctx: KitContext, day: string): Promise<VerifiedEvent[]> {
  const docs = await ctx.db.events.find({ selector: { day } }).exec();
  const amendments = (await ofTypes(ctx, ['void', 'correction'])).filter((e) => e.event.at.slice(0, 10) !== day);
  return [...docs.map((d) => storedEvent(d.toMutableJSON())), ...amendments];
}
