import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute } from './attribute';

const allocations = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[0-9a-f]{4}$/), amount: fc.bigInt({ min: 1n, max: 2n ** 70n }) }), { selector: (a) => a.id, maxLength: 8 });

describe('attribute (the pro-rata rule)', () => {
  it('splits what was handed out in proportion to what each allocated, to the last minor unit', () => {
    const split = attribute(3150n, [{ id: 'a', amount: 2900n }, { id: 'b', amount: 1100n }]);
    expect(split).toEqual({ funded: 3150n, unfunded: 0n, unspent: 850n, shares: [{ id: 'a', amount: 2284n }, { id: 'b', amount: 866n }] });
    expect(attribute(10n, [{ id: 'b', amount: 1n }, { id: 'a', amount: 1n }, { id: 'c', amount: 1n }]).shares).toEqual([
      { id: 'b', amount: 1n },
      { id: 'a', amount: 1n },
      { id: 'c', amount: 1n },
    ]);
    expect(attribute(2n, [{ id: 'b', amount: 1n }, { id: 'a', amount: 1n }, { id: 'c', amount: 1n }]).shares.map((s) => s.amount)).toEqual([1n, 1n, 0n]);
    expect(attribute(5n, [])).toEqual({ funded: 0n, unfunded: 5n, unspent: 0n, shares: [] });
  });

  it('adds up exactly to min(value, allocated), gives no allocation more than it holds, and ignores input order', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 72n }), allocations, (value, list) => {
        const split = attribute(value, list);
        const allocated = list.reduce((s, a) => s + a.amount, 0n);
        expect(split.funded).toBe(value < allocated ? value : allocated);
        expect(split.funded + split.unfunded).toBe(value);
        expect(split.funded + split.unspent).toBe(allocated);
        expect(split.shares.reduce((s, a) => s + a.amount, 0n)).toBe(split.funded);
        split.shares.forEach((share, i) => {
          expect(share.amount >= 0n && share.amount <= list[i]!.amount).toBe(true);
        });
        const reversed = new Map(attribute(value, [...list].reverse()).shares.map((s) => [s.id, s.amount]));
        for (const share of split.shares) expect(reversed.get(share.id)).toBe(share.amount);
      }),
    );
  });

  it('gives a larger allocation at least as much as a smaller one', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 60n }), allocations, (value, list) => {
        const shares = attribute(value, list).shares;
        for (let i = 0; i < list.length; i++) for (let j = 0; j < list.length; j++) {
          if (list[i]!.amount > list[j]!.amount) expect(shares[i]!.amount >= shares[j]!.amount).toBe(true);
        }
      }),
    );
  });
});
