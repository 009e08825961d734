import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { CONFLICTS_KEY, DAY_KEYS, DEVICE_KEYS, recordKey, type ConflictIndex, type DayTotals, type DeviceChain } from '../../../shared/aggregates';
import { deliveries, history, order, recomputation, record, sizes } from '../../../shared/aggregates/test-histories';
import { testDevice } from '../../../shared/distribution/test-events';
import type { VerifiedEvent } from '../../../shared/events';
import { AggregateStore } from './aggregate-store';
import { openKitDatabase, type KitDatabase } from './database';
import { storedEvent } from './event-doc';
import { EventWriter } from './event-writer';
import { repairLog } from './repair';

const open = (name = `aggregates-${crypto.randomUUID()}`) => openKitDatabase(name, getRxStorageDexie());

/** The aggregates as the screens read them, against the pure functions over every event in the log. */
async function expectRecomputed(db: KitDatabase, store: AggregateStore): Promise<void> {
  const events = (await db.events.find().exec()).map((d) => storedEvent(d.toMutableJSON()));
  const groups = ((await store.get([CONFLICTS_KEY])).get(CONFLICTS_KEY) as ConflictIndex | undefined)?.groups ?? [];
  const { actual, expected } = recomputation(
    events,
    await store.range<DayTotals>(DAY_KEYS.from, DAY_KEYS.to),
    await store.range<DeviceChain>(DEVICE_KEYS.from, DEVICE_KEYS.to),
    groups,
  );
  expect(actual).toEqual(expected);
}

/** A store whose aggregate transaction fails once, on its `crashAt`-th batch: the events are written, the aggregates are not. */
function crashingStore(db: KitDatabase, crashAt: number): AggregateStore {
  let batch = 0;
  return new AggregateStore(db, () => {
    if (batch++ === crashAt) throw new Error('simulated crash between the events and their aggregates');
  });
}

