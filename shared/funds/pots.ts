/**
 * What happened where money was sent (issue 15): the handouts in force
 * (voids and corrections applied, shared/distribution effectiveHandouts) of
 * each site's distribution round, a "pot", counted and valued.
 *
 * - A handout's round is its envelope's; its site is the one HQ's
 *   certificate of the laptop that signed it names at the handout's time
 *   (shared/ledger standingAt), as HQ's intake files its batch. A handout
 *   with neither is in no pot (`unplaced`), counted but funded by no one.
 * - Value (DESIGN.md "Money"): cash in its own currency; items at the unit
 *   costs of the pot's plan (HQ's latest `plan` event for that round and
 *   site). Items the plan does not price are counted and listed as
 *   `unpriced`, never guessed at.
 * - Households are counted, never named: a household's id is only a key
 *   here. People are the households' sizes as HQ last recorded them
 *   (enrolment or household-update, the later by `at` then id); a household
 *   HQ holds no size for is counted in `sizeUnknown`.
 * - A handout belongs to the UTC day of its `at`.
 */
import type { EffectiveHandout } from '../distribution/handouts';
import { effectiveHandouts } from '../distribution/handouts';
import { planFromEvent, unitCostOf, type DistributionPlan } from '../distribution/plan';
import type { VerifiedEvent } from '../events/verify';
import { buildRegistry, standingAt } from '../ledger/registry';
import { addPurse, addTo, type Purse } from './money';

export interface PotKey {
  readonly round: string;
  readonly site: string;
}

export const potKey = ({ round, site }: PotKey): string => `${round}\u0000${site}`;

export interface ItemCount {
  readonly code: string;
  readonly unit: string;
  qty: number;
}

/** One day's, or a whole pot's, handouts. */
export interface Tallied {
  readonly handoutIds: string[];
  readonly households: Set<string>;
  readonly items: Map<string, ItemCount>;
  readonly cash: Purse;
  /** Cash plus priced items, by currency. */
  readonly value: Purse;
  readonly unpriced: Map<string, ItemCount>;
}

export interface Pot extends PotKey, Tallied {
  readonly plan: string | null;
  readonly days: Map<string, Tallied>;
}

export interface Pots {
  readonly pots: ReadonlyMap<string, Pot>;
  /** Handouts in force that no pot holds (no round, or no certificate HQ holds at their time). */
  readonly unplaced: readonly string[];
  /** Latest size HQ holds for each household. */
  readonly sizes: ReadonlyMap<string, number>;
}

const tallied = (): Tallied => ({ handoutIds: [], households: new Set(), items: new Map(), cash: new Map(), value: new Map(), unpriced: new Map() });

function count(lines: Map<string, ItemCount>, code: string, unit: string, qty: number): void {
  const key = `${code}\u0000${unit}`;
  const line = lines.get(key);
  if (line === undefined) lines.set(key, { code, unit, qty });
  else line.qty += qty;
}

/** Adds one handout to a tally; its value is worked out once by the caller. */
function add(into: Tallied, handout: EffectiveHandout, value: Purse, plan: DistributionPlan | undefined): void {
  into.handoutIds.push(handout.id);
  into.households.add(handout.event.body.household);
  if (handout.cash !== undefined) addTo(into.cash, handout.cash.currency, BigInt(handout.cash.amount));
  for (const line of handout.items) {
    count(into.items, line.code, line.unit, line.qty);
    if (plan === undefined || unitCostOf(plan, line.code, line.unit) === undefined) count(into.unpriced, line.code, line.unit, line.qty);
  }
  addPurse(into.value, value);
}

/** A handout's value: its cash, and its items at the plan's unit costs. */
export function handoutValue(handout: Pick<EffectiveHandout, 'items' | 'cash'>, plan: DistributionPlan | undefined): Purse {
  const value: Purse = new Map();
  if (handout.cash !== undefined) addTo(value, handout.cash.currency, BigInt(handout.cash.amount));
  for (const line of handout.items) {
    const cost = plan === undefined ? undefined : unitCostOf(plan, line.code, line.unit);
    if (cost !== undefined) addTo(value, cost.currency, BigInt(cost.amount) * BigInt(line.qty));
  }
  return value;
}

const later = (a: VerifiedEvent, b: VerifiedEvent): boolean => (a.event.at !== b.event.at ? a.event.at > b.event.at : a.id > b.id);

/** HQ's plan in force for each pot: the latest of HQ's chain (highest seq) that validates. */
function plansByPot(hq: string, events: readonly VerifiedEvent[]): Map<string, { id: string; plan: DistributionPlan; seq: number }> {
  const plans = new Map<string, { id: string; plan: DistributionPlan; seq: number }>();
  for (const { id, event } of events) {
    if (event.type !== 'plan' || event.device !== hq) continue;
    const plan = planFromEvent(event);
    if (!plan.ok) continue;
    const key = potKey({ round: plan.value.round, site: plan.value.site });
    const known = plans.get(key);
    if (known === undefined || event.seq > known.seq) plans.set(key, { id, plan: plan.value, seq: event.seq });
  }
  return plans;
}

function householdSizes(events: readonly VerifiedEvent[]): Map<string, number> {
  const latest = new Map<string, VerifiedEvent & { size: number }>();
  for (const e of events) {
    if (e.event.type !== 'enrolment' && e.event.type !== 'household-update') continue;
    const known = latest.get(e.event.body.household);
    if (known === undefined || later(e, known)) latest.set(e.event.body.household, { ...e, size: e.event.body.size });
  }
  return new Map([...latest].map(([household, e]) => [household, e.size]));
}

export function pots(hq: string, events: readonly VerifiedEvent[]): Pots {
  const { registry } = buildRegistry(hq as Parameters<typeof buildRegistry>[0], events);
  const plans = plansByPot(hq, events);
  const result = new Map<string, Pot>();
  const unplaced: string[] = [];
  for (const handout of effectiveHandouts(events)) {
    const { round, device, at } = handout.event;
    const standing = standingAt(registry, device, at);
    if (round === undefined || !standing.ok) {
      unplaced.push(handout.id);
      continue;
    }
    const where = { round, site: standing.value.site };
    const key = potKey(where);
    const planned = plans.get(key);
    let pot = result.get(key);
    if (pot === undefined) {
      pot = { ...where, plan: planned?.id ?? null, days: new Map(), ...tallied() };
      result.set(key, pot);
    }
    const day = at.slice(0, 10);
    let daily = pot.days.get(day);
    if (daily === undefined) pot.days.set(day, (daily = tallied()));
    const value = handoutValue(handout, planned?.plan);
    add(pot, handout, value, planned?.plan);
    add(daily, handout, value, planned?.plan);
  }
  return { pots: result, unplaced: unplaced.sort(), sizes: householdSizes(events) };
}
