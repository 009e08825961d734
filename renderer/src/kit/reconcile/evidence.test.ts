import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { conflictEvidence, dayEvidence } from '../../../../shared/aggregates';
import { deliveries, order, sizes } from '../../../../shared/aggregates/test-histories';
import { compareDayClose, dayClose, doubleHandouts } from '../../../../shared/reconcile';
import { DAYS, histories } from '../../../../shared/reconcile/test-histories';
import { AggregateStore } from '../../db/aggregate-store';
import { openKitDatabase } from '../../db/database';
import { storedEvent } from '../../db/event-doc';
import { EventWriter } from '../../db/event-writer';
import { evidenceSource } from './evidence';

const SITE = 'camp-1';

describe('the reconciliation evidence in RxDB', () => {
  it('gives the answers of the whole log: double handouts, each day close and its comparison', async () => {
    await fc.assert(
      fc.asyncProperty(histories, order, sizes, async ({ events }, permutation, batchSizes) => {
        const db = await openKitDatabase(`evidence-${crypto.randomUUID()}`, getRxStorageDexie());
        try {
          const store = new AggregateStore(db);
          const writer = new EventWriter(db, store);
          const source = evidenceSource(db, store);
          const batches = deliveries(events, permutation, batchSizes);
          // A close signed on the first batch only, so comparisons see missing events and changed figures.
          await writer.write(batches[0] ?? []);
          const closes = DAYS.map((day) => dayClose(batches[0] ?? [], { site: SITE, day }));
          for (const batch of batches.slice(1)) await writer.write(batch);
          const all = (await db.events.find().exec()).map((d) => storedEvent(d.toMutableJSON()));
          expect(doubleHandouts(await conflictEvidence(source))).toEqual(doubleHandouts(all));
          for (const [i, day] of DAYS.entries()) {
            const evidence = await dayEvidence(source, day);
            expect(dayClose(evidence, { site: SITE, day })).toEqual(dayClose(all, { site: SITE, day }));
            const close = closes[i]!;
            if (close.ok) expect(compareDayClose(close.value, evidence)).toEqual(compareDayClose(close.value, all));
          }
        } finally {
          await db.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
