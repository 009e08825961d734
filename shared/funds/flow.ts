/**
 * The flow of funds (issue 15, point 2; DESIGN.md "Money"): from the events
 * HQ verified, per donor organisation, each contribution → its allocations
 * → the site's round they went to → what was handed out there, by day, with
 * the ids of the handout events behind every total, so that a verifier can
 * sample them and ask the log for their inclusion proofs. Every total is a
 * sum of logged events; who paid for what follows ./attribute.ts.
 *
 * Nothing personal leaves here (principle 5): households are counted, never
 * named or listed by id; donors are organisations.
 */
import type { DidKey } from '../crypto/did-key';
import type { VerifiedEvent } from '../events/verify';
import { accounts, type Allocation, type Contribution, type RefusedAllocation } from './accounts';
import type { ItemTotal } from '../distribution/tally';
import { attribute } from './attribute';
import { addTo, money, moneyList, type Money, type Purse } from './money';
import { potKey, pots as potsOf, type ItemCount, type Pot, type Tallied } from './pots';

/** An item line's total: the tally's own shape. */
export type { ItemTotal } from '../distribution/tally';

export interface Totals {
  readonly handouts: number;
  readonly households: number;
  readonly items: readonly ItemTotal[];
  readonly cash: readonly Money[];
  /** Cash plus items at the plan's unit costs, per currency. */
  readonly value: readonly Money[];
  /** Items the plan gives no unit cost for: counted, not valued. */
  readonly unpriced: readonly ItemTotal[];
  /** The handout events behind these totals, ascending. */
  readonly handoutIds: readonly string[];
}

export interface DayTotals extends Totals {
  readonly day: string;
}

/** One site's distribution round and what was handed out there. */
export interface PotFlow extends Totals {
  readonly round: string;
  readonly site: string;
  /** Id of the plan event in force (its unit costs value the items), or null. */
  readonly plan: string | null;
  /** Sum of the households' sizes, where HQ holds them. */
  readonly people: number;
  readonly sizeUnknown: number;
  readonly days: readonly DayTotals[];
  /** Per currency: allocated here, paid for by those allocations, handed out beyond them, allocated but not handed out. */
  readonly allocated: readonly Money[];
  readonly funded: readonly Money[];
  readonly unfunded: readonly Money[];
  readonly unspent: readonly Money[];
}

export interface AllocationFlow {
  readonly id: string;
  readonly round: string;
  readonly site: string;
  readonly amount: Money;
  /** The part of the pot's value in this currency this allocation paid for (./attribute.ts). */
  readonly attributed: Money;
}

export interface ContributionFlow {
  readonly id: string;
  readonly date: string;
  readonly amount: Money;
  readonly rounds: readonly string[];
  readonly earmarks: readonly string[];
  readonly reference?: string;
  readonly allocated: Money;
  readonly unallocated: Money;
  readonly attributed: Money;
  readonly allocations: readonly AllocationFlow[];
}

export interface DonorFlow {
  readonly org: string;
  readonly name: string;
  readonly contributed: readonly Money[];
  readonly allocated: readonly Money[];
  readonly attributed: readonly Money[];
  readonly contributions: readonly ContributionFlow[];
}

