import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PeerBudget, TokenBucket, type Rate } from './budget';

const rate = fc.record({ burst: fc.integer({ min: 1, max: 10_000 }), perMinute: fc.integer({ min: 0, max: 100_000 }) });
const requests = fc.array(fc.record({ wait: fc.integer({ min: -1_000, max: 120_000 }), n: fc.integer({ min: 0, max: 20_000 }) }), { maxLength: 60 });

describe('TokenBucket', () => {
  it('never grants more than the burst plus the rate over the time elapsed (fast-check)', () => {
    fc.assert(
      fc.property(rate, requests, (r, reqs) => {
        const bucket = new TokenBucket(r, 0);
        let now = 0;
        let latest = 0;
        let granted = 0;
        for (const { wait, n } of reqs) {
          now += wait;
          latest = Math.max(latest, now);
          if (bucket.take(n, now)) granted += n;
          expect(granted).toBeLessThanOrEqual(r.burst + (r.perMinute * latest) / 60_000 + 1e-6);
        }
      }),
    );
  });

  it('grants every request that keeps to the rate, after a burst at the start (fast-check)', () => {
    fc.assert(
      fc.property(rate, fc.array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 40 }), (r, waits) => {
        const bucket = new TokenBucket(r, 1_000);
        expect(bucket.take(r.burst, 1_000)).toBe(true);
        let now = 1_000;
        for (const wait of waits) {
          now += wait;
          expect(bucket.take(Math.min(r.burst, Math.floor((r.perMinute * wait) / 60_000)), now)).toBe(true);
        }
      }),
    );
  });

  it('refills nothing when the clock goes back, and never past the burst', () => {
    const r: Rate = { burst: 10, perMinute: 60 };
    const bucket = new TokenBucket(r, 100_000);
    expect(bucket.take(10, 100_000)).toBe(true);
    expect(bucket.take(1, 50_000)).toBe(false);
    expect(bucket.available(101_000)).toBeCloseTo(1);
    expect(bucket.available(10_000_000)).toBe(10);
  });
});

describe('PeerBudget', () => {
  it('charges all of a cost or none of it, and says which quantity is over', () => {
    const budget = new PeerBudget({ bytes: { burst: 1_000, perMinute: 600 }, entries: { burst: 10, perMinute: 60 }, clients: { burst: 2, perMinute: 6 } }, 0);
    expect(budget.charge({ bytes: 500, entries: 5, clients: 1 }, 0)).toBeUndefined();
    expect(budget.charge({ bytes: 400, entries: 5, clients: 2 }, 0)).toMatch(/^over its rate: 2 new clients when 1 remain/);
    // Nothing was taken by the refused charge: the same bytes and entries still pass.
    expect(budget.charge({ bytes: 500, entries: 5, clients: 1 }, 0)).toBeUndefined();
    expect(budget.charge({ bytes: 1 }, 0)).toMatch(/bytes/);
    // A minute later the rate has come back.
    expect(budget.charge({ bytes: 600, entries: 10, clients: 2 }, 60_000)).toBeUndefined();
  });
});
