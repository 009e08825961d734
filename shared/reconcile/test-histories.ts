/**
 * Test support (not exported from index.ts): random multi-device histories for
 * the reconciliation property tests. Several field devices record handouts
 * and stock for a few households in two rounds over three days, some of them
 * double handouts (the same household on two devices), some with a lead
 * override; a lead device voids, corrects and accepts; now and then a device
 * is cloned and both copies go on recording (a fork).
 */
import fc from 'fast-check';
import type { VerifiedEvent } from '../events/verify';
import type { ItemLine } from '../distribution/handouts';
import { testDevice, type TestDevice } from '../distribution/test-events';

export const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'] as const;
export const ROUNDS = ['R1', 'R2'] as const;

export type Step =
  | {
      kind: 'handout';
      device: number;
      household: number;
      round: number;
      day: number;
      minute: number;
      items: ItemLine[];
      cash: number | null;
      operator: number | null;
      override: boolean;
    }
  | { kind: 'stock'; device: number; direction: 'received' | 'returned'; round: number; day: number; items: ItemLine[] }
  | { kind: 'void' | 'correction'; device: number; target: number; day: number; items: ItemLine[] }
  /** Accept handouts recorded so far for one household and round (some may be voided, or of another household). */
  | { kind: 'accept'; device: number; household: number; round: number; targets: number[]; stray: number | null; day: number }
  | { kind: 'clone'; device: number };

const items = fc.array(
  fc.record({ code: fc.constantFrom('maize', 'beans', 'oil'), qty: fc.integer({ min: 1, max: 100 }), unit: fc.constantFrom('kg', 'L') }),
  { minLength: 1, maxLength: 3 },
);

/** Device index: any device so far (field devices, the lead at 0, and clones); taken modulo their number. */
const who = fc.nat(7);
const day = fc.nat(DAYS.length - 1);

export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('handout' as const),
      device: who,
      household: fc.nat(3),
      round: fc.nat(ROUNDS.length - 1),
      day,
      minute: fc.nat(59),
      items,
      cash: fc.option(fc.nat(10 ** 6), { nil: null }),
      operator: fc.option(fc.nat(2), { nil: null }),
      override: fc.nat(9).map((n) => n === 0),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stock' as const), device: who, direction: fc.constantFrom('received' as const, 'returned' as const), round: fc.nat(ROUNDS.length - 1), day, items }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('void' as const, 'correction' as const), device: who, target: fc.nat(), day, items: fc.oneof(items, fc.constant<ItemLine[]>([])) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('accept' as const),
      device: who,
      household: fc.nat(3),
      round: fc.nat(ROUNDS.length - 1),
      targets: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
      stray: fc.option(fc.nat(), { nil: null, freq: 4 }),
      day,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clone' as const), device: who }) },
);

export interface History {
  readonly events: VerifiedEvent[];
  readonly devices: TestDevice[];
}

export function history(steps: readonly Step[], fieldDevices = 3): History {
  const devices = Array.from({ length: fieldDevices + 1 }, () => testDevice());
  const events: VerifiedEvent[] = [];
  const at = (d: number, minute = 0) => `${DAYS[d]}T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const pick = (i: number) => devices[i % devices.length]!;
  const recorded = new Map<string, string[]>();
  for (const s of steps) {
    if (s.kind === 'handout') {
      const given = { items: s.items, ...(s.cash === null ? {} : { cash: { amount: s.cash, currency: 'KES' } }) };
      const envelope = { at: at(s.day, s.minute), round: ROUNDS[s.round]!, ...(s.operator === null ? {} : { operator: `op-${s.operator}` }) };
      const h = pick(s.device).handout(`HH-${s.household}000`, given, envelope, s.override ? { by: 'lead-1', reason: 'lead-decision' } : undefined);
      events.push(h);
      const key = `${s.round}/${s.household}`;
      recorded.set(key, [...(recorded.get(key) ?? []), h.id]);
    } else if (s.kind === 'stock') {
      events.push(pick(s.device).stock(s.direction, s.items, { at: at(s.day), round: ROUNDS[s.round]! }));
    } else if (s.kind === 'clone') {
      devices.push(pick(s.device).clone());
    } else if (events.length > 0) {
      const target = (i: number) => events[i % events.length]!.id;
      if (s.kind === 'void') events.push(pick(s.device).void(target(s.target), { at: at(s.day, 59) }));
      else if (s.kind === 'correction') events.push(pick(s.device).correction(target(s.target), { items: s.items }, { at: at(s.day, 59) }));
      else if (s.kind === 'accept') {
        const mine = recorded.get(`${s.round}/${s.household}`) ?? [];
        const ids = new Set(mine.length === 0 ? [] : s.targets.map((i) => mine[i % mine.length]!));
        if (s.stray !== null) ids.add(target(s.stray));
        if (ids.size >= 2) events.push(pick(s.device).accept([...ids], { at: at(s.day, 59) }));
      }
    }
  }
  return { events, devices };
}

export const histories = fc.array(step, { maxLength: 60, size: 'medium' }).map((steps) => history(steps));

/** The same events as another device holds them: any order, some received twice. */
export function anotherView(events: readonly VerifiedEvent[]): fc.Arbitrary<VerifiedEvent[]> {
  return fc
    .tuple(fc.shuffledSubarray([...events], { minLength: events.length, maxLength: events.length }), fc.subarray([...events]))
    .chain(([shuffled, again]) => fc.shuffledSubarray([...shuffled, ...again], { minLength: shuffled.length + again.length, maxLength: shuffled.length + again.length }));
}

/** A history's events, and the same events as another device holds them (`anotherView`). */
export const historyAndView: fc.Arbitrary<[VerifiedEvent[], VerifiedEvent[]]> = histories.chain((h) =>
  fc.tuple(fc.constant(h.events), anotherView(h.events)),
);
