/**
 * Where the reconciliation reads its evidence in the kit (issue 14):
 * shared/aggregates' `conflictEvidence` and `dayEvidence` say which events
 * a question depends on; this answers their reads from RxDB, each by key or
 * by index, so none of them reads every amendment in the log:
 *
 * - aggregates by key (the conflict index, the records' `namedBy`);
 * - events by id (the decisions those name);
 * - a group's handouts on the `household, round, type` index;
 * - a day's events on the `day, type` index.
 */
import type { EvidenceSource } from '../../../../shared/aggregates';
import type { VerifiedEvent } from '../../../../shared/events';
import type { AggregateStore } from '../../db/aggregate-store';
import type { EventDoc, KitDatabase } from '../../db/database';
import { storedEvent } from '../../db/event-doc';

const verified = (docs: readonly { toMutableJSON(): EventDoc }[]): VerifiedEvent[] => docs.map((d) => storedEvent(d.toMutableJSON()));

export function evidenceSource(db: KitDatabase, aggregates: AggregateStore): EvidenceSource {
  return {
    docs: (keys) => aggregates.get(keys),
    events: async (ids) => new Map(verified([...(await db.events.findByIds([...ids]).exec()).values()]).map((e) => [e.id, e])),
    handouts: async (round, household) => verified(await db.events.find({ selector: { household, round, type: 'handout' } }).exec()),
    eventsOn: async (day) => verified(await db.events.find({ selector: { day } }).exec()),
  };
}
