import { describe, expect, it } from 'vitest';
import { barLength } from './bar-chart';

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
