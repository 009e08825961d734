import { describe, expect, it } from 'vitest';
import { groupedLayout } from './grouped-bar-chart';

describe('groupedLayout', () => {
  it('gives every group one slot per series, groups never overlapping', () => {
    const layout = groupedLayout(3, 4);
    expect(layout.groupTop).toHaveLength(3);
    for (let g = 1; g < 3; g++) {
      expect(layout.groupTop[g]! - layout.groupTop[g - 1]!).toBeGreaterThan(layout.groupHeight);
    }
    expect(layout.groupTop[2]! + layout.groupHeight).toBeLessThanOrEqual(layout.height);
  });

  it('has room for one row with nothing to show', () => {
    expect(groupedLayout(0, 0).height).toBeGreaterThan(0);
    expect(groupedLayout(0, 0).groupTop).toEqual([]);
  });

  it('grows with the series', () => {
    expect(groupedLayout(2, 5).height).toBeGreaterThan(groupedLayout(2, 2).height);
  });
});
