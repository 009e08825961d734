import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entitlementFor, largestCoveredSize, planFromEvent, unitCostOf, validatePlan, type DistributionPlan } from './plan';
import { testDevice } from './test-events';
import type { EventOfType } from '../events/envelope';

// Read as the app reads it: bytes from a file, parsed into something untyped. (A static
// JSON import would need resources/ in tsconfig.node.json's file list.)
const demoPlan: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'demo-plan.json'), 'utf8'));

const line = (code: string, qty: number, unit = 'kg') => ({ code, qty, unit });

const plan = (rules: DistributionPlan['rules'], extra: Partial<DistributionPlan> = {}): DistributionPlan => ({
  round: '2026-11-A',
  site: 'camp-north',
  from: '2026-11-01',
  to: '2026-11-30',
  rules,
  ...extra,
});

const rule = (minSize: number, maxSize: number, maize = 9 * maxSize, cash?: { amount: number; currency: string }) => ({
  minSize,
  maxSize,
  items: [line('maize', maize)],
  ...(cash === undefined ? {} : { cash }),
});

function problems(input: unknown): string[] {
  const r = validatePlan(input);
  return r.ok ? [] : r.message.split('\n');
}

describe('the demo plan (resources/demo-plan.json)', () => {
  it('validates, and covers every household size the enrolment event allows (1–100)', () => {
    const r = validatePlan(demoPlan);
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    if (!r.ok) return;
    expect(largestCoveredSize(r.value)).toBe(100);
    for (let size = 1; size <= 100; size++) expect(entitlementFor(r.value, size).ok).toBe(true);
  });

  it('gives a larger household at least as much of everything, cash in KES minor units', () => {
    const r = validatePlan(demoPlan);
    if (!r.ok) throw new Error(r.message);
    let previous: Map<string, number> | undefined;
    for (let size = 1; size <= 100; size++) {
      const e = entitlementFor(r.value, size);
      if (!e.ok) throw new Error(e.message);
      expect(e.value.cash?.currency).toBe('KES');
      const now = new Map([...e.value.items.map((l): [string, number] => [l.code, l.qty]), ['cash', e.value.cash?.amount ?? 0]]);
      if (previous !== undefined) for (const [code, qty] of previous) expect(now.get(code) ?? 0).toBeGreaterThanOrEqual(qty);
      previous = now;
    }
  });
});

describe('validatePlan', () => {
  it('accepts bands that cover 1 up to their largest size exactly once, in any order', () => {
    expect(problems(plan([rule(3, 5), rule(1, 2), rule(6, 100)]))).toEqual([]);
    expect(problems(plan([rule(1, 1)]))).toEqual([]);
  });

  it('refuses overlapping bands, naming both rules', () => {
    expect(problems(plan([rule(1, 3), rule(3, 5)]))).toEqual([
      'rule 2 (sizes 3–5) overlaps rule 1: households of size 3 would match both',
    ]);
    expect(problems(plan([rule(1, 10), rule(4, 5)]))).toEqual([
      'rule 2 (sizes 4–5) overlaps rule 1: households of size 4 would match both',
    ]);
    expect(problems(plan([rule(1, 2), rule(1, 2)]))).toHaveLength(1);
  });

  it('refuses gaps, including one at the start', () => {
    expect(problems(plan([rule(1, 2), rule(4, 5)]))).toEqual(['no rule covers households of size 3']);
    expect(problems(plan([rule(1, 2), rule(6, 8)]))).toEqual(['no rule covers households of size 3–5']);
    expect(problems(plan([rule(2, 5)]))).toEqual(['no rule covers households of size 1']);
  });

  it('refuses backwards bands, empty rules, repeated items, mixed units and mixed currencies', () => {
    const kes = { amount: 100000, currency: 'KES' };
    expect(
      problems(
        plan([
          { minSize: 1, maxSize: 2, items: [line('maize', 18), line('maize', 2)], cash: kes },
          { minSize: 5, maxSize: 3, items: [line('beans', 3)] },
          { minSize: 3, maxSize: 5, items: [] },
          { minSize: 6, maxSize: 8, items: [line('maize', 1, 'bag')], cash: { amount: 5000, currency: 'USD' } },
        ]),
      ),
    ).toEqual([
      'rule 1: lists maize twice',
      'rule 2: sizes 5–3 are backwards',
      'rule 3: gives neither items nor cash',
      'rule 4: maize is in bag here but in kg elsewhere',
      'cash must be in one currency, not KES and USD',
    ]);
  });

  it('accepts a cash-only rule', () => {
    expect(problems(plan([{ minSize: 1, maxSize: 100, items: [], cash: { amount: 500000, currency: 'KES' } }]))).toEqual([]);
  });

  it('refuses a plan that ends before it starts, or is not a plan', () => {
    expect(problems(plan([rule(1, 2)], { from: '2026-11-30', to: '2026-11-01' }))).toEqual([
      'the plan ends (2026-11-01) before it starts (2026-11-30)',
    ]);
    expect(problems({ ...plan([rule(1, 2)]), perPerson: true })).toEqual(['has unknown fields: perPerson']);
    expect(problems({ ...plan([rule(1, 2)]), round: undefined })[0]).toMatch(/^round: /);
    expect(problems(plan([{ ...rule(1, 2), items: [line('maize', 1.5)] }]))[0]).toMatch(/^rules\[1\]\.items\[1\]\.qty: /);
    expect(problems(plan([]))[0]).toMatch(/^rules: /);
    expect(problems(null)).toHaveLength(1);
  });

  it('accepts any partition of 1..n into bands and finds each size in its own band (fast-check)', () => {
    const partition = fc
      .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 20 })
      .chain((cuts) => fc.tuple(fc.constant(cuts.sort((a, b) => a - b)), fc.integer({ min: Math.max(1, ...cuts.map((c) => c + 1)), max: 100 })))
      .map(([cuts, n]) => {
        const starts = [1, ...cuts.map((c) => c + 1)].filter((s) => s <= n);
        return starts.map((s, i) => rule(s, (starts[i + 1] ?? n + 1) - 1, 10 + i));
      });
    fc.assert(
      fc.property(partition, fc.boolean(), (rules, reversed) => {
        const r = validatePlan(plan(reversed ? rules.toReversed() : rules));
        expect(r.ok, r.ok ? '' : r.message).toBe(true);
        if (!r.ok) return;
        const n = largestCoveredSize(r.value);
        for (let size = 1; size <= n; size++) {
          const e = entitlementFor(r.value, size);
          const own = rules.find((x) => x.minSize <= size && size <= x.maxSize);
          expect(e.ok && e.value.items).toEqual(own?.items);
        }
        expect(entitlementFor(r.value, n + 1).ok).toBe(false);
        // Dropping an inner band leaves a gap; widening one makes an overlap.
        if (rules.length >= 3) {
          expect(validatePlan(plan(rules.toSpliced(1, 1))).ok).toBe(false);
          const widened = rules.with(1, { ...rules[1]!, minSize: rules[1]!.minSize - 1 });
          expect(validatePlan(plan(widened)).ok).toBe(false);
        }
      }),
    );
  });
});

