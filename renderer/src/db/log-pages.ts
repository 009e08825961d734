/**
 * The whole log a page at a time, device by device in chain order: how the
 * aggregates are rebuilt without holding every event at once. Each page is
 * one range read of the (device, seq) index; the next device is the first
 * one after the last, found by the same index.
 */
import type { VerifiedEvent } from '../../../shared/events';
import type { KitDatabase } from './database';
import { storedEvent } from './event-doc';

const PAGE = 2_000;

export async function* logPages(db: KitDatabase, page = PAGE): AsyncGenerator<VerifiedEvent[]> {
  let device = '';
  for (;;) {
    const [first] = await db.events.find({ selector: { device: { $gt: device } }, sort: [{ device: 'asc' }, { seq: 'asc' }], limit: 1 }).exec();
    if (first === undefined) return;
    device = first.device;
    let after = 0;
    for (;;) {
      const docs = await db.events.find({ selector: { device, seq: { $gt: after } }, sort: [{ device: 'asc' }, { seq: 'asc' }], limit: page }).exec();
      if (docs.length === 0) break;
      yield docs.map((d) => storedEvent(d.toMutableJSON()));
      after = docs.at(-1)!.seq;
      if (docs.length < page) break;
    }
  }
}
