import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tally } from '../distribution/tally';
import { testDevice } from '../distribution/test-events';
import type { VerifiedEvent } from '../events/verify';
import { aggregateBatch } from './batch';
import { CONFLICTS_KEY, type ConflictIndex, type DayTotals, type DeviceChain } from './documents';
import { MemoryAggregates } from './memory-store';
import { stockReportFromTotals, tallyFromTotals } from './read';
import { deliveries, history, order, recomputation, record, sizes } from './test-histories';

async function store(aggregates: MemoryAggregates, batch: readonly VerifiedEvent[]): Promise<void> {
  for (const e of batch) aggregates.log.set(e.id, e);
  aggregates.write(await aggregateBatch(aggregates, batch));
}

/** What the screens read from the aggregates equals what the pure functions compute from every event held. */
function expectRecomputed(aggregates: MemoryAggregates): void {
  const groups = (aggregates.docsByKey.get(CONFLICTS_KEY) as ConflictIndex | undefined)?.groups ?? [];
  const { actual, expected } = recomputation([...aggregates.log.values()], aggregates.withPrefix<DayTotals>('day:'), aggregates.withPrefix<DeviceChain>('dev:'), groups);
  expect(actual).toEqual(expected);
}

describe('maintained aggregates', () => {
  it('equal a full recomputation from the log after every batch, whatever order and batches the events arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(history, order, sizes, async (steps, permutation, batchSizes) => {
        const aggregates = new MemoryAggregates();
        for (const batch of deliveries(record(steps), permutation, batchSizes)) {
          await store(aggregates, batch);
          expectRecomputed(aggregates);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('come out the same when a batch is applied after a crash left it out, before the next', async () => {
    await fc.assert(
      fc.asyncProperty(history, order, sizes, fc.nat(), async (steps, permutation, batchSizes, crashAt) => {
        const batches = deliveries(record(steps), permutation, batchSizes);
        const crashed = crashAt % batches.length;
        const aggregates = new MemoryAggregates();
        for (const [i, batch] of batches.entries()) {
          if (i !== crashed) {
            await store(aggregates, batch);
            continue;
          }
          // The events were written, the aggregates' transaction never was; repair at start-up applies the batch from its journal.
          for (const e of batch) aggregates.log.set(e.id, e);
          const lost = await aggregateBatch(aggregates, batch);
          expect(lost.size).toBeGreaterThan(0);
          aggregates.write(await aggregateBatch(aggregates, batch));
        }
        expectRecomputed(aggregates);
      }),
      { numRuns: 100 },
    );
  });

  it('count a void that arrives before its handout, and a void of a correction that arrives before the correction', async () => {
    const lead = testDevice();
    const field = testDevice();
    const handout = field.handout('HH-AAAA', { items: [{ code: 'RICE', qty: 10, unit: 'kg' }] }, { at: '2026-11-24T09:00:00.000Z', round: 'R1' });
    const correction = lead.correction(handout.id, { items: [{ code: 'RICE', qty: 4, unit: 'kg' }] }, { at: '2026-11-24T10:00:00.000Z' });
    const voidOfCorrection = lead.void(correction.id, { at: '2026-11-24T11:00:00.000Z' });
    const aggregates = new MemoryAggregates();
    await store(aggregates, [voidOfCorrection]);
    await store(aggregates, [correction]);
    await store(aggregates, [handout]);
    expectRecomputed(aggregates);
    const days = aggregates.withPrefix<DayTotals>('day:');
    expect(tallyFromTotals('2026-11-24', days)).toMatchObject({ ok: true, value: { handouts: 1, byItem: [{ code: 'RICE', qty: 10, unit: 'kg' }] } });
    await store(aggregates, [lead.void(handout.id, { at: '2026-11-24T12:00:00.000Z' })]);
    expect(tallyFromTotals('2026-11-24', aggregates.withPrefix<DayTotals>('day:'))).toMatchObject({ ok: true, value: { handouts: 0, byItem: [] } });
    expect(aggregates.withPrefix('hh:')).toEqual([]);
  });

  it('say overflow where the tally does, for cash totals past 2^53 − 1', async () => {
    const device = testDevice();
    const huge = { amount: Number.MAX_SAFE_INTEGER, currency: 'USD' };
    const events = [device.handout('HH-AAAA', { cash: huge }), device.handout('HH-BBBB', { cash: huge })];
    const aggregates = new MemoryAggregates();
    await store(aggregates, events);
    const days = aggregates.withPrefix<DayTotals>('day:');
    expect(tallyFromTotals('2026-11-24', days)).toMatchObject({ ok: false, code: 'overflow' });
    expect(tally(events, { day: '2026-11-24' })).toMatchObject({ ok: false, code: 'overflow' });
    expect(stockReportFromTotals(days)).toMatchObject({ ok: false, code: 'overflow' });
  });
});
