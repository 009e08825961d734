/**
 * Who paid for what was handed out (issue 15, point 2). The rule:
 *
 *   Within one site's round (a pot) and one currency, the value handed out
 *   is paid for by the allocations to that pot in that currency, each in
 *   proportion to its amount, and never beyond it: with A allocated and V
 *   handed out, F = min(V, A) is funded and allocation a is attributed
 *   F × a / A. What was handed out beyond A is unfunded (paid from money
 *   the log does not show); what was allocated beyond V is not yet spent.
 *
 * Value in one currency is never paid with money in another: the log holds
 * no exchange rates, and a donor's total must be a sum of logged events.
 * Shares are exact integers of minor units: each allocation gets the floor
 * of its share, and the units the floors leave over go one each to the
 * largest remainders (ties to the smaller allocation id), so the shares add
 * up to F exactly and none exceeds its allocation. Nothing depends on the
 * order events arrived in.
 */

export interface Share {
  readonly id: string;
  readonly amount: bigint;
}

export interface Attribution {
  /** min(value, allocated): what the allocations paid for. */
  readonly funded: bigint;
  /** value − allocated when positive: handed out beyond what was allocated. */
  readonly unfunded: bigint;
  /** allocated − value when positive: allocated, not (yet) handed out. */
  readonly unspent: bigint;
  /** Per allocation, in the order given. */
  readonly shares: readonly Share[];
}

/** Splits `value` among `allocations` (positive amounts, distinct ids) by the rule above. */
export function attribute(value: bigint, allocations: readonly Share[]): Attribution {
  const allocated = allocations.reduce((sum, a) => sum + a.amount, 0n);
  const funded = value < allocated ? value : allocated;
  const unfunded = value > allocated ? value - allocated : 0n;
  const unspent = allocated > value ? allocated - value : 0n;
  if (allocated === 0n) return { funded, unfunded, unspent, shares: allocations.map(({ id }) => ({ id, amount: 0n })) };

  const floors = allocations.map(({ id, amount }) => ({ id, floor: (funded * amount) / allocated, remainder: (funded * amount) % allocated }));
  let left = funded - floors.reduce((sum, f) => sum + f.floor, 0n);
  const extra = new Set<string>();
  const byRemainder = [...floors].sort((a, b) => (a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const f of byRemainder) {
    if (left === 0n) break;
    extra.add(f.id);
    left--;
  }
  return { funded, unfunded, unspent, shares: floors.map(({ id, floor }) => ({ id, amount: floor + (extra.has(id) ? 1n : 0n) })) };
}
