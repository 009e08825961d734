/**
 * The views derived from the event log (DESIGN.md principle 1: state is
 * derived from events). Writing an event and its view row are two writes; a
 * crash between them leaves the event without its row, so the views are
 * checked at start-up and rebuilt from the log where they fall short.
 */
import type { VerifiedEvent } from '../../../shared/events';
import type { HouseholdDoc, KitDatabase } from './database';

/** Households from enrolments, card state from issued credentials. */
export async function projectViews(db: KitDatabase, events: readonly VerifiedEvent[]): Promise<void> {
  const households: HouseholdDoc[] = [];
  for (const { id, event } of events) {
    if (event.type === 'enrolment') {
      const { household, site, size, pii } = event.body;
      households.push({ id: household, site, size, enrolledAt: event.at, enrolment: id, pii, card: '', cardValidUntil: '', cardStatusIndex: -1 });
    }
  }
  if (households.length > 0) await db.households.bulkInsert(households);
  for (const { event } of events) {
    if (event.type !== 'credential-issued') continue;
    const doc = await db.households.findOne(event.body.household).exec();
    if (doc !== null && doc.cardValidUntil <= (event.body.validUntil ?? '')) {
      await doc.incrementalPatch({ card: event.body.credential, cardValidUntil: event.body.validUntil ?? '' });
    }
  }
}

/** Rebuilds the households an interrupted write left out; answers how many. Cheap when nothing is missing. */
export async function repairViews(db: KitDatabase): Promise<number> {
  const enrolments = await db.events.count({ selector: { type: 'enrolment' } }).exec();
  if (enrolments === (await db.households.count().exec())) return 0;
  const docs = (await db.events.find({ selector: { type: 'enrolment' } }).exec()).map((d) => d.toMutableJSON());
  const present = await db.households.findByIds(docs.map((d) => d.household)).exec();
  const missing = docs.filter((d) => !present.has(d.household)).map(({ id, event }) => ({ id, event }));
  await projectViews(db, missing);
  const cards = (await db.events.find({ selector: { type: 'credential-issued' } }).exec())
    .map((d) => d.toMutableJSON())
    .filter((d) => missing.some((m) => m.event.type === 'enrolment' && m.event.body.household === d.household));
  await projectViews(db, cards.map(({ id, event }) => ({ id, event })));
  return missing.length;
}