describe('entitlementFor', () => {
  const p = plan([rule(1, 2, 18, { amount: 100000, currency: 'KES' }), rule(3, 5, 36)]);

  it('gives the band of the household size, cash included', () => {
    expect(entitlementFor(p, 2)).toEqual({ ok: true, value: { items: [line('maize', 18)], cash: { amount: 100000, currency: 'KES' } } });
    expect(entitlementFor(p, 3)).toEqual({ ok: true, value: { items: [line('maize', 36)] } });
  });

  it('has no rule for a size outside the plan or not a size at all', () => {
    for (const size of [0, 6, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = entitlementFor(p, size);
      expect(e.ok, String(size)).toBe(false);
      if (!e.ok) expect(e.code).toBe('no-rule');
    }
  });

  it('gives a copy: changing it cannot change the plan', () => {
    const e = entitlementFor(p, 1);
    if (!e.ok) throw new Error(e.message);
    (e.value.items[0] as { qty: number }).qty = 999;
    expect(p.rules[0]?.items[0]?.qty).toBe(18);
  });
});

describe('planFromEvent', () => {
  it("reads a signed plan event, taking the round from the envelope", () => {
    const hq = testDevice({ signed: true });
    const { round: _round, ...body } = demoPlan as DistributionPlan;
    const { event } = hq.plan(body, { round: '2026-11-A' });
    const r = planFromEvent(event as EventOfType<'plan'>);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(demoPlan);
    const { event: roundless } = hq.plan(body, { round: null });
    expect(planFromEvent(roundless as EventOfType<'plan'>)).toMatchObject({ ok: false, code: 'invalid-plan' });
  });
});

describe('unit costs (issue 15)', () => {
  const cost = (code: string, amount: number, unit = 'kg', currency = 'USD') => ({ code, unit, amount, currency });
  const priced = (costs: DistributionPlan['costs']) => plan([rule(1, 100, 25, { amount: 150000, currency: 'KES' })], { costs });

  it('are optional: a plan without them validates as before, and prices nothing', () => {
    const r = validatePlan(plan([rule(1, 100)]));
    expect(r.ok).toBe(true);
    if (r.ok) expect(unitCostOf(r.value, 'maize', 'kg')).toBeUndefined();
  });

  it('price each item in the unit the rules give it, in one currency, and may be in another currency than the cash', () => {
    const r = validatePlan(priced([cost('maize', 45), cost('soap', 30, 'bar')]));
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    if (!r.ok) return;
    expect(unitCostOf(r.value, 'maize', 'kg')).toEqual(cost('maize', 45));
    expect(unitCostOf(r.value, 'maize', 'bag')).toBeUndefined();
  });

  it('refuse an item priced twice, in another unit than the rules’, in two currencies, or at no sensible amount', () => {
    expect(problems(priced([cost('maize', 45), cost('maize', 46)]))).toEqual(['cost 2: prices maize twice']);
    expect(problems(priced([cost('maize', 45, 'bag')]))).toEqual(['cost 1: prices maize by the bag but the rules give it in kg']);
    expect(problems(priced([cost('maize', 45), cost('soap', 30, 'bar', 'EUR')]))).toEqual(['unit costs must be in one currency, not EUR and USD']);
    expect(problems(priced([cost('maize', -1)]))[0]).toMatch(/^costs\[1\]\.amount/);
    expect(problems(priced([cost('maize', 0.5)]))[0]).toMatch(/^costs\[1\]\.amount/);
    expect(problems(priced([]))[0]).toMatch(/^costs/);
    expect(problems(priced(Array.from({ length: 201 }, (_, i) => cost(`item-${i}`, 1))))[0]).toMatch(/^costs/);
  });
});
