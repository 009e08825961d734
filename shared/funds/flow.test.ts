import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../events/bodies';
import type { VerifiedEvent } from '../events/verify';
import { effectiveHandouts } from '../distribution/handouts';
import { fundsFlow } from './flow';
import { handoutValue } from './pots';
import { certify, contributionBody, pii, recorder } from './test-support';

const R1 = '2026-11-A';
const plan = (site: string, costs?: EventBody<'plan'>['costs']): EventBody<'plan'> => ({
  site,
  from: '2026-11-01',
  to: '2026-11-30',
  rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }], cash: { amount: 150000, currency: 'KES' } }],
  ...(costs === undefined ? {} : { costs }),
});

/** A site's round: HQ's plan with unit costs, two donors, three households served, one handout voided, one corrected. */
function camp() {
  const hq = recorder();
  const laptop = recorder();
  const lead = recorder();
  const events: VerifiedEvent[] = [certify(hq, laptop, 'camp-a'), certify(hq, lead, 'camp-a')];
  events.push(hq.record('plan', plan('camp-a', [{ code: 'maize', unit: 'kg', amount: 45, currency: 'USD' }]), { round: R1 }));
  const echo = hq.record('contribution', { ...contributionBody('XM-DAC-41114', 1_000_000, 'USD', [R1]), earmarks: ['food'], reference: 'ECHO-2026-17' });
  const dfid = hq.record('contribution', contributionBody('GB-GOV-1', 500_000, 'USD', [R1]));
  const kes = hq.record('contribution', contributionBody('GB-GOV-1', 90_000_000, 'KES', [R1]));
  events.push(echo, dfid, kes);
  const allocate = (from: VerifiedEvent, amount: number, currency = 'USD') =>
    hq.record('allocation', { contribution: from.id, site: 'camp-a', round: R1, amount, currency });
  events.push(allocate(echo, 2900), allocate(dfid, 1100), allocate(kes, 200_000, 'KES'));
  for (const [household, size] of [['HH-0001', 4], ['HH-0002', 2], ['HH-0003', 7]] as const) {
    events.push(laptop.record('enrolment', { household, site: 'camp-a', size, pii }));
  }
  const handout = (household: string, at: string) =>
    laptop.record('handout', { household, items: [{ code: 'maize', qty: 25, unit: 'kg' }], cash: { amount: 150000, currency: 'KES' }, collector: 'head' }, { at, round: R1 });
  const h1 = handout('HH-0001', '2026-11-24T09:00:00.000Z');
  const h2 = handout('HH-0002', '2026-11-24T10:00:00.000Z');
  const h3 = handout('HH-0003', '2026-11-25T09:00:00.000Z');
  const twice = handout('HH-0003', '2026-11-25T09:05:00.000Z');
  events.push(h1, h2, h3, twice);
  events.push(lead.record('void', { target: twice.id, reason: 'entered-twice', approval: { by: 'lead-1' } }));
  events.push(lead.record('correction', { target: h2.id, reason: 'wrong-quantity', items: [{ code: 'maize', qty: 20, unit: 'kg' }], cash: { amount: 150000, currency: 'KES' }, approval: { by: 'lead-1' } }));
  return { hq, laptop, events, echo, dfid, kes, handouts: { h1, h2, h3, twice } };
}

