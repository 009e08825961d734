import { describe, expect, it } from 'vitest';
import { conflictTestKey, firstRanges } from './keys';

describe('conflictTestKey', () => {
  it('replaces the NUL separator', () => {
    expect(conflictTestKey('2026-11-A\u0000HH-7K3Q')).toBe('2026-11-A~HH-7K3Q');
  });
});

describe('firstRanges', () => {
  it('caps the list and counts the rest', () => {
    expect(firstRanges([1, 2, 3], 2)).toEqual({ shown: [1, 2], more: 1 });
    expect(firstRanges([1], 5)).toEqual({ shown: [1], more: 0 });
  });
});
