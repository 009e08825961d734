import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTaskLimit } from './task-limit';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('createTaskLimit', () => {
  it('never runs more than n tasks at once, runs every task, and starts them in the order given', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(fc.nat({ max: 3 }), { maxLength: 20 }), async (n, delays) => {
        const limit = createTaskLimit(n);
        let running = 0;
        let most = 0;
        const started: number[] = [];
        const results = await Promise.all(
          delays.map((delay, i) =>
            limit(async () => {
              started.push(i);
              most = Math.max(most, ++running);
              for (let k = 0; k < delay; k++) await tick();
              running--;
              return i;
            }),
          ),
        );
        expect(results).toEqual(delays.map((_, i) => i));
        expect(started).toEqual(delays.map((_, i) => i));
        expect(most).toBeLessThanOrEqual(n);
      }),
      { numRuns: 50 },
    );
  });

  it('frees the slot of a failed task and gives the failure to its caller only', async () => {
    const limit = createTaskLimit(1);
    const failed = limit(() => Promise.reject(new Error('boom')));
    const after = limit(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(after).resolves.toBe('next');
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => createTaskLimit(n)).toThrow(RangeError);
  });
});