describe('fundsFlow', () => {
  it('follows each contribution to its site’s round and what was handed out there, by day', () => {
    const { hq, events, echo, dfid, handouts } = camp();
    const flow = fundsFlow(hq.did, events);
    expect(flow.refused).toEqual([]);
    expect(flow.unplaced).toEqual([]);
    const [pot] = flow.pots;
    expect(flow.pots).toHaveLength(1);
    expect(pot).toMatchObject({ round: R1, site: 'camp-a', handouts: 3, households: 3, people: 13, sizeUnknown: 0 });
    expect(pot!.items).toEqual([{ code: 'maize', unit: 'kg', qty: 70 }]);
    expect(pot!.cash).toEqual([{ currency: 'KES', amount: '450000' }]);
    // 70 kg at 45 US cents: 3150 cents; 4000 cents allocated in USD, so 3150 funded, 850 unspent.
    expect(pot!.value).toEqual([{ currency: 'KES', amount: '450000' }, { currency: 'USD', amount: '3150' }]);
    expect(pot!.allocated).toEqual([{ currency: 'KES', amount: '200000' }, { currency: 'USD', amount: '4000' }]);
    expect(pot!.funded).toEqual([{ currency: 'KES', amount: '200000' }, { currency: 'USD', amount: '3150' }]);
    expect(pot!.unfunded).toEqual([{ currency: 'KES', amount: '250000' }]);
    expect(pot!.unspent).toEqual([{ currency: 'USD', amount: '850' }]);
    expect(pot!.handoutIds).toEqual([handouts.h1.id, handouts.h2.id, handouts.h3.id].sort());
    expect(pot!.days.map((d) => [d.day, d.handouts, d.households, d.items[0]!.qty])).toEqual([
      ['2026-11-24', 2, 2, 45],
      ['2026-11-25', 1, 1, 25],
    ]);

    // Pro rata: ECHO's 2900 of the 4000 USD allocated pays 2900/4000 of 3150 = 2283.75, DFID's 866.25;
    // the one cent the floors leave goes to the larger remainder.
    const echoFlow = flow.donors.find((d) => d.org === 'XM-DAC-41114')!;
    expect(echoFlow.contributions[0]).toMatchObject({
      id: echo.id,
      amount: { currency: 'USD', amount: '1000000' },
      allocated: { currency: 'USD', amount: '2900' },
      unallocated: { currency: 'USD', amount: '997100' },
      attributed: { currency: 'USD', amount: '2284' },
      earmarks: ['food'],
      reference: 'ECHO-2026-17',
    });
    const uk = flow.donors.find((d) => d.org === 'GB-GOV-1')!;
    expect(uk.contributions.map((c) => c.id)).toContain(dfid.id);
    expect(uk.attributed).toEqual([{ currency: 'KES', amount: '200000' }, { currency: 'USD', amount: '866' }]);
    expect(uk.contributed).toEqual([{ currency: 'KES', amount: '90000000' }, { currency: 'USD', amount: '500000' }]);
  });

  it('never names a household: no household id anywhere in the flow', () => {
    const text = JSON.stringify(fundsFlow(camp().hq.did, camp().events));
    expect(text).not.toMatch(/HH-000/);
  });

  it('counts only HQ’s own money: a laptop’s contribution or allocation moves nothing', () => {
    const { hq, laptop, events, echo } = camp();
    const forged = laptop.record('contribution', contributionBody('EVIL', 9_000_000, 'USD', [R1]));
    const drawn = laptop.record('allocation', { contribution: echo.id, site: 'camp-a', round: R1, amount: 10_000, currency: 'USD' });
    const before = fundsFlow(hq.did, events);
    const after = fundsFlow(hq.did, [...events, forged, drawn]);
    expect(after.donors).toEqual(before.donors);
    expect(after.pots).toEqual(before.pots);
  });

  it('refuses, with the reason, allocations that overdraw, change currency, fund another round or draw on nothing', () => {
    const { hq, events, echo, kes } = camp();
    const more = [
      hq.record('allocation', { contribution: echo.id, site: 'camp-b', round: R1, amount: 997_101, currency: 'USD' }),
      hq.record('allocation', { contribution: echo.id, site: 'camp-a', round: R1, amount: 5, currency: 'EUR' }),
      hq.record('allocation', { contribution: kes.id, site: 'camp-a', round: '2026-12-A', amount: 5, currency: 'KES' }),
      hq.record('allocation', { contribution: 'f'.repeat(64), site: 'camp-a', round: R1, amount: 5, currency: 'USD' }),
    ];
    const flow = fundsFlow(hq.did, [...events, ...more]);
    expect(flow.refused.map((r) => [r.id, r.code])).toEqual([
      [more[0]!.id, 'overdrawn'],
      [more[1]!.id, 'currency-mismatch'],
      [more[2]!.id, 'round-not-funded'],
      [more[3]!.id, 'unknown-contribution'],
    ]);
    expect(flow.pots.map((p) => p.site)).toEqual(['camp-a']);
  });

  it('takes back what an HQ void takes back', () => {
    const { hq, events, echo } = camp();
    const flow = fundsFlow(hq.did, [...events, hq.record('void', { target: echo.id, reason: 'entered-twice', approval: { by: 'hq' } })]);
    expect(flow.donors.map((d) => d.org)).toEqual(['GB-GOV-1']);
    expect(flow.refused.map((r) => r.code)).toEqual(['unknown-contribution']);
  });

  it('counts items the plan does not price, without valuing them, and a plan without costs values only cash', () => {
    const hq = recorder();
    const laptop = recorder();
    const events = [certify(hq, laptop, 'camp-a'), hq.record('plan', plan('camp-a'), { round: R1 })];
    events.push(laptop.record('handout', { household: 'HH-0001', items: [{ code: 'maize', qty: 25, unit: 'kg' }], collector: 'head' }, { round: R1 }));
    const [pot] = fundsFlow(hq.did, events).pots;
    expect(pot!.value).toEqual([]);
    expect(pot!.unpriced).toEqual([{ code: 'maize', unit: 'kg', qty: 25 }]);
    expect(pot!.sizeUnknown).toBe(1);
  });
});

