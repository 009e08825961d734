import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHandoutLines } from './handout-check';

const entitlement = {
  items: [
    { code: 'maize', qty: 25, unit: 'kg' },
    { code: 'oil', qty: 2, unit: 'l' },
  ],
  cash: { amount: 150_000, currency: 'KES' },
};
const code = (r: ReturnType<typeof checkHandoutLines>) => (r.ok ? (r.value.partial ? 'partial' : 'full') : r.code);

describe('checkHandoutLines', () => {
  it('calls the whole entitlement full and anything less partial', () => {
    expect(code(checkHandoutLines(entitlement, entitlement))).toBe('full');
    expect(code(checkHandoutLines({ items: entitlement.items }, entitlement))).toBe('partial');
    expect(code(checkHandoutLines({ ...entitlement, items: [{ code: 'maize', qty: 24, unit: 'kg' }, entitlement.items[1]!] }, entitlement))).toBe('partial');
  });

  it('refuses more than the entitlement, another unit, an item not in it, or cash in another currency', () => {
    expect(code(checkHandoutLines({ items: [{ code: 'maize', qty: 26, unit: 'kg' }] }, entitlement))).toBe('over-entitlement');
    expect(code(checkHandoutLines({ items: [{ code: 'maize', qty: 25, unit: 'bag' }] }, entitlement))).toBe('over-entitlement');
    expect(code(checkHandoutLines({ items: [{ code: 'sugar', qty: 1, unit: 'kg' }] }, entitlement))).toBe('over-entitlement');
    expect(code(checkHandoutLines({ cash: { amount: 150_001, currency: 'KES' } }, entitlement))).toBe('over-entitlement');
    expect(code(checkHandoutLines({ cash: { amount: 1, currency: 'USD' } }, entitlement))).toBe('over-entitlement');
    expect(code(checkHandoutLines({ cash: { amount: 1, currency: 'KES' } }, { items: [] }))).toBe('over-entitlement');
  });

  it('refuses quantities that are not whole numbers above 0, and an empty handout', () => {
    for (const qty of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(code(checkHandoutLines({ items: [{ code: 'maize', qty, unit: 'kg' }] }, entitlement))).toBe('bad-quantity');
    }
    expect(code(checkHandoutLines({ cash: { amount: 0.5, currency: 'KES' } }, entitlement))).toBe('bad-quantity');
    expect(code(checkHandoutLines({ items: [] }, entitlement))).toBe('nothing-to-give');
  });

  it('accepts exactly the quantities from 1 to the entitlement', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 40 }), (qty) => {
        const r = checkHandoutLines({ items: [{ code: 'maize', qty, unit: 'kg' }] }, entitlement);
        expect(r.ok).toBe(qty >= 1 && qty <= 25);
      }),
    );
  });
});
