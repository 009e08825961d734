import { describe, expect, it } from 'vitest';
import { cashProblem, givenOf, lineProblem, parseQty, quantityProblem, readHandout, typedIsPartial } from './handout-quantities';

const entitlement = {
  round: '2026-11-A',
  items: [
    { code: 'maize', qty: 36, unit: 'kg' },
    { code: 'oil', qty: 4, unit: 'l' },
  ],
  cash: { amount: 2500, currency: 'USD' },
};

describe('parseQty', () => {
  it('reads whole non-negative numbers, empty as 0, nothing else', () => {
    expect(parseQty(' 12 ')).toBe(12);
    expect(parseQty('')).toBe(0);
    expect(parseQty('1.5')).toBeUndefined();
    expect(parseQty('-1')).toBeUndefined();
    expect(parseQty('12345678')).toBeUndefined();
  });
});

describe('the typed handout', () => {
  it('is complete as pre-filled', () => {
    const typed = readHandout(entitlement, ['36', '4'], '25.00');
    expect(quantityProblem(typed, entitlement)).toBeUndefined();
    expect(typedIsPartial(typed, entitlement)).toBe(false);
    expect(givenOf(typed)).toEqual({ items: entitlement.items, cash: entitlement.cash });
  });

  it('is partial when a line or the cash is less, and records only what is above 0', () => {
    expect(typedIsPartial(readHandout(entitlement, ['30', '4'], '25'), entitlement)).toBe(true);
    expect(typedIsPartial(readHandout(entitlement, ['36', '4'], '20'), entitlement)).toBe(true);
    const typed = readHandout(entitlement, ['36', '0'], '0');
    expect(typedIsPartial(typed, entitlement)).toBe(true);
    expect(givenOf(typed)).toEqual({ items: [{ code: 'maize', qty: 36, unit: 'kg' }] });
  });

  it('refuses more than the entitlement before an unreadable field, and an unreadable one does not count as partial', () => {
    expect(quantityProblem(readHandout(entitlement, ['40', 'x'], '25'), entitlement)).toBe('over-entitlement');
    expect(quantityProblem(readHandout(entitlement, ['36', '4'], '26'), entitlement)).toBe('over-entitlement');
    const unreadable = readHandout(entitlement, ['x', '4'], '25');
    expect(quantityProblem(unreadable, entitlement)).toBe('bad-quantity');
    expect(typedIsPartial(unreadable, entitlement)).toBe(false);
    expect(quantityProblem(readHandout(entitlement, ['36', '4'], '2,5,0'), entitlement)).toBe('bad-quantity');
  });

  it('refuses a handout of nothing, and lets a line or the cash alone through', () => {
    expect(quantityProblem(readHandout(entitlement, ['0', ''], '0'), entitlement)).toBe('nothing-to-give');
    expect(quantityProblem(readHandout(entitlement, ['0', '0'], '25'), entitlement)).toBeUndefined();
    expect(quantityProblem(readHandout(entitlement, ['1', '0'], '0'), entitlement)).toBeUndefined();
  });

  it('names the field that is wrong, and not one left at 0', () => {
    const typed = readHandout(entitlement, ['37', '0'], '25.01');
    expect(typed.lines.map((line) => lineProblem(line, entitlement))).toEqual(['over-entitlement', undefined]);
    expect(cashProblem(typed, entitlement)).toBe('over-entitlement');
    expect(lineProblem({ line: entitlement.items[0]!, qty: undefined }, entitlement)).toBe('bad-quantity');
  });
});