describe('fundsFlow, properties', () => {
  /** A random log: contributions in two currencies, allocations over two sites and rounds, handouts, voids. */
  const scenario = fc.record({
    contributions: fc.array(fc.record({ org: fc.constantFrom('A', 'B', 'C'), amount: fc.integer({ min: 1, max: 2 ** 40 }), usd: fc.boolean() }), { minLength: 1, maxLength: 6 }),
    allocations: fc.array(fc.record({ from: fc.nat(), site: fc.constantFrom('s1', 's2'), round: fc.constantFrom('r1', 'r2'), amount: fc.integer({ min: 1, max: 2 ** 39 }) }), { maxLength: 12 }),
    handouts: fc.array(
      fc.record({ site: fc.constantFrom('s1', 's2'), round: fc.constantFrom('r1', 'r2'), household: fc.integer({ min: 1, max: 9 }), qty: fc.integer({ min: 1, max: 1_000_000 }), cash: fc.option(fc.integer({ min: 0, max: 2 ** 45 })), voided: fc.boolean(), day: fc.integer({ min: 1, max: 28 }) }),
      { maxLength: 25 },
    ),
    cost: fc.integer({ min: 0, max: 2 ** 30 }),
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

  function build(s: Scenario) {
    const hq = recorder();
    const laptops = { s1: recorder(), s2: recorder() };
    const events: VerifiedEvent[] = [certify(hq, laptops.s1, 's1'), certify(hq, laptops.s2, 's2')];
    for (const site of ['s1', 's2'] as const) for (const round of ['r1', 'r2']) {
      events.push(hq.record('plan', plan(site, [{ code: 'maize', unit: 'kg', amount: s.cost, currency: 'USD' }]), { round }));
    }
    const contributions = s.contributions.map((c) => hq.record('contribution', contributionBody(c.org, c.amount, c.usd ? 'USD' : 'KES', ['r1', 'r2'])));
    events.push(...contributions);
    for (const a of s.allocations) {
      const from = contributions[a.from % contributions.length]!;
      const currency = from.event.type === 'contribution' ? from.event.body.currency : 'USD';
      events.push(hq.record('allocation', { contribution: from.id, site: a.site, round: a.round, amount: a.amount, currency }));
    }
    for (const h of s.handouts) {
      const laptop = laptops[h.site];
      const at = `2026-11-${String(h.day).padStart(2, '0')}T09:00:00.000Z`;
      const given = laptop.record('handout', { household: `HH-${h.household}000`, items: [{ code: 'maize', qty: h.qty, unit: 'kg' }], ...(h.cash === null ? {} : { cash: { amount: h.cash, currency: 'KES' } }), collector: 'head' }, { at, round: h.round });
      events.push(given);
      if (h.voided) events.push(hq.record('void', { target: given.id, reason: 'entered-twice', approval: { by: 'hq' } }));
    }
    return { hq, events };
  }

  it('never attributes more than was allocated, nor allocates more than was given; totals are sums of logged events', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { hq, events } = build(s);
        const flow = fundsFlow(hq.did, events);
        for (const donor of flow.donors) for (const c of donor.contributions) {
          expect(BigInt(c.allocated.amount) + BigInt(c.unallocated.amount)).toBe(BigInt(c.amount.amount));
          expect(BigInt(c.unallocated.amount) >= 0n).toBe(true);
          expect(BigInt(c.attributed.amount) <= BigInt(c.allocated.amount)).toBe(true);
          for (const a of c.allocations) expect(BigInt(a.attributed.amount) <= BigInt(a.amount.amount)).toBe(true);
        }
        const effective = effectiveHandouts(events);
        for (const pot of flow.pots) {
          // The pot's value is the sum of its handouts' values, each a logged event in force.
          const expected = new Map<string, bigint>();
          for (const h of effective.filter((e) => pot.handoutIds.includes(e.id))) {
            for (const [currency, amount] of handoutValue(h, { round: pot.round, site: pot.site, from: '2026-11-01', to: '2026-11-30', rules: [], costs: [{ code: 'maize', unit: 'kg', amount: s.cost, currency: 'USD' }] })) {
              expected.set(currency, (expected.get(currency) ?? 0n) + amount);
            }
          }
          for (const v of pot.value) expect(BigInt(v.amount)).toBe(expected.get(v.currency));
          for (const f of pot.funded) {
            const value = BigInt(pot.value.find((v) => v.currency === f.currency)?.amount ?? '0');
            const allocated = BigInt(pot.allocated.find((v) => v.currency === f.currency)?.amount ?? '0');
            expect(BigInt(f.amount)).toBe(value < allocated ? value : allocated);
            const attributed = flow.donors.flatMap((d) => d.contributions.flatMap((c) => c.allocations)).filter((a) => a.round === pot.round && a.site === pot.site && a.amount.currency === f.currency);
            expect(attributed.reduce((sum, a) => sum + BigInt(a.attributed.amount), 0n)).toBe(BigInt(f.amount));
          }
        }
        expect(flow.pots.reduce((n, p) => n + p.handouts, 0)).toBe(effective.length);
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on the order the events arrived in', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), (s, seed) => {
        const { hq, events } = build(s);
        const shuffled = [...events].sort((a, b) => ((a.id.charCodeAt(seed & 31) ^ seed) & 0xff) - ((b.id.charCodeAt(seed & 31) ^ seed) & 0xff));
        expect(fundsFlow(hq.did, shuffled)).toEqual(fundsFlow(hq.did, events));
        expect(fundsFlow(hq.did, [...events].reverse())).toEqual(fundsFlow(hq.did, events));
      }),
      { numRuns: 40 },
    );
  });
});
