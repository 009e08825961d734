import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDevice } from '../distribution/test-events';
import type { VerifiedEvent } from '../events/verify';
import { compareDayClose, dayClose, doubleHandouts, type DayCloseBody } from '../reconcile';
import { histories } from '../reconcile/test-histories';
import { aggregateBatch } from './batch';
import { conflictEvidence, dayEvidence } from './evidence';
import { MemoryAggregates } from './memory-store';
import { DAYS, deliveries, history, order, record, sizes } from './test-histories';

const SITE = 'camp-1';

async function store(aggregates: MemoryAggregates, batch: readonly VerifiedEvent[]): Promise<void> {
  for (const e of batch) aggregates.log.set(e.id, e);
  aggregates.write(await aggregateBatch(aggregates, batch));
}

/**
 * shared/reconcile's answers over the evidence equal its answers over every
 * event held: the double handouts, each day's close, and each day's
 * comparison with `closes` (signed earlier, on fewer events).
 */
async function expectSameAnswers(aggregates: MemoryAggregates, closes: ReadonlyMap<string, DayCloseBody>): Promise<void> {
  const all = [...aggregates.log.values()];
  expect(doubleHandouts(await conflictEvidence(aggregates))).toEqual(doubleHandouts(all));
  for (const day of [...DAYS, '2026-11-26']) {
    const evidence = await dayEvidence(aggregates, day);
    expect(dayClose(evidence, { site: SITE, day })).toEqual(dayClose(all, { site: SITE, day }));
    const close = closes.get(day);
    if (close !== undefined) expect(compareDayClose(close, evidence)).toEqual(compareDayClose(close, all));
  }
}

/** Delivers `batches` one by one, checking the answers after each; the closes compared against are those after the first. */
async function deliverAndCheck(batches: readonly (readonly VerifiedEvent[])[]): Promise<void> {
  const aggregates = new MemoryAggregates();
  const closes = new Map<string, DayCloseBody>();
  for (const [i, batch] of batches.entries()) {
    await store(aggregates, batch);
    if (i === 0) {
      for (const day of DAYS) {
        const close = dayClose([...aggregates.log.values()], { site: SITE, day });
        if (close.ok) closes.set(day, close.value);
      }
    }
    await expectSameAnswers(aggregates, closes);
  }
}

const RICE = [{ code: 'RICE', qty: 10, unit: 'kg' }];
const at = (day: string, hour = 10) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe('the reconciliation evidence', () => {
  it('gives the answers of the whole log, whatever order and batches the events arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(history, order, sizes, async (steps, permutation, batchSizes) => {
        await deliverAndCheck(deliveries(record(steps), permutation, batchSizes));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the answers of the whole log on histories with accepted groups, forks and amendments dated before what they amend', async () => {
    await fc.assert(
      fc.asyncProperty(histories, order, sizes, async ({ events }, permutation, batchSizes) => {
        await deliverAndCheck(deliveries(events, permutation, batchSizes));
      }),
      { numRuns: 200 },
    );
  });

  it('finds a void signed before its handout, a void of a correction and a void of a resolution, and leaves other decisions out', async () => {
    const [d1, d2] = DAYS as [string, string];
    const field = testDevice();
    const other = testDevice();
    const lead = testDevice();
    const first = field.handout('HH-AAAA', { items: RICE }, { at: at(d2, 9), round: 'R1' });
    const second = other.handout('HH-AAAA', { items: RICE }, { at: at(d2, 11), round: 'R1' });
    const third = other.handout('HH-AAAA', { items: RICE }, { at: at(d2, 12), round: 'R1' });
    const elsewhere = field.handout('HH-BBBB', { items: RICE }, { at: at(d1), round: 'R1' });
    // The lead's clock ran a day behind: its void of `third` is dated the day before.
    const early = lead.void(third.id, { at: at(d1, 15) });
    const correction = lead.correction(second.id, { items: [{ code: 'RICE', qty: 4, unit: 'kg' }] }, { at: at(d2, 13) });
    const undo = lead.void(correction.id, { at: at(d1, 16) });
    const accepted = lead.accept([first.id, second.id], { at: at(d2, 14), round: 'R1' });
    const unaccepted = lead.void(accepted.id, { at: at(d1, 17) });
    const unrelated = lead.void(elsewhere.id, { at: at(d1, 16) });
    const aggregates = new MemoryAggregates();
    await store(aggregates, [early, undo, unaccepted, unrelated]);
    await store(aggregates, [first, second, third, elsewhere, correction, accepted]);
    await expectSameAnswers(aggregates, new Map());

    const conflicts = await conflictEvidence(aggregates);
    expect(new Set(conflicts.map((e) => e.id))).toEqual(new Set([first, second, third, early, correction, undo, accepted, unaccepted].map((e) => e.id)));
    expect(doubleHandouts(conflicts)).toMatchObject([{ handouts: [{ id: first.id }, { id: second.id, items: RICE }], partlyAcceptedBy: [] }]);
    const day = await dayEvidence(aggregates, d2);
    expect(day.map((e) => e.id)).not.toContain(unrelated.id);
    expect(dayClose(day, { site: SITE, day: d2 })).toMatchObject({ ok: true, value: { events: 5, items: [{ code: 'RICE', qty: 20, unit: 'kg' }] } });
  });
});
