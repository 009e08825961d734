import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SAMPLE, sampleIds } from './sample';

const ids = fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{64}$/), { maxLength: 60 });

describe('sampleIds', () => {
  it('picks up to n of the ids, the same for the same seed whatever their order', () => {
    fc.assert(
      fc.property(ids, fc.string({ maxLength: 20 }), fc.integer({ min: -5, max: 500 }), (list, seed, n) => {
        const sample = sampleIds(list, seed, n);
        expect(sample.length).toBe(Math.max(0, Math.min(n, MAX_SAMPLE, list.length)));
        expect(new Set(sample).size).toBe(sample.length);
        for (const id of sample) expect(list).toContain(id);
        expect(sampleIds([...list].reverse(), seed, n)).toEqual(sample);
      }),
      { numRuns: 50 },
    );
  });

  it('lets the verifier’s seed decide which ones', () => {
    const list = Array.from({ length: 50 }, (_, i) => i.toString(16).padStart(64, '0'));
    expect(sampleIds(list, 'seed-1', 5)).not.toEqual(sampleIds(list, 'seed-2', 5));
  });
});
