/**
 * The aggregates a batch of newly stored events changes (issue 14: "updated
 * in the same write as the events they summarise"). Reads only the documents
 * the batch touches, in four bulk reads at most, whatever the log's size:
 *
 * 1. the amendment state of each handout, stock movement and correction of
 *    the batch, and of every event a void, correction or resolution of the
 *    batch names; the device chains of the batch's devices;
 * 2. for a void of a correction stored earlier, the state of the event that
 *    correction corrects;
 * 3. the stored events whose amendments changed (a void of an older handout);
 * 4. the day and household totals their contributions move.
 *
 * Each amended record's contribution is taken back as it was and added as it
 * is now, so the order events arrive in (a void before its target, say)
 * changes nothing: the totals are always those of the set of events stored.
 * Each event named by a void, correction or resolution keeps their ids
 * (`RecordState.namedBy`), so the reconciliation reads the decisions about
 * the records it shows, not every decision in the log (./evidence.ts).
 * The caller writes the answer in one transaction (renderer/src/db/aggregate-store.ts).
 */
import type { VerifiedEvent } from '../events/verify';
import { contribution, type Contribution } from './contribution';
import {
  CONFLICTS_KEY,
  dayKey,
  deviceKey,
  householdKey,
  recordKey,
  type AggregateDoc,
  type ConflictIndex,
  type DayTotals,
  type DeviceChain,
  type HouseholdTotals,
  type RecordState,
} from './documents';
import { addToRanges } from './ranges';
import { applyContribution, emptyDay, emptyHousehold, isEmptyDay, isEmptyHousehold, type WorkingDay, type WorkingHousehold } from './totals';

/** Where a batch reads what was stored before it. */
export interface AggregateSource {
  /** The aggregate documents of these keys that exist. */
  docs(keys: readonly string[]): Promise<ReadonlyMap<string, AggregateDoc>>;
  /** The stored events of these ids. */
  events(ids: readonly string[]): Promise<ReadonlyMap<string, VerifiedEvent>>;
}

/** Documents to write (null: delete), by key. */
export type AggregateWrites = Map<string, AggregateDoc | null>;

type WorkingRecord = { -readonly [K in keyof RecordState]: K extends 'corrections' | 'namedBy' ? RecordState[K][number][] : RecordState[K] };

const clone = <T>(doc: T): T => JSON.parse(JSON.stringify(doc)) as T;

class Working {
  /** As stored before the batch. */
  readonly stored = new Map<string, AggregateDoc>();
  /** Changed in this batch (null: to delete). */
  readonly changed = new Map<string, AggregateDoc | null>();
  private readonly asked = new Set<string>();

  constructor(private readonly source: AggregateSource) {}

  async load(keys: Iterable<string>): Promise<void> {
    const fresh = [...new Set(keys)].filter((k) => !this.asked.has(k));
    if (fresh.length === 0) return;
    for (const key of fresh) this.asked.add(key);
    for (const [key, doc] of await this.source.docs(fresh)) this.stored.set(key, doc);
  }

  /** The document as it is now in this batch. */
  current<T extends AggregateDoc>(key: string): T | undefined {
    const doc = this.changed.has(key) ? this.changed.get(key) : this.stored.get(key);
    return (doc ?? undefined) as T | undefined;
  }

  /** A working copy to change, made from the current document or `empty`. */
  edit<T extends AggregateDoc>(key: string, empty: () => T): T {
    const changed = this.changed.get(key);
    if (changed) return changed as T;
    const current = this.stored.get(key);
    const copy = current === undefined ? empty() : clone(current as T);
    this.changed.set(key, copy);
    return copy;
  }
}

const emptyRecord = (id: string): WorkingRecord => ({ kind: 'record', id, target: '', voided: false, corrections: [], namedBy: [] });

/** `target`'s record notes that the void, correction or resolution `by` names it (once, sorted), whatever becomes of either. */
function nameBy(w: Working, target: string, by: string): void {
  const record = w.edit<WorkingRecord>(recordKey(target), () => emptyRecord(target));
  if (!record.namedBy.includes(by)) record.namedBy = [...record.namedBy, by].sort();
}

