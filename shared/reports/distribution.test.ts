import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAYS, history, record } from '../aggregates/test-histories';
import { tally } from '../distribution/tally';
import { testDevice } from '../distribution/test-events';
import type { VerifiedEvent } from '../events/verify';
import { DISTRIBUTION_COLUMNS, distributionReport, type DistributionReportOptions } from './distribution';
import { minorDigits } from './money';
import type { ReportTable } from './table';

const site = { code: 'camp-north', name: 'Camp North' };
const kg = (code: string, qty: number) => ({ code, qty, unit: 'kg' });
const column = (name: (typeof DISTRIBUTION_COLUMNS)[number][0]): number => DISTRIBUTION_COLUMNS.findIndex(([h]) => h === name);

function report(events: readonly VerifiedEvent[], options: Partial<DistributionReportOptions> = {}): ReportTable {
  const r = distributionReport(events, { site, sizes: new Map(), ...options });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('distribution report', () => {
  it('has a row per round, day and item or currency, with handouts, households and people reached', () => {
    const d = testDevice({ round: 'R1' });
    const at = (day: string, hh: string) => ({ at: `${day}T${hh}:00:00.000Z` });
    const events = [
      d.handout('HH-A', { items: [kg('maize', 30), kg('beans', 5)], cash: { amount: 150_050, currency: 'USD' } }, at('2026-11-24', '09')),
      d.handout('HH-B', { items: [kg('maize', 20), kg('maize', 10)] }, at('2026-11-24', '10')),
      d.handout('HH-B', { items: [kg('maize', 5)] }, at('2026-11-24', '11')),
      d.handout('HH-C', { items: [kg('maize', 9)] }, { ...at('2026-11-24', '12'), round: 'R0' }),
      d.handout('HH-D', { items: [kg('maize', 7)] }, at('2026-11-25', '09')),
    ];
    events.push(d.void(events[4]!.id, at('2026-11-25', '10')));
    events.push(d.correction(events[2]!.id, { items: [kg('maize', 6)] }, at('2026-11-24', '12')));
    const t = report(events, { sizes: new Map([['HH-A', 4], ['HH-B', 2], ['HH-C', 1]]) });
    expect(t.sheet).toBe('Distribution');
    expect(t.hxl).toEqual(DISTRIBUTION_COLUMNS.map(([, tag]) => tag));
    expect(t.rows).toEqual([
      ['R0', '2026-11-24', 'camp-north', 'Camp North', 'in-kind', 'maize', 'kg', 9, '', '', 1, 1, 1],
      ['R1', '2026-11-24', 'camp-north', 'Camp North', 'cash', '', '', '', 1500.5, 'USD', 1, 1, 4],
      ['R1', '2026-11-24', 'camp-north', 'Camp North', 'in-kind', 'beans', 'kg', 5, '', '', 1, 1, 4],
      ['R1', '2026-11-24', 'camp-north', 'Camp North', 'in-kind', 'maize', 'kg', 66, '', '', 3, 2, 6],
    ]);
    expect(report(events, { round: 'R0' }).rows).toHaveLength(1);
    expect(report(events, { day: '2026-11-25' }).rows).toEqual([]);
  });

  it('leaves people reached empty when a household’s size is not known here, never a guess', () => {
    const d = testDevice({ round: 'R1' });
    const t = report([d.handout('HH-A', { items: [kg('maize', 1)] }), d.handout('HH-B', { items: [kg('maize', 1)] })], { sizes: new Map([['HH-A', 3]]) });
    expect(t.rows[0]![column('Households reached')]).toBe(2);
    expect(t.rows[0]![column('People reached')]).toBe('');
  });

  it('answers overflow where a cash total cannot be counted exactly', () => {
    const d = testDevice({ round: 'R1' });
    const big = { amount: Number.MAX_SAFE_INTEGER, currency: 'USD' };
    const r = distributionReport([d.handout('HH-A', { cash: big }), d.handout('HH-B', { cash: big })], { site, sizes: new Map() });
    expect(r).toMatchObject({ ok: false, code: 'overflow' });
  });

  it('adds up, day by day and round by round, to the tally', () => {
    fc.assert(
      fc.property(history, fc.constantFrom(...DAYS), fc.constantFrom('R1', 'R2', undefined), (steps, day, round) => {
        const events = record(steps);
        const expected = tally(events, { day, ...(round !== undefined && { round }) });
        if (!expected.ok) throw new Error(expected.message);
        const t = report(events, { day, ...(round !== undefined && { round }) });
        const items = new Map<string, number>();
        const cash = new Map<string, number>();
        for (const row of t.rows) {
          expect(row[column('Date')]).toBe(day);
          if (round !== undefined) expect(row[column('Round')]).toBe(round);
          if (row[column('Modality')] === 'cash') {
            const currency = row[column('Currency')] as string;
            cash.set(currency, (cash.get(currency) ?? 0) + Math.round((row[column('Cash amount')] as number) * 10 ** minorDigits(currency)));
          } else {
            const key = `${row[column('Item')]} ${row[column('Unit')]}`;
            items.set(key, (items.get(key) ?? 0) + (row[column('Quantity')] as number));
          }
          expect(row[column('Households reached')]).toBeLessThanOrEqual(expected.value.households);
        }
        expect([...items].sort()).toEqual(expected.value.byItem.map((i) => [`${i.code} ${i.unit}`, i.qty]).sort());
        expect([...cash].sort()).toEqual(expected.value.cash.map((c) => [c.currency, c.amount]).sort());
      }),
      { numRuns: 150 },
    );
  });
});
