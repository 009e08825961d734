/**
 * What the handout form's fields say: the quantities and the cash as typed,
 * read into numbers, and what may be recorded of them. Whether that is
 * partial, or more than entitled, are the shared rules (shared/distribution
 * `isPartial`, `checkHandoutLines`), the ones the kit applies when it records
 * the handout.
 */
import { checkHandoutLines, isPartial, type Entitlement, type Given, type HandoutLinesError } from '../../../../shared/distribution';
import type { Cash, ItemLine } from '../../kit/api';
import { parseMajorAmount } from '../common/format';

/** Whole, non-negative quantities only; '' counts as 0. */
export function parseQty(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  return /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** One entitled line and the quantity typed for it (undefined: not a whole number). */
export interface TypedLine {
  readonly line: ItemLine;
  readonly qty: number | undefined;
}

export interface TypedHandout {
  readonly lines: readonly TypedLine[];
  /** The cash typed, in minor units (undefined: not an amount); absent without entitled cash. */
  readonly cash?: { readonly entitled: Cash; readonly amount: number | undefined };
}

export function readHandout(entitlement: Entitlement, quantities: readonly string[], cashText: string): TypedHandout {
  const lines = entitlement.items.map((line, index) => ({ line, qty: parseQty(quantities[index] ?? '') }));
  const entitled = entitlement.cash;
  return entitled ? { lines, cash: { entitled, amount: parseMajorAmount(cashText || '0', entitled.currency) } } : { lines };
}

/** What is recorded: the lines and cash above 0. */
export function givenOf(typed: TypedHandout): { readonly items: ItemLine[]; readonly cash?: Cash } {
  const items = typed.lines
    .filter(({ qty }) => (qty ?? 0) > 0)
    .map(({ line, qty }) => ({ code: line.code, unit: line.unit, qty: qty ?? 0 }));
  const amount = typed.cash?.amount ?? 0;
  return typed.cash && amount > 0 ? { items, cash: { amount, currency: typed.cash.entitled.currency } } : { items };
}

/** Less than the entitlement: a field that cannot be read does not count as less (it is refused as it is). */
export function typedIsPartial(typed: TypedHandout, entitlement: Entitlement): boolean {
  const given: Given = {
    items: typed.lines.map(({ line, qty }) => ({ ...line, qty: qty ?? line.qty })),
    cash: typed.cash && { currency: typed.cash.entitled.currency, amount: typed.cash.amount ?? typed.cash.entitled.amount },
  };
  return isPartial(given, entitlement);
}

const problemOf = (check: ReturnType<typeof checkHandoutLines>): HandoutLinesError | undefined => (check.ok ? undefined : check.code);

/** Why a line's field is wrong, if it is; 0 is not a problem (the line is simply not given). */
export function lineProblem({ line, qty }: TypedLine, entitlement: Entitlement): HandoutLinesError | undefined {
  if (qty === undefined) return 'bad-quantity';
  return qty === 0 ? undefined : problemOf(checkHandoutLines({ items: [{ ...line, qty }] }, entitlement));
}

/** Why the cash field is wrong, if it is. */
export function cashProblem({ cash }: TypedHandout, entitlement: Entitlement): HandoutLinesError | undefined {
  if (cash === undefined) return undefined;
  if (cash.amount === undefined) return 'bad-quantity';
  return problemOf(checkHandoutLines({ cash: { currency: cash.entitled.currency, amount: cash.amount } }, entitlement));
}

/**
 * Why the typed handout cannot be recorded as it is, if it cannot: the check
 * the kit applies to what would be given, except that more than entitled is
 * named before a field that cannot be read (which givenOf leaves out).
 */
export function quantityProblem(typed: TypedHandout, entitlement: Entitlement): HandoutLinesError | undefined {
  const check = problemOf(checkHandoutLines(givenOf(typed), entitlement));
  if (check === 'over-entitlement') return check;
  const unreadable = typed.lines.some(({ qty }) => qty === undefined) || (typed.cash !== undefined && typed.cash.amount === undefined);
  return unreadable ? 'bad-quantity' : check;
}