export async function aggregateBatch(source: AggregateSource, events: readonly VerifiedEvent[]): Promise<AggregateWrites> {
  const w = new Working(source);
  const inBatch = new Map(events.map((e) => [e.id, e]));

  // 1. What the batch's records and amendments touch.
  const first = new Set<string>();
  for (const { id, event } of events) {
    first.add(deviceKey(event.device));
    if (event.type === 'handout' || event.type === 'stock' || event.type === 'correction') first.add(recordKey(id));
    if (event.type === 'void' || event.type === 'correction') first.add(recordKey(event.body.target));
    if (event.type === 'resolution') for (const h of event.body.handouts) first.add(recordKey(h));
  }
  await w.load(first);
  // 2. A void of a correction stored before amends what that correction corrects.
  await w.load(
    events.flatMap(({ event }) => {
      const target = event.type === 'void' ? w.current<RecordState>(recordKey(event.body.target))?.target : '';
      return target ? [recordKey(target)] : [];
    }),
  );

  const seqs = new Map<string, number[]>();
  for (const { event } of events) {
    const list = seqs.get(event.device) ?? [];
    list.push(event.seq);
    seqs.set(event.device, list);
  }
  for (const [device, list] of seqs) {
    const ranges = w.current<DeviceChain>(deviceKey(device))?.ranges ?? [];
    w.changed.set(deviceKey(device), { kind: 'device', device, ranges: addToRanges(ranges, list) });
  }

  const affected = new Set<string>();
  for (const { id, event } of events) {
    if (event.type === 'handout' || event.type === 'stock') affected.add(id);
    if (event.type === 'void' || event.type === 'correction') nameBy(w, event.body.target, id);
    // A resolution changes no totals: its handouts only keep its id.
    if (event.type === 'resolution') for (const h of event.body.handouts) nameBy(w, h, id);
    if (event.type === 'correction') {
      const target = event.body.target;
      const own = w.edit<WorkingRecord>(recordKey(id), () => emptyRecord(id));
      own.target = target;
      if (!own.voided) {
        const { items = [], cash } = event.body;
        w.edit<WorkingRecord>(recordKey(target), () => emptyRecord(target)).corrections.push({ id, at: event.at, items, ...(cash !== undefined && { cash }) });
        affected.add(target);
      }
    }
    if (event.type === 'void') {
      const target = event.body.target;
      const record = w.edit<WorkingRecord>(recordKey(target), () => emptyRecord(target));
      record.voided = true;
      affected.add(target);
      // A voided correction no longer applies to what it corrected.
      const corrected = record.target && w.current<RecordState>(recordKey(record.target)) ? record.target : '';
      if (corrected) {
        const state = w.edit<WorkingRecord>(recordKey(corrected), () => emptyRecord(corrected));
        state.corrections = state.corrections.filter((c) => c.id !== target);
        affected.add(corrected);
      }
    }
  }

  // 3. The stored records whose amendments changed.
  const older = [...affected].filter((id) => !inBatch.has(id));
  const stored = older.length === 0 ? new Map<string, VerifiedEvent>() : await source.events(older);
  const moves: { c: Contribution; sign: 1 | -1 }[] = [];
  for (const id of affected) {
    const event = inBatch.get(id) ?? stored.get(id);
    if (event === undefined) continue; // amended before it arrived: its state waits for it
    const key = recordKey(id);
    const before = inBatch.has(id) ? undefined : contribution(event, w.stored.get(key) as RecordState | undefined);
    const after = contribution(event, w.current<RecordState>(key));
    if (before !== undefined) moves.push({ c: before, sign: -1 });
    if (after !== undefined) moves.push({ c: after, sign: 1 });
  }

  // 4. The totals they move.
  await w.load([CONFLICTS_KEY, ...moves.flatMap(({ c }) => [dayKey(c.day), ...(c.kind === 'handout' ? [householdKey(c.household)] : [])])]);
  const initial = w.current<ConflictIndex>(CONFLICTS_KEY)?.groups ?? [];
  const conflicts = new Set(initial);
  for (const { c, sign } of moves) {
    const day = w.edit<DayTotals>(dayKey(c.day), () => emptyDay(c.day)) as WorkingDay;
    const household = (c.kind === 'handout' ? w.edit<HouseholdTotals>(householdKey(c.household), () => emptyHousehold(c.household)) : emptyHousehold('')) as WorkingHousehold;
    applyContribution(c, sign, { day, household, conflicts });
  }
  const groups = [...conflicts].sort();
  if (groups.length !== initial.length || groups.some((g, i) => g !== initial[i])) w.changed.set(CONFLICTS_KEY, { kind: 'conflicts', groups });

  for (const [key, doc] of w.changed) {
    if (doc?.kind === 'day' && isEmptyDay(doc as WorkingDay)) w.changed.set(key, null);
    if (doc?.kind === 'household' && isEmptyHousehold(doc as WorkingHousehold)) w.changed.set(key, null);
  }
  return w.changed;
}
