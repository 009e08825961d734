/**
 * The views derived from the event log (DESIGN.md principle 1: state is
 * derived from events). `projectViews` is the only code that writes a view
 * row, for every event whatever its source (event-writer.ts calls it in the
 * same write as the events). Writing an event and its view row are still two
 * IndexedDB writes; a crash between them leaves the event without its row, so
 * start-up repair projects the missing ones with the same function.
 */
import type { EventOfType, VerifiedEvent } from '../../../shared/events';
import type { HouseholdDoc, KitDatabase } from './database';
import { storedEvent } from './event-doc';

type CardEvent = EventOfType<'credential-issued'>;

/** The row an enrolment makes: no card yet. */
function householdRow(id: string, event: EventOfType<'enrolment'>): HouseholdDoc {
  const { household, site, size, pii } = event.body;
  return { id: household, site, size, enrolledAt: event.at, enrolment: id, pii, card: '', cardValidUntil: '', cardStatusIndex: -1 };
}

/** A card's fields on its household's row; the card valid longest wins, whatever order the events came in. */
function cardFields(event: CardEvent): Pick<HouseholdDoc, 'card' | 'cardValidUntil' | 'cardStatusIndex'> {
  return { card: event.body.credential, cardValidUntil: event.body.validUntil ?? '', cardStatusIndex: event.body.status?.index ?? -1 };
}

/** Households from enrolments, card state from issued credentials. */
export async function projectViews(db: KitDatabase, events: readonly VerifiedEvent[]): Promise<void> {
  const households = events.flatMap(({ id, event }) => (event.type === 'enrolment' ? [householdRow(id, event)] : []));
  if (households.length > 0) {
    const { error } = await db.households.bulkInsert(households);
    // 409: the household has a row already (projected before a crash, or an
    // earlier enrolment of the same id): the first enrolment keeps it.
    if (error.some((e) => e.status !== 409)) throw new Error(`could not store households: ${error.find((e) => e.status !== 409)!.status}`);
  }
  for (const { event } of events) {
    // The latest correction of the record stands, whatever order they arrive in.
    if (event.type !== 'household-update') continue;
    const doc = await db.households.findOne(event.body.household).exec();
    const updates = await db.events.find({ selector: { household: event.body.household, type: 'household-update' } }).exec();
    const latest = updates.map((d) => d.toMutableJSON().event).reduce<VerifiedEvent['event'] | undefined>((a, e) => (a === undefined || e.at > a.at ? e : a), undefined);
    if (doc !== null && latest?.type === 'household-update') await doc.incrementalPatch({ pii: latest.body.pii, size: latest.body.size });
  }
  for (const { event } of events) {
    if (event.type !== 'credential-issued') continue;
    const doc = await db.households.findOne(event.body.household).exec();
    if (doc !== null && doc.cardValidUntil <= (event.body.validUntil ?? '')) await doc.incrementalPatch(cardFields(event));
  }
}

/** Rebuilds the households an interrupted write left out; answers how many. Cheap when nothing is missing. */
export async function repairViews(db: KitDatabase): Promise<number> {
  const enrolments = await db.events.count({ selector: { type: 'enrolment' } }).exec();
  if (enrolments === (await db.households.count().exec())) return 0;
  const docs = (await db.events.find({ selector: { type: 'enrolment' } }).exec()).map((d) => d.toMutableJSON());
  const present = await db.households.findByIds(docs.map((d) => d.household)).exec();
  const missing = docs.filter((d) => !present.has(d.household));
  const households = new Set(missing.map((d) => d.household));
  const cards = (await db.events.find({ selector: { type: { $in: ['credential-issued', 'household-update'] } } }).exec())
    .map((d) => d.toMutableJSON())
    .filter((d) => households.has(d.household));
  await projectViews(db, [...missing, ...cards].map(storedEvent));
  return missing.length;
}
