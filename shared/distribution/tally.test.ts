import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VerifiedEvent } from '../events/verify';
import { effectiveHandouts, type ItemLine } from './handouts';
import { tally, type Tally, type TallyOptions } from './tally';
import { testDevice } from './test-events';

const ROUND = '2026-11-A';
const line = (code: string, qty: number, unit = 'kg'): ItemLine => ({ code, qty, unit });
const kes = (amount: number) => ({ amount, currency: 'KES' });

function tallied(events: readonly VerifiedEvent[], options?: TallyOptions): Tally {
  const r = tally(events, options);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

describe('tally', () => {
  it("adds up a day: handouts in force, households, items, cash, operators, and stock up to the day's end", () => {
    const d = testDevice({ round: ROUND });
    const day = (hh: string) => ({ at: `2026-11-24T${hh}:00.000Z` });
    const events = [
      d.stock('received', [line('maize', 1000), line('soap', 200, 'bar')], day('06:00')),
      d.stock('received', [line('maize', 500)], { at: '2026-11-23T15:00:00.000Z', round: null }),
      d.stock('returned', [line('maize', 50)], day('18:00')),
      // Yesterday: counts for stock, not for today's handouts.
      d.handout('HH-A', { items: [line('maize', 36)] }, { at: '2026-11-23T10:00:00.000Z', operator: 'op-2' }),
      d.handout('HH-B', { items: [line('maize', 36), line('soap', 8, 'bar')], cash: kes(200000) }, { ...day('09:00'), operator: 'op-1' }),
      d.handout('HH-C', { items: [line('maize', 18)], cash: kes(100000) }, { ...day('09:05'), operator: 'op-2' }),
      d.handout('HH-C', { items: [line('maize', 18)] }, { ...day('09:06'), operator: 'op-2' }),
      d.handout('HH-D', { cash: kes(100000) }, day('10:00')),
      // Tomorrow, another round: neither counts.
      d.handout('HH-E', { items: [line('maize', 63)] }, { at: '2026-11-25T08:00:00.000Z', operator: 'op-1' }),
      d.handout('HH-F', { items: [line('maize', 63)] }, { ...day('11:00'), round: '2026-10-A', operator: 'op-1' }),
    ];
    const [, , , , hB, , hC2] = events;
    events.push(d.void(hC2!.id, day('09:30')));
    events.push(d.correction(hB!.id, { items: [line('maize', 30), line('soap', 8, 'bar')], cash: kes(200000) }, day('12:00')));

    expect(tallied(events, { day: '2026-11-24', round: ROUND })).toEqual({
      handouts: 3,
      households: 3,
      byItem: [line('maize', 48), { code: 'soap', unit: 'bar', qty: 8 }],
      cash: [kes(400000)],
      byOperator: [
        { operator: 'op-1', handouts: 1, households: 1 },
        { operator: 'op-2', handouts: 1, households: 1 },
        { operator: null, handouts: 1, households: 1 },
      ],
      // The maize received on the 23rd has no round, so the round's stock leaves it out.
      stock: [
        { code: 'maize', unit: 'kg', received: 1000, returned: 50, handedOut: 84, left: 866 },
        { code: 'soap', unit: 'bar', received: 200, returned: 0, handedOut: 8, left: 192 },
      ],
    });

    const everything = tallied(events);
    expect(everything.handouts).toBe(6);
    expect(everything.stock).toEqual([
      { code: 'maize', unit: 'kg', received: 1500, returned: 50, handedOut: 210, left: 1240 },
      { code: 'soap', unit: 'bar', received: 200, returned: 0, handedOut: 8, left: 192 },
    ]);
    // Stock up to the end of the 23rd: yesterday's delivery and handout only.
    expect(tallied(events, { day: '2026-11-23' }).stock).toEqual([
      { code: 'maize', unit: 'kg', received: 500, returned: 0, handedOut: 36, left: 464 },
    ]);
  });

  it('applies stock corrections and voids, and lets "left" go negative rather than hide a discrepancy', () => {
    const d = testDevice();
    const received = d.stock('received', [line('maize', 1000)]);
    const typo = d.stock('received', [line('maize', 9999)]);
    const events = [
      received,
      typo,
      d.void(typo.id),
      d.correction(received.id, { items: [line('maize', 100)] }),
      d.handout('HH-A', { items: [line('maize', 150)] }),
    ];
    expect(tallied(events).stock).toEqual([{ code: 'maize', unit: 'kg', received: 100, returned: 0, handedOut: 150, left: -50 }]);
  });

  it('is empty for no events', () => {
    expect(tallied([])).toEqual({ handouts: 0, households: 0, byItem: [], cash: [], byOperator: [], stock: [] });
  });

  it('refuses options that are not a day or a round id', () => {
    for (const options of [{ day: '2026-11-31' }, { day: '24/11/2026' }, { day: '2026-11-24T00:00:00.000Z' }, { round: 'no spaces' }, { round: '' }]) {
      const r = tally([], options);
      expect(r.ok, JSON.stringify(options)).toBe(false);
      if (!r.ok) expect(r.code).toBe('bad-options');
    }
  });

  it('refuses a cash total it cannot count exactly, rather than report a wrong one', () => {
    const d = testDevice();
    const big = { amount: Number.MAX_SAFE_INTEGER, currency: 'KES' };
    expect(tally([d.handout('HH-A', { cash: big })]).ok).toBe(true);
    const r = tally([d.handout('HH-A', { cash: big }), d.handout('HH-B', { cash: kes(1) })]);
    expect(r).toMatchObject({ ok: false, code: 'overflow' });
  });

  it('works on events straight from verifyEvent', () => {
    const d = testDevice({ signed: true, round: ROUND });
    const h = d.handout('HH-A', { items: [line('maize', 36)] }, { operator: 'op-1' });
    const events = [h, d.handout('HH-B', { items: [line('maize', 18)] }, { operator: 'op-1' }), d.void(h.id)];
    expect(tallied(events, { day: '2026-11-24' })).toMatchObject({ handouts: 1, byItem: [line('maize', 18)] });
  });
});

// ---- properties over random event histories -------------------------------------------------------

const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'];

type Step =
  | { kind: 'handout'; household: number; operator: number | null; day: number; minute: number; round: number; items: ItemLine[]; cash: number | null }
  | { kind: 'stock'; direction: 'received' | 'returned'; day: number; round: number; items: ItemLine[] }
  | { kind: 'void' | 'correction'; target: number; day: number; items: ItemLine[]; cash: number | null };

const items = fc.array(
  fc.record({ code: fc.constantFrom('maize', 'beans', 'oil'), qty: fc.integer({ min: 1, max: 100 }), unit: fc.constantFrom('kg', 'L') }),
  { minLength: 1, maxLength: 3 },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('handout' as const), household: fc.nat(5), operator: fc.option(fc.nat(3), { nil: null }), day: fc.nat(2), minute: fc.nat(59), round: fc.nat(1), items, cash: fc.option(fc.nat(10 ** 6), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stock' as const), direction: fc.constantFrom('received' as const, 'returned' as const), day: fc.nat(2), round: fc.nat(1), items }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('void' as const, 'correction' as const), target: fc.nat(), day: fc.nat(2), items: fc.oneof(items, fc.constant<ItemLine[]>([])), cash: fc.option(fc.nat(10 ** 6), { nil: null }) }) },
);

/** A history: each void or correction aims at an earlier event, of any type (voids of voids included). */
function history(steps: readonly Step[]): VerifiedEvent[] {
  const d = testDevice();
  const events: VerifiedEvent[] = [];
  for (const s of steps) {
    const at = (day: number, minute = 0) => `${DAYS[day]}T10:${String(minute).padStart(2, '0')}:00.000Z`;
    if (s.kind === 'handout') {
      const given = { items: s.items, ...(s.cash === null ? {} : { cash: kes(s.cash) }) };
      events.push(d.handout(`HH-${s.household}`, given, { at: at(s.day, s.minute), round: `R${s.round}`, ...(s.operator === null ? {} : { operator: `op-${s.operator}` }) }));
    } else if (s.kind === 'stock') {
      events.push(d.stock(s.direction, s.items, { at: at(s.day), round: `R${s.round}` }));
    } else if (events.length > 0) {
      const target = events[s.target % events.length]!.id;
      events.push(
        s.kind === 'void'
          ? d.void(target, { at: at(s.day, 59) })
          : d.correction(target, { items: s.items, ...(s.cash === null ? {} : { cash: kes(s.cash) }) }, { at: at(s.day, 59) }),
      );
    }
  }
  return events;
}

const histories = fc.array(step, { maxLength: 40 }).map(history);
const options = fc.record({ day: fc.option(fc.constantFrom(...DAYS), { nil: undefined }), round: fc.option(fc.constantFrom('R0', 'R1'), { nil: undefined }) }).map(
  ({ day, round }): TallyOptions => ({ ...(day === undefined ? {} : { day }), ...(round === undefined ? {} : { round }) }),
);

const sorted = <T>(list: readonly T[], key: (x: T) => string) => list.map(key).every((k, i, all) => i === 0 || all[i - 1]! <= k);

describe('tally properties (fast-check)', () => {
  it('has operators adding up to the total, households no more than handouts, and fixed orders', () => {
    fc.assert(
      fc.property(histories, options, (events, opts) => {
        const t = tallied(events, opts);
        expect(t.byOperator.reduce((n, o) => n + o.handouts, 0)).toBe(t.handouts);
        expect(t.households).toBeLessThanOrEqual(t.handouts);
        expect(t.households).toBeLessThanOrEqual(t.byOperator.reduce((n, o) => n + o.households, 0));
        for (const o of t.byOperator) expect(o.households).toBeLessThanOrEqual(o.handouts);
        expect(sorted(t.byItem, (x) => `${x.code}\u0000${x.unit}`)).toBe(true);
        expect(sorted(t.stock, (x) => `${x.code}\u0000${x.unit}`)).toBe(true);
        expect(sorted(t.cash, (x) => x.currency)).toBe(true);
        expect(sorted(t.byOperator.filter((o) => o.operator !== null), (o) => o.operator!)).toBe(true);
        const unrecorded = t.byOperator.findIndex((o) => o.operator === null);
        if (unrecorded >= 0) expect(unrecorded).toBe(t.byOperator.length - 1);
        for (const s of t.stock) expect(s.left).toBe(s.received - s.returned - s.handedOut);
      }),
    );
  });

  it('does not depend on the order events arrived in, or on receiving one twice', () => {
    fc.assert(
      fc.property(
        histories.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.subarray(events))),
        options,
        ([events, shuffled, again], opts) => {
          const t = tallied(events, opts);
          expect(tallied(shuffled, opts)).toEqual(t);
          expect(tallied([...shuffled, ...again], opts)).toEqual(t);
        },
      ),
    );
  });

  it('keeps a voided handout out for good: no void of the void brings it back', () => {
    fc.assert(
      fc.property(histories, fc.nat(), fc.integer({ min: 1, max: 4 }), (events, pick, depth) => {
        const handouts = events.filter((e) => e.event.type === 'handout');
        fc.pre(handouts.length > 0);
        const d = testDevice();
        const target = handouts[pick % handouts.length]!;
        const chain = [d.void(target.id)];
        for (let i = 1; i < depth; i++) chain.push(d.void(chain[i - 1]!.id));
        const after = [...events, ...chain];
        expect(effectiveHandouts(after).map((h) => h.id)).not.toContain(target.id);
        // Further voids of voids change nothing at all.
        expect(tallied([...after, d.void(chain.at(-1)!.id)])).toEqual(tallied(after));
      }),
    );
  });

  it('drops exactly one handout and its lines when a handout in force is voided', () => {
    fc.assert(
      fc.property(histories, fc.nat(), (events, pick) => {
        const live = effectiveHandouts(events);
        fc.pre(live.length > 0);
        const h = live[pick % live.length]!;
        const before = tallied(events);
        const after = tallied([...events, testDevice().void(h.id)]);
        expect(after.handouts).toBe(before.handouts - 1);
        const qty = (t: Tally) => t.byItem.reduce((n, x) => n + x.qty, 0);
        expect(qty(after)).toBe(qty(before) - h.items.reduce((n, l) => n + l.qty, 0));
        const kesOf = (t: Tally) => t.cash.find((c) => c.currency === 'KES')?.amount ?? 0;
        expect(kesOf(after)).toBe(kesOf(before) - (h.cash?.amount ?? 0));
      }),
    );
  });

  it('splits into days: the days add up to the whole, and stock up to the last day is all stock', () => {
    fc.assert(
      fc.property(histories, fc.option(fc.constantFrom('R0', 'R1'), { nil: undefined }), (events, round) => {
        const scope = round === undefined ? {} : { round };
        const whole = tallied(events, scope);
        const days = DAYS.map((day) => tallied(events, { ...scope, day }));
        expect(days.reduce((n, t) => n + t.handouts, 0)).toBe(whole.handouts);
        const byItem = new Map<string, number>();
        for (const t of days) for (const x of t.byItem) byItem.set(`${x.code}/${x.unit}`, (byItem.get(`${x.code}/${x.unit}`) ?? 0) + x.qty);
        expect(byItem).toEqual(new Map(whole.byItem.map((x) => [`${x.code}/${x.unit}`, x.qty])));
        expect(days.at(-1)?.stock).toEqual(whole.stock);
        // Without a day, everything handed out is what the stock shows as handed out.
        expect(whole.stock.filter((s) => s.handedOut > 0).map((s) => [s.code, s.unit, s.handedOut])).toEqual(whole.byItem.map((x) => [x.code, x.unit, x.qty]));
      }),
    );
  });
});
