import { describe, expect, it } from 'vitest';
import { oneAhead } from './one-ahead';

describe('oneAhead', () => {
  it('answers every item in order, the next one started before the caller has the one before', async () => {
    const started: number[] = [];
    const seen: string[] = [];
    for await (const [item, answer] of oneAhead([1, 2, 3], async (n) => (started.push(n), n * 10))) {
      seen.push(`${item}:${answer} started ${started.join(',')}`);
    }
    expect(seen).toEqual(['1:10 started 1,2', '2:20 started 1,2,3', '3:30 started 1,2,3']);
  });

  it('answers nothing for no items', async () => {
    const seen: unknown[] = [];
    for await (const pair of oneAhead([], async () => 1)) seen.push(pair);
    expect(seen).toEqual([]);
  });

  it('fails at the item whose work failed, after the items before it, with no unhandled rejection', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const [item] of oneAhead([1, 2, 3], async (n) => (n === 2 ? Promise.reject(new Error('item 2')) : n))) seen.push(item);
    };
    await expect(run()).rejects.toThrow('item 2');
    expect(seen).toEqual([1]);
  });
});
