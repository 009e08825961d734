import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToRanges, inRanges, outsideRanges, rangesSize } from './ranges';

const seqs = fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 80 });

describe('seq ranges', () => {
  it('hold exactly the seqs added, in disjoint non-adjacent ranges, however they are added', () => {
    fc.assert(
      fc.property(seqs, seqs, (first, second) => {
        const ranges = addToRanges(addToRanges([], first), second);
        const held = new Set([...first, ...second]);
        expect(rangesSize(ranges)).toBe(held.size);
        for (let s = 1; s <= 201; s++) expect(inRanges(ranges, s)).toBe(held.has(s));
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1] + 1);
        expect(addToRanges([], [...held])).toEqual(ranges);
      }),
    );
  });

  it('leave outside exactly the seqs not held, from 1 on', () => {
    fc.assert(
      fc.property(seqs, (added) => {
        const ranges = addToRanges([], added);
        const outside = outsideRanges(ranges);
        expect(outside.at(-1)![1]).toBe(Number.MAX_SAFE_INTEGER);
        for (let s = 1; s <= 201; s++) expect(outside.some(([from, to]) => from <= s && s <= to)).toBe(!inRanges(ranges, s));
      }),
    );
  });
});