describe('the aggregates in RxDB', () => {
  it('equal a full recomputation after a crash between the events and their aggregates, once the kit starts again', async () => {
    await fc.assert(
      fc.asyncProperty(history, order, sizes, fc.nat(), async (steps, permutation, batchSizes, crash) => {
        const name = `aggregates-${crypto.randomUUID()}`;
        const batches = deliveries(record(steps), permutation, batchSizes);
        const crashAt = crash % batches.length;
        let db = await open(name);
        const writer = new EventWriter(db, crashingStore(db, crashAt));
        for (const [i, batch] of batches.entries()) {
          if (i === crashAt) {
            await expect(writer.write(batch)).rejects.toThrow(/simulated crash/);
            // The app dies here; it starts again on the same profile.
            await db.close();
            db = await open(name);
            const store = new AggregateStore(db);
            expect(await repairLog(db, store)).toEqual({ events: batch.length, built: 0 });
            await expectRecomputed(db, store);
            for (const rest of batches.slice(i + 1)) await new EventWriter(db, store).write(rest);
            await expectRecomputed(db, store);
            break;
          }
          await writer.write(batch);
        }
        await db.close();
      }),
      { numRuns: 25 },
    );
  });

  it('aggregate a batch whose aggregate write failed before the next batch of the same session, and leave its events out until then', async () => {
    const db = await open();
    const store = crashingStore(db, 0);
    const writer = new EventWriter(db, store);
    const field = testDevice();
    const lead = testDevice();
    const handout = field.handout('HH-AAAA', { items: [{ code: 'RICE', qty: 10, unit: 'kg' }] }, { round: 'R1' });
    await expect(writer.write([handout])).rejects.toThrow(/simulated crash/);
    expect(store.needsRepair).toBe(true);
    expect(await store.range(DAY_KEYS.from, DAY_KEYS.to)).toEqual([]);
    // The void arrives next: its batch first aggregates the handout, then takes it back.
    await writer.write([lead.void(handout.id)]);
    expect(store.needsRepair).toBe(false);
    await expectRecomputed(db, store);
    expect(await store.range(DAY_KEYS.from, DAY_KEYS.to)).toEqual([]);
    await db.close();
  });

  it('leave a stored event the chains lack out of what later batches read, until repair aggregates it', async () => {
    const db = await open();
    const store = crashingStore(db, 0);
    const field = testDevice();
    const lead = testDevice();
    const handout = field.handout('HH-AAAA', { items: [{ code: 'RICE', qty: 10, unit: 'kg' }] }, { round: 'R1' });
    await expect(new EventWriter(db, store).write([handout])).rejects.toThrow(/simulated crash/);
    // Another writer over the same profile (the page reloaded before repair ran) stores the void.
    const later = new AggregateStore(db);
    await new EventWriter(db, later).write([lead.void(handout.id)]);
    // The void did not take back a handout the totals never held.
    expect(await later.range(DAY_KEYS.from, DAY_KEYS.to)).toEqual([]);
    expect(await repairLog(db, later)).toEqual({ events: 1, built: 0 });
    await expectRecomputed(db, later);
    expect(await later.range(DAY_KEYS.from, DAY_KEYS.to)).toEqual([]);
    await db.close();
  });

  it('are built from the log, once, on a profile from before they existed', async () => {
    const db = await open();
    const device = testDevice();
    const events: VerifiedEvent[] = [
      device.stock('received', [{ code: 'RICE', qty: 500, unit: 'kg' }]),
      device.handout('HH-AAAA', { items: [{ code: 'RICE', qty: 10, unit: 'kg' }] }, { round: 'R1' }),
      device.handout('HH-AAAA', { items: [{ code: 'RICE', qty: 10, unit: 'kg' }] }, { round: 'R1' }),
    ];
    const writer = new EventWriter(db);
    await writer.write(events);
    // What an older version left: the log, and no aggregates at all.
    await db.aggregates.find().remove();
    const store = new AggregateStore(db);
    expect(await store.isBuilt()).toBe(false);
    expect(await repairLog(db, store)).toEqual({ events: 0, built: 3 });
    await expectRecomputed(db, store);
    expect(await repairLog(db, store)).toEqual({ events: 0, built: 0 });
    await db.close();
  });

  it('are built again, once, on a profile whose aggregates an older version built (records without namedBy)', async () => {
    const db = await open();
    const field = testDevice();
    const lead = testDevice();
    const handout = field.handout('HH-AAAA', { items: [{ code: 'RICE', qty: 10, unit: 'kg' }] }, { round: 'R1' });
    const voided = lead.void(handout.id);
    await new EventWriter(db).write([handout, voided]);
    // What version 1 left: the same documents, records without `namedBy`, marked version 1.
    for (const doc of await db.aggregates.find().exec()) {
      const { key, value } = doc.toMutableJSON() as { key: string; value: Record<string, unknown> };
      if (key === 'state') await doc.incrementalPatch({ value: { ...value, version: 1 } });
      if (key.startsWith('rec:')) await doc.incrementalPatch({ value: { ...value, namedBy: undefined } });
    }
    const store = new AggregateStore(db);
    expect(await store.buildState()).toBe('outdated');
    expect(await repairLog(db, store)).toEqual({ events: 0, built: 2 });
    expect(await store.buildState()).toBe('current');
    expect((await store.get([recordKey(handout.id)])).get(recordKey(handout.id))).toMatchObject({ voided: true, namedBy: [voided.id] });
    await expectRecomputed(db, store);
    expect(await repairLog(db, store)).toEqual({ events: 0, built: 0 });
    await db.close();
  });

  it('count an event the log held already once, and repair nothing after a clean write', async () => {
    const db = await open();
    const store = new AggregateStore(db);
    const writer = new EventWriter(db, store);
    const device = testDevice();
    const batch = [device.handout('HH-AAAA', { cash: { amount: 500, currency: 'USD' } })];
    expect((await writer.write(batch)).stored).toHaveLength(1);
    expect(await writer.write(batch)).toEqual({ stored: [], duplicates: 1 });
    expect(await repairLog(db, store)).toEqual({ events: 0, built: 0 });
    await expectRecomputed(db, store);
    await db.close();
  });
});
