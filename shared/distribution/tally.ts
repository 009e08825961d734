/**
 * The tally a team lead watches during the day and signs at day close
 * (DESIGN.md roles; `dayCloseBody`): handouts, households served, items and
 * cash given, per operator, and stock on hand.
 *
 * - Handouts are the effective ones (voids and corrections applied: every
 *   amendment known when the tally is computed counts, whenever it was made).
 *   A handout belongs to the UTC day of its `at` and to its envelope's round.
 * - Stock is not per day: everything received and returned, less everything
 *   handed out, up to the end of `day` (all of it without a day). With a
 *   round, only that round's stock events and handouts count.
 * - Orders are fixed (code, then unit; currency; operator, unrecorded last),
 *   compared by UTF-16 code units rather than a locale, so two devices with
 *   the same events produce the same tally, byte for byte.
 * - Cash totals are checked against Number.MAX_SAFE_INTEGER: one signed amount
 *   may be as large as that (`minorUnitsSchema`), and a wrong total is worse
 *   than an error. Quantities need no check: a line is at most 1,000,000
 *   (`quantitySchema`), so a total would need billions of lines to lose
 *   precision.
 */
import { daySchema, codeSchema } from '../events/fields';
import type { VerifiedEvent } from '../events/verify';
import { err, ok, type Result } from '../result';
import { effectiveHandouts } from './handouts';
import { effectiveStock } from './stock';

export interface TallyOptions {
  /** UTC date `YYYY-MM-DD`: handouts of that day; stock up to its end. */
  readonly day?: string;
  readonly round?: string;
}

export interface ItemTotal {
  readonly code: string;
  readonly unit: string;
  readonly qty: number;
}

export interface CashTotal {
  readonly currency: string;
  readonly amount: number;
}

export interface OperatorTotal {
  /** Pseudonymous operator id; null for handouts recorded without one. */
  readonly operator: string | null;
  readonly handouts: number;
  readonly households: number;
}

export interface StockLine {
  readonly code: string;
  readonly unit: string;
  readonly received: number;
  readonly returned: number;
  readonly handedOut: number;
  /** received − returned − handed out; negative means more was recorded out than came in. */
  readonly left: number;
}

export interface Tally {
  readonly handouts: number;
  /** Distinct households served. */
  readonly households: number;
  readonly byItem: readonly ItemTotal[];
  readonly cash: readonly CashTotal[];
  readonly byOperator: readonly OperatorTotal[];
  readonly stock: readonly StockLine[];
}

export type TallyErrorCode = 'bad-options' | 'overflow';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const itemKey = (code: string, unit: string): string => `${code}\u0000${unit}`;
const dayOf = (at: string): string => at.slice(0, 10);

function compute(events: readonly VerifiedEvent[], day: string | undefined, round: string | undefined): Result<Tally, 'overflow'> {
  const inRound = (r: string | undefined): boolean => round === undefined || r === round;
  const upToDay = (at: string): boolean => day === undefined || dayOf(at) <= day;

  const all = effectiveHandouts(events).filter((h) => inRound(h.event.round));
  const todays = day === undefined ? all : all.filter((h) => dayOf(h.event.at) === day);

  const items = new Map<string, ItemTotal>();
  const cash = new Map<string, number>();
  const households = new Set<string>();
  const operators = new Map<string | null, { handouts: number; households: Set<string> }>();
  for (const h of todays) {
    const household = h.event.body.household;
    households.add(household);
    for (const line of h.items) {
      const key = itemKey(line.code, line.unit);
      const before = items.get(key)?.qty ?? 0;
      items.set(key, { code: line.code, unit: line.unit, qty: before + line.qty });
    }
    if (h.cash !== undefined) {
      const { currency, amount } = h.cash;
      const total = (cash.get(currency) ?? 0) + amount;
      if (!Number.isSafeInteger(total)) return err('overflow', `the ${currency} total is too large to count exactly`);
      cash.set(currency, total);
    }
    const operator = h.event.operator ?? null;
    const entry = operators.get(operator) ?? { handouts: 0, households: new Set<string>() };
    entry.handouts++;
    entry.households.add(household);
    operators.set(operator, entry);
  }

  const stock = new Map<string, { code: string; unit: string; received: number; returned: number; handedOut: number }>();
  const stockLine = (code: string, unit: string) => {
    const key = itemKey(code, unit);
    const line = stock.get(key) ?? { code, unit, received: 0, returned: 0, handedOut: 0 };
    stock.set(key, line);
    return line;
  };
  for (const s of effectiveStock(events)) {
    if (!inRound(s.event.round) || !upToDay(s.event.at)) continue;
    for (const line of s.items) {
      const entry = stockLine(line.code, line.unit);
      entry[s.direction] += line.qty;
    }
  }
  for (const h of all) {
    if (!upToDay(h.event.at)) continue;
    for (const line of h.items) {
      const entry = stockLine(line.code, line.unit);
      entry.handedOut += line.qty;
    }
  }

  return ok({
    handouts: todays.length,
    households: households.size,
    byItem: [...items.values()].sort((a, b) => compare(a.code, b.code) || compare(a.unit, b.unit)),
    cash: [...cash].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => compare(a.currency, b.currency)),
    byOperator: [...operators]
      .map(([operator, e]) => ({ operator, handouts: e.handouts, households: e.households.size }))
      .sort((a, b) => (a.operator === null ? 1 : b.operator === null ? -1 : compare(a.operator, b.operator))),
    stock: [...stock.values()]
      .sort((a, b) => compare(a.code, b.code) || compare(a.unit, b.unit))
      .map((s) => ({ ...s, left: s.received - s.returned - s.handedOut })),
  });
}

/** The tally of verified events for a day and/or round (all of them without either). */
export function tally(events: readonly VerifiedEvent[], options: TallyOptions = {}): Result<Tally, TallyErrorCode> {
  const { day, round } = options;
  if (day !== undefined && !daySchema.safeParse(day).success) {
    return err('bad-options', `“${String(day)}” is not a date like 2026-11-24`);
  }
  if (round !== undefined && !codeSchema.safeParse(round).success) {
    return err('bad-options', `“${String(round)}” is not a round id`);
  }
  return compute(events, day, round);
}
