import { describe, expect, it } from 'vitest';
import { barGeometry, barLength } from './bar-geometry';

describe('barLength', () => {
  it('is proportional to the largest value', () => {
    expect(barLength(50, 100, 300)).toBe(150);
    expect(barLength(100, 100, 300)).toBe(300);
  });

  it('draws nothing for zero, negative or unusable values, and a sliver for tiny ones', () => {
    expect(barLength(0, 100, 300)).toBe(0);
    expect(barLength(-5, 100, 300)).toBe(0);
    expect(barLength(Number.NaN, 100, 300)).toBe(0);
    expect(barLength(5, 0, 300)).toBe(0);
    expect(barLength(1, 1_000_000, 300)).toBe(2);
  });

  it('never overflows its room', () => {
    expect(barLength(200, 100, 300)).toBe(300);
  });
});

describe('barGeometry', () => {
  it('puts the label, then the bar, then the value, left to right', () => {
    const ltr = barGeometry(560, false);
    expect(ltr.room).toBe(264);
    expect([ltr.labelX, ltr.barX(100), ltr.valueX(100)]).toEqual([170, 178, 286]);
    expect([ltr.labelAnchor, ltr.valueAnchor]).toEqual(['end', 'start']);
  });

  it('mirrors every position for right-to-left and swaps the anchors', () => {
    const rtl = barGeometry(560, true);
    expect(rtl.room).toBe(264);
    // The bar's right edge sits where the left-to-right bar's left edge is mirrored to.
    expect([rtl.labelX, rtl.barX(100) + 100, rtl.valueX(100)]).toEqual([390, 382, 274]);
    expect([rtl.labelAnchor, rtl.valueAnchor]).toEqual(['start', 'end']);
  });
});
