/**
 * Random site histories for the aggregates' property tests (not exported
 * from index.ts): handouts, stock movements, voids, corrections and
 * resolutions on three devices, each with its own chain, delivered in a
 * random order and random batches, as peers and sync files deliver them.
 */
import fc from 'fast-check';
import type { ItemLine } from '../distribution/handouts';
import { testDevice, type TestDevice } from '../distribution/test-events';
import type { VerifiedEvent } from '../events/verify';
import { tally } from '../distribution/tally';
import { doubleHandouts, gaps, stockReport } from '../reconcile';
import type { DayTotals, DeviceChain } from './documents';
import { gapsFromChains, stockReportFromTotals, tallyFromTotals } from './read';

export const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'];
const HOUSEHOLDS = ['HH-AAAA', 'HH-BBBB', 'HH-CCCC'];
const ROUNDS = ['R1', 'R2', null] as const;
const CODES = ['RICE', 'OIL'];

const line = fc.record({ code: fc.constantFrom(...CODES), qty: fc.integer({ min: 1, max: 50 }), unit: fc.constantFrom('kg', 'l') });
const given = fc.oneof(
  fc.record({ items: fc.array(line, { minLength: 1, maxLength: 3 }) }),
  fc.record({ cash: fc.record({ amount: fc.nat({ max: 10_000 }), currency: fc.constantFrom('USD', 'XOF') }) }),
  fc.record({ items: fc.array(line, { minLength: 1, maxLength: 2 }), cash: fc.record({ amount: fc.nat({ max: 10_000 }), currency: fc.constant('USD') }) }),
);
/** What a correction says the target should have given: possibly nothing at all. */
const correctedTo = fc.oneof(given, fc.constant({}), fc.constant({ items: [] as ItemLine[] }));
const at = fc.tuple(fc.constantFrom(...DAYS), fc.integer({ min: 8, max: 17 })).map(([day, hour]) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
/** An operator only sometimes: handouts recorded without one count apart. */
const envelope = fc.record({ at, round: fc.constantFrom(...ROUNDS), operator: fc.constantFrom('op-1', 'op-2') }, { requiredKeys: ['at', 'round'] });

/** One step of a site's history; a target counts back from the last event recorded, so amendments often meet what they amend. */
const step = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('handout' as const), device: fc.nat(2), household: fc.constantFrom(...HOUSEHOLDS), given, envelope, override: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stock' as const), device: fc.nat(2), direction: fc.constantFrom('received' as const, 'returned' as const), items: fc.array(line, { minLength: 1, maxLength: 3 }), envelope }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), device: fc.nat(2), target: fc.nat(6), envelope }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('correction' as const), device: fc.nat(2), target: fc.nat(6), given: correctedTo, envelope }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolution' as const), device: fc.nat(2), targets: fc.array(fc.nat(), { minLength: 2, maxLength: 3 }), envelope }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** The events a history of steps records, on three devices, each with its own chain. */
export function record(steps: readonly Step[]): VerifiedEvent[] {
  const devices: TestDevice[] = [testDevice(), testDevice(), testDevice()];
  const events: VerifiedEvent[] = [];
  const handouts: string[] = [];
  for (const s of steps) {
    const device = devices[s.device]!;
    const pick = (n: number) => events[events.length - 1 - (n % events.length)]!.id;
    let event: VerifiedEvent | undefined;
    if (s.kind === 'handout') event = device.handout(s.household, s.given, s.envelope, s.override ? { by: 'lead-1', reason: 'second-collector' } : undefined);
    if (s.kind === 'stock') event = device.stock(s.direction, s.items, s.envelope);
    if (s.kind === 'void' && events.length > 0) event = device.void(pick(s.target), s.envelope);
    if (s.kind === 'correction' && events.length > 0) event = device.correction(pick(s.target), s.given, s.envelope);
    if (s.kind === 'resolution') {
      const named = [...new Set(s.targets.map((t) => handouts[t % Math.max(1, handouts.length)]))].filter((id) => id !== undefined);
      if (named.length >= 2) event = device.accept(named, s.envelope);
    }
    if (event === undefined) continue;
    events.push(event);
    if (event.event.type === 'handout') handouts.push(event.id);
  }
  return events;
}

/** The events in the order given by `order` (a permutation by sort keys), cut into batches of the given sizes. */
export function deliveries(events: readonly VerifiedEvent[], order: readonly number[], sizes: readonly number[]): VerifiedEvent[][] {
  const shuffled = events.map((e, i) => ({ e, k: order[i % order.length]! + i / 1e6 })).sort((a, b) => a.k - b.k).map(({ e }) => e);
  const batches: VerifiedEvent[][] = [];
  let i = 0;
  for (let b = 0; i < shuffled.length; b++) {
    const size = sizes[b % sizes.length]!;
    batches.push(shuffled.slice(i, i + size));
    i += size;
  }
  return batches;
}


export const history = fc.array(step, { minLength: 1, maxLength: 40 });
export const order = fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 });
export const sizes = fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 5 });

/**
 * What the screens read from aggregates (`actual`) beside what the pure
 * functions compute from every event held (`expected`): a test expects them
 * equal. Double handouts are read from the handouts of the groups the
 * conflict index names, with every void, correction and resolution: the
 * index names every group (evidence.test.ts checks the narrower evidence
 * the kit reads, ./evidence.ts).
 */
export function recomputation(events: readonly VerifiedEvent[], days: readonly DayTotals[], chains: readonly DeviceChain[], groups: readonly string[]) {
  const named = new Set(groups);
  const evidence = events.filter(({ event }) =>
    event.type === 'handout' ? named.has(`${event.round ?? ''}\u0000${event.body.household}`) : ['void', 'correction', 'resolution'].includes(event.type),
  );
  return {
    actual: {
      tallies: DAYS.map((day) => tallyFromTotals(day, days)),
      stock: stockReportFromTotals(days),
      gaps: gapsFromChains(chains),
      doubleHandouts: doubleHandouts(evidence),
    },
    expected: {
      tallies: DAYS.map((day) => tally(events, { day })),
      stock: stockReport(events),
      gaps: gaps(events),
      doubleHandouts: doubleHandouts(events),
    },
  };
}
