/**
 * What the reports read, by index rather than the whole log where the
 * figures allow (issue 14):
 *
 * - the distribution report: the handouts of the day (day, type) or of
 *   every day (type, at), with every void and correction (a few: the lead's
 *   decisions), which may amend them whenever they were made, as in the
 *   tally; and the sizes of just the households reached;
 * - the stock report: the maintained day totals up to the day, as the tally
 *   reads them;
 * - the household list: every household's view row (it lists them all) and
 *   its record, opened by this laptop's vault.
 */
import { DAY_KEYS, dayKey, tallyFromTotals, type DayTotals } from '../../../../shared/aggregates';
import type { StockLine } from '../../../../shared/distribution';
import type { VerifiedEvent } from '../../../../shared/events';
import type { SealedBlob } from '../../../../shared/ipc';
import type { HouseholdRow, OpenedRecord } from '../../../../shared/reports';
import { ok, type Result } from '../../../../shared/result';
import { storedEvent } from '../../db/event-doc';
import type { KitContext } from '../context';
import { openRecords } from '../households/records';

async function ofType(ctx: KitContext, type: string, day?: string): Promise<VerifiedEvent[]> {
  const docs = await ctx.db.events.find({ selector: day === undefined ? { type } : { day, type } }).exec();
  return docs.map((d) => storedEvent(d.toMutableJSON()));
}

/** The handouts of `day` (every day without it) and every amendment that may change them. */
export async function handoutEvidence(ctx: KitContext, day?: string): Promise<VerifiedEvent[]> {
  const [handouts, voids, corrections] = await Promise.all([ofType(ctx, 'handout', day), ofType(ctx, 'void'), ofType(ctx, 'correction')]);
  return [...handouts, ...voids, ...corrections];
}

/** The size of each of these households this laptop holds (the latest correction's, or the enrolment's). */
export async function householdSizes(ctx: KitContext, households: ReadonlySet<string>): Promise<Map<string, number>> {
  const docs = await ctx.db.households.findByIds([...households]).exec();
  return new Map([...docs.values()].map((d) => [d.id, d.size]));
}

/** Stock per item up to the end of `day`: the tally's stock lines, from the maintained totals. */
export async function stockUpTo(ctx: KitContext, day: string): Promise<Result<StockLine[], 'overflow' | 'bad-options'>> {
  const result = tallyFromTotals(day, await ctx.writer.aggregates.range<DayTotals>(DAY_KEYS.from, `${dayKey(day)}\u0000`));
  return result.ok ? ok([...result.value.stock]) : result;
}

/** Every household's view row, and its record opened (or `sealed-elsewhere`), in `vault:open-many` calls (issue 14). */
export async function householdsWithRecords(ctx: KitContext): Promise<{ rows: HouseholdRow[]; records: Map<string, OpenedRecord> }> {
  const docs = (await ctx.db.households.find().exec()).map((d) => d.toMutableJSON());
  const rows = docs.map((d) => ({ id: d.id, site: d.site, size: d.size, enrolledAt: d.enrolledAt, hasCard: d.card !== '', cardValidUntil: d.cardValidUntil }));
  const opened = await openRecords(ctx, docs.map((doc) => ({ household: doc.id, blob: doc.pii as SealedBlob })));
  const records = new Map<string, OpenedRecord>();
  docs.forEach((doc, i) => {
    const record = opened[i]!;
    records.set(doc.id, record.ok ? record.value : 'sealed-elsewhere');
  });
  return { rows, records };
}
