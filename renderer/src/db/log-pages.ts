/**
 * The log read a page at a time, device by device in chain order, through
 * the (device, seq) index: how the aggregates are built and repaired
 * without holding every event at once. The next device is the first one
 * after the last, found by the same index.
 */
import type { VerifiedEvent } from '../../../shared/events';
import type { KitDatabase } from './database';
import { storedEvent } from './event-doc';

const PAGE = 2_000;

/** Every device with an event in the log, in order. */
export async function* logDevices(db: KitDatabase): AsyncGenerator<string> {
  let device = '';
  for (;;) {
    const [first] = await db.events.find({ selector: { device: { $gt: device } }, sort: [{ device: 'asc' }, { seq: 'asc' }], limit: 1 }).exec();
    if (first === undefined) return;
    device = first.device;
    yield device;
  }
}

/** The device's events with seq in [from, to], in pages of chain order. */
export async function* devicePages(db: KitDatabase, device: string, from = 1, to = Number.MAX_SAFE_INTEGER, page = PAGE): AsyncGenerator<VerifiedEvent[]> {
  let after = from - 1;
  for (;;) {
    const docs = await db.events.find({ selector: { device, seq: { $gt: after, $lte: to } }, sort: [{ device: 'asc' }, { seq: 'asc' }], limit: page }).exec();
    if (docs.length === 0) return;
    yield docs.map((d) => storedEvent(d.toMutableJSON()));
    after = docs.at(-1)!.seq;
    if (docs.length < page) return;
  }
}

/** The whole log, a device's chain after another. */
export async function* logPages(db: KitDatabase, page = PAGE): AsyncGenerator<VerifiedEvent[]> {
  for await (const device of logDevices(db)) yield* devicePages(db, device, 1, Number.MAX_SAFE_INTEGER, page);
}
