import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VerifiedEvent } from '../events/verify';
import { gaps } from './gaps';
import { testDevice } from '../distribution/test-events';
import { histories, historyAndView } from './test-histories';

const maize = { code: 'maize', qty: 36, unit: 'kg' };

/**
 * n more events of a device (handouts of distinct households). The tag keeps a
 * clone's events apart from the original's: a copy that records exactly what
 * the original did writes the very same events, the same ids, and no fork.
 */
function run(n: number, device = testDevice({ round: 'R1' }), tag = 'A'): VerifiedEvent[] {
  return Array.from({ length: n }, (_, i) => device.handout(`HH-${tag}${String(i).padStart(4, '0')}`, { items: [maize] }));
}

describe('gaps', () => {
  it('reports nothing missing for whole chains', () => {
    const a = testDevice();
    const events = run(5, a);
    expect(gaps(events)).toEqual({ devices: [{ device: a.did, held: 5, last: 5, missing: [], missingCount: 0 }], forks: [] });
    expect(gaps([])).toEqual({ devices: [], forks: [] });
  });

  it('lists the sequence numbers not seen yet as ranges, per device', () => {
    const a = testDevice();
    const b = testDevice();
    const ea = run(140, a);
    const eb = run(3, b);
    const held = [...ea.filter((e) => !(e.event.seq >= 120 && e.event.seq <= 130) && e.event.seq !== 2 && e.event.seq !== 7), eb[2]!];
    const report = gaps(held);
    const byDevice = new Map(report.devices.map((d) => [d.device, d]));
    expect(byDevice.get(a.did)).toEqual({
      device: a.did,
      held: 140 - 13,
      last: 140,
      missing: [
        { from: 2, to: 2 },
        { from: 7, to: 7 },
        { from: 120, to: 130 },
      ],
      missingCount: 13,
    });
    expect(byDevice.get(b.did)).toEqual({ device: b.did, held: 1, last: 3, missing: [{ from: 1, to: 2 }], missingCount: 2 });
    expect(report.forks).toEqual([]);
    expect(report.devices.map((d) => d.device)).toEqual([a.did, b.did].sort());
  });

  it('counts the events a device announced beyond the last one held, and devices only announced', () => {
    const a = testDevice();
    const events = run(3, a);
    const quiet = testDevice().did;
    const report = gaps(events, { announced: new Map([[a.did, 10], [quiet, 4], ['did:key:bogus', Number.NaN]]) });
    expect(report.devices.find((d) => d.device === a.did)).toMatchObject({ last: 10, missing: [{ from: 4, to: 10 }], missingCount: 7 });
    expect(report.devices.find((d) => d.device === quiet)).toEqual({ device: quiet, held: 0, last: 4, missing: [{ from: 1, to: 4 }], missingCount: 4 });
    expect(report.devices.some((d) => d.device === 'did:key:bogus')).toBe(false);
    // An announcement below what is held changes nothing.
    expect(gaps(events, { announced: new Map([[a.did, 1]]) })).toEqual(gaps(events));
  });

  it('costs nothing for huge sequence numbers', () => {
    const a = testDevice();
    const first = run(1, a)[0]!;
    const far = { id: 'f'.repeat(64), event: { ...first.event, seq: Number.MAX_SAFE_INTEGER, prev: 'e'.repeat(64) } };
    expect(gaps([first, far]).devices[0]).toMatchObject({
      last: Number.MAX_SAFE_INTEGER,
      missing: [{ from: 2, to: Number.MAX_SAFE_INTEGER - 1 }],
      missingCount: Number.MAX_SAFE_INTEGER - 2,
    });
  });

  it('finds a cloned device: two events with one seq, and a chain that does not follow the stored event', () => {
    const a = testDevice();
    const common = run(3, a);
    const copy = a.clone();
    const mine = run(2, a); // seq 4, 5
    const theirs = run(2, copy, 'B'); // seq 4, 5 on another branch
    expect(gaps([...common, ...mine, ...theirs]).forks).toEqual([
      { kind: 'same-seq', device: a.did, seq: 4, events: [mine[0]!.id, theirs[0]!.id].sort() },
      { kind: 'same-seq', device: a.did, seq: 5, events: [mine[1]!.id, theirs[1]!.id].sort() },
    ]);
    // Holding only one branch at seq 4 and the other at 5: no duplicate seq, but 5 does not follow 4.
    expect(gaps([...common, mine[0]!, theirs[1]!]).forks).toEqual([
      { kind: 'broken-chain', device: a.did, seq: 5, event: theirs[1]!.id, prev: theirs[0]!.id, expected: [mine[0]!.id] },
    ]);
    // The device's gaps stay those of its sequence numbers.
    expect(gaps([...common, ...mine, ...theirs]).devices[0]).toMatchObject({ held: 5, last: 5, missing: [] });
  });

  it('sees duplicates as one event, never as a fork', () => {
    const events = run(4);
    expect(gaps([...events, ...events, { ...events[1]! }]).forks).toEqual([]);
  });

  it('sees a clone that recorded exactly what the original did as the same events, not a fork', () => {
    const a = testDevice();
    const common = run(2, a);
    const copy = a.clone();
    const mine = run(2, a);
    const same = run(2, copy);
    expect(same.map((e) => e.id)).toEqual(mine.map((e) => e.id));
    expect(gaps([...common, ...mine, ...same])).toEqual(gaps([...common, ...mine]));
  });
});

describe('gaps properties (fast-check)', () => {
  it('is the same on every device holding the same events, in any order, with duplicates', () => {
    fc.assert(
      fc.property(historyAndView, ([events, view]) => {
        expect(gaps(view)).toEqual(gaps(events));
      }),
    );
  });

  it('reports exactly the sequence numbers left out, and forks only where a device was cloned', () => {
    fc.assert(
      fc.property(
        histories.chain((h) => fc.tuple(fc.constant(h), fc.subarray(h.events))),
        ([{ events, devices }, dropped]) => {
          const gone = new Set(dropped.map((e) => e.id));
          const held = events.filter((e) => !gone.has(e.id));
          const report = gaps(held);
          const cloned = new Set(devices.map((d) => d.did)).size < devices.length;
          if (!cloned) expect(report.forks).toEqual([]);
          for (const d of report.devices) {
            const seqs = new Set(held.filter((e) => e.event.device === d.device).map((e) => e.event.seq));
            const last = Math.max(...seqs);
            const missing = d.missing.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i));
            const expected = Array.from({ length: last }, (_, i) => i + 1).filter((s) => !seqs.has(s));
            expect(missing).toEqual(expected);
            expect(d.missingCount).toBe(expected.length);
            expect(d.held).toBe(seqs.size);
            expect(d.last).toBe(last);
          }
          // Every fork involves a device that was cloned.
          const clones = new Set<string>(devices.map((d) => d.did).filter((did, i, all) => all.indexOf(did) !== i));
          for (const f of report.forks) expect(clones.has(f.device)).toBe(true);
        },
      ),
    );
  });

  it('finds a fork whenever both copies of a cloned device recorded an event at the same seq', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (before, left, right) => {
        const a = testDevice();
        const common = run(before, a);
        const copy = a.clone();
        const events = [...common, ...run(left, a), ...run(right, copy, 'B')];
        const forks = gaps(events).forks.filter((f) => f.kind === 'same-seq');
        expect(forks.map((f) => f.seq)).toEqual(Array.from({ length: Math.min(left, right) }, (_, i) => before + i + 1));
      }),
    );
  });
});