export interface FundsFlow {
  readonly donors: readonly DonorFlow[];
  /** Every pot that has allocations or handouts, by round then site. */
  readonly pots: readonly PotFlow[];
  readonly refused: readonly RefusedAllocation[];
  /** Handouts in force in no pot (no round, or no certificate HQ holds at their time). */
  readonly unplaced: readonly string[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const itemList = (lines: ReadonlyMap<string, ItemCount>): ItemTotal[] =>
  [...lines.values()].map(({ code, unit, qty }) => ({ code, unit, qty })).sort((a, b) => compare(a.code, b.code) || compare(a.unit, b.unit));

function totals(t: Tallied): Totals {
  return {
    handouts: t.handoutIds.length,
    households: t.households.size,
    items: itemList(t.items),
    cash: moneyList(t.cash),
    value: moneyList(t.value),
    unpriced: itemList(t.unpriced),
    handoutIds: [...t.handoutIds].sort(),
  };
}

const emptyPot = (round: string, site: string): Pot => ({
  round,
  site,
  plan: null,
  days: new Map(),
  handoutIds: [],
  households: new Set(),
  items: new Map(),
  cash: new Map(),
  value: new Map(),
  unpriced: new Map(),
});

/** The flow of funds HQ's log shows. `hq` is HQ's key: only its contributions, allocations and plans count. */
export function fundsFlow(hq: DidKey, events: readonly VerifiedEvent[]): FundsFlow {
  const books = accounts(hq, events);
  const { pots, unplaced, sizes } = potsOf(hq, events);
  const all = new Map(pots);
  for (const a of books.allocations) if (!all.has(potKey(a))) all.set(potKey(a), emptyPot(a.round, a.site));

  // Attribution per pot and currency (./attribute.ts).
  const attributed = new Map<string, bigint>();
  const potFlows: PotFlow[] = [];
  for (const [key, pot] of all) {
    const here = books.allocations.filter((a) => potKey(a) === key);
    const allocated: Purse = new Map();
    const funded: Purse = new Map();
    const unfunded: Purse = new Map();
    const unspent: Purse = new Map();
    const currencies = new Set([...pot.value.keys(), ...here.map((a) => a.currency)]);
    for (const currency of currencies) {
      const inCurrency = here.filter((a) => a.currency === currency);
      const split = attribute(pot.value.get(currency) ?? 0n, inCurrency.map((a) => ({ id: a.id, amount: a.amount })));
      for (const share of split.shares) attributed.set(share.id, share.amount);
      for (const a of inCurrency) addTo(allocated, currency, a.amount);
      addTo(funded, currency, split.funded);
      addTo(unfunded, currency, split.unfunded);
      addTo(unspent, currency, split.unspent);
    }
    let people = 0;
    let sizeUnknown = 0;
    for (const household of pot.households) {
      const size = sizes.get(household);
      if (size === undefined) sizeUnknown++;
      else people += size;
    }
    potFlows.push({
      round: pot.round,
      site: pot.site,
      plan: pot.plan,
      ...totals(pot),
      people,
      sizeUnknown,
      days: [...pot.days].sort(([a], [b]) => compare(a, b)).map(([day, t]) => ({ day, ...totals(t) })),
      allocated: moneyList(allocated),
      funded: moneyList(funded),
      unfunded: moneyList(unfunded),
      unspent: moneyList(unspent),
    });
  }
  potFlows.sort((a, b) => compare(a.round, b.round) || compare(a.site, b.site));
  return { donors: donorFlows(books.contributions, books.allocations, attributed), pots: potFlows, refused: books.refused, unplaced };
}

function contributionFlow(c: Contribution, allocations: readonly Allocation[], attributed: ReadonlyMap<string, bigint>): ContributionFlow {
  const { currency, date, rounds, earmarks, reference } = c.event.body;
  const own = allocations.filter((a) => a.contribution === c.id);
  const allocated = own.reduce((sum, a) => sum + a.amount, 0n);
  const paid = own.reduce((sum, a) => sum + (attributed.get(a.id) ?? 0n), 0n);
  return {
    id: c.id,
    date,
    amount: money(currency, c.amount),
    rounds,
    earmarks,
    ...(reference === undefined ? {} : { reference }),
    allocated: money(currency, allocated),
    unallocated: money(currency, c.amount - allocated),
    attributed: money(currency, paid),
    allocations: own.map((a) => ({ id: a.id, round: a.round, site: a.site, amount: money(currency, a.amount), attributed: money(currency, attributed.get(a.id) ?? 0n) })),
  };
}

function donorFlows(contributions: ReadonlyMap<string, Contribution>, allocations: readonly Allocation[], attributed: ReadonlyMap<string, bigint>): DonorFlow[] {
  const byOrg = new Map<string, Contribution[]>();
  for (const c of contributions.values()) byOrg.set(c.event.body.donor.org, [...(byOrg.get(c.event.body.donor.org) ?? []), c]);
  return [...byOrg]
    .sort(([a], [b]) => compare(a, b))
    .map(([org, list]) => {
      const ordered = [...list].sort((a, b) => a.event.seq - b.event.seq);
      const flows = ordered.map((c) => contributionFlow(c, allocations, attributed));
      const sum = (pick: (f: ContributionFlow) => Money): Money[] => {
        const purse: Purse = new Map();
        for (const f of flows) addTo(purse, pick(f).currency, BigInt(pick(f).amount));
        return moneyList(purse);
      };
      return {
        org,
        // The name HQ gave the organisation last.
        name: ordered.at(-1)!.event.body.donor.name,
        contributed: sum((f) => f.amount),
        allocated: sum((f) => f.allocated),
        attributed: sum((f) => f.attributed),
        contributions: flows,
      };
    });
}
