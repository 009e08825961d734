/**
 * Adding a contribution to the totals, or taking it back (`sign` −1): the
 * arithmetic of shared/distribution's `tally` done one record at a time, on
 * the working copies of `aggregateBatch`.
 */
import type { ItemLine } from '../distribution/handouts';
import type { Contribution, HandoutContribution } from './contribution';
import { groupKey, itemKey, type CashSum, type DayTotals, type HouseholdTotals, type ItemSum, type StockSum } from './documents';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] extends object ? Mutable<T[K]> : T[K] };

export type WorkingDay = Mutable<DayTotals>;
export type WorkingHousehold = Mutable<HouseholdTotals>;

export const emptyDay = (day: string): WorkingDay => ({ kind: 'day', day, handouts: 0, households: 0, items: {}, cash: {}, operators: {}, stock: {} });
export const emptyHousehold = (household: string): WorkingHousehold => ({ kind: 'household', household, days: {}, rounds: {} });

/** Sets `record[key]`, or deletes it when the last contribution was taken back. */
function put<T extends { n: number }>(record: Record<string, T>, key: string, value: T): void {
  if (value.n === 0) delete record[key];
  else record[key] = value;
}

function addItem(items: Record<string, ItemSum>, line: ItemLine, sign: number): void {
  const key = itemKey(line.code, line.unit);
  const sum = items[key] ?? { code: line.code, unit: line.unit, qty: 0, n: 0 };
  put(items, key, { ...sum, qty: sum.qty + sign * line.qty, n: sum.n + sign });
}

function addStock(day: WorkingDay, device: string, line: ItemLine, field: 'received' | 'returned' | 'handedOut', sign: number): void {
  const lines = day.stock[device] ?? {};
  const key = itemKey(line.code, line.unit);
  const sum: StockSum = lines[key] ?? { code: line.code, unit: line.unit, received: 0, returned: 0, handedOut: 0, n: 0 };
  put(lines, key, { ...sum, [field]: sum[field] + sign * line.qty, n: sum.n + sign });
  if (Object.keys(lines).length === 0) delete day.stock[device];
  else day.stock[device] = lines;
}

/** The handout's household counted on its day and for its operator; answers how the distinct counts moved. */
function countHousehold(c: HandoutContribution, household: WorkingHousehold, sign: number): { day: number; operator: number } {
  const operators = household.days[c.day] ?? {};
  const dayBefore = Object.values(operators).reduce((a, b) => a + b, 0);
  const operatorBefore = operators[c.operator] ?? 0;
  if (operatorBefore + sign === 0) delete operators[c.operator];
  else operators[c.operator] = operatorBefore + sign;
  if (Object.keys(operators).length === 0) delete household.days[c.day];
  else household.days[c.day] = operators;
  const moved = (before: number): number => (sign > 0 ? (before === 0 ? 1 : 0) : before + sign === 0 ? -1 : 0);
  return { day: moved(dayBefore), operator: moved(operatorBefore) };
}

/** Counts the handout in its round; answers whether its group became (1) or stopped being (−1) a double handout. */
function countRound(round: string, household: WorkingHousehold, sign: number): number {
  const before = household.rounds[round] ?? 0;
  const after = before + sign;
  if (after === 0) delete household.rounds[round];
  else household.rounds[round] = after;
  return before < 2 && after >= 2 ? 1 : before >= 2 && after < 2 ? -1 : 0;
}

export interface Targets {
  readonly day: WorkingDay;
  /** The handout's household; unused for stock. */
  readonly household: WorkingHousehold;
  /** Group keys of double handouts. */
  readonly conflicts: Set<string>;
}

export function applyContribution(c: Contribution, sign: 1 | -1, { day, household, conflicts }: Targets): void {
  if (c.kind === 'stock') {
    for (const line of c.items) addStock(day, c.device, line, c.direction, sign);
    return;
  }
  day.handouts += sign;
  for (const line of c.items) {
    addItem(day.items, line, sign);
    addStock(day, c.device, line, 'handedOut', sign);
  }
  if (c.cash !== undefined) {
    const sum: CashSum = day.cash[c.cash.currency] ?? { amount: '0', n: 0 };
    put(day.cash, c.cash.currency, { amount: (BigInt(sum.amount) + BigInt(sign) * BigInt(c.cash.amount)).toString(), n: sum.n + sign });
  }
  const moved = countHousehold(c, household, sign);
  day.households += moved.day;
  const operator = day.operators[c.operator] ?? { handouts: 0, households: 0 };
  const next = { handouts: operator.handouts + sign, households: operator.households + moved.operator };
  if (next.handouts === 0) delete day.operators[c.operator];
  else day.operators[c.operator] = next;
  if (c.round !== undefined) {
    const group = groupKey(c.round, c.household);
    const change = countRound(c.round, household, sign);
    if (change === 1) conflicts.add(group);
    if (change === -1) conflicts.delete(group);
  }
}

/** Whether a day's totals hold nothing any more (every handout and movement of it taken back). */
export const isEmptyDay = (day: WorkingDay): boolean => day.handouts === 0 && Object.keys(day.stock).length === 0 && Object.keys(day.cash).length === 0;

export const isEmptyHousehold = (household: WorkingHousehold): boolean =>
  Object.keys(household.days).length === 0 && Object.keys(household.rounds).length === 0;
