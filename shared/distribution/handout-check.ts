/**
 * What a handout may give against an entitlement: the one rule the kit
 * enforces before it signs a handout and the handout form shows as the
 * officer types (issue 9: domain rules live once).
 */
import { err, ok, type Result } from '../result';
import { isPartial, type Entitlement, type Given } from './handouts';

export type HandoutLinesError = 'bad-quantity' | 'over-entitlement' | 'nothing-to-give';


/**
 * Every item line a whole number above 0 and no more than the entitlement of
 * that code and unit; cash in the entitled currency, a whole number of minor
 * units, no more than entitled; something given. Answers whether the handout
 * is partial (less than the entitlement somewhere: it then needs a reason).
 */
export function checkHandoutLines(given: Given, entitlement: Entitlement): Result<{ readonly partial: boolean }, HandoutLinesError> {
  const items = given.items ?? [];
  for (const line of items) {
    if (!Number.isSafeInteger(line.qty) || line.qty <= 0) return err('bad-quantity', `${line.code}: quantity must be a whole number above 0`);
    const due = entitlement.items.find((e) => e.code === line.code && e.unit === line.unit);
    if (due === undefined || line.qty > due.qty) return err('over-entitlement', `${line.code}: ${line.qty} ${line.unit} is more than the entitlement`);
  }
  const cash = given.cash;
  if (cash !== undefined) {
    if (!Number.isSafeInteger(cash.amount) || cash.amount < 0) return err('bad-quantity', 'cash: the amount must be a whole number of minor units');
    if (entitlement.cash === undefined || cash.currency !== entitlement.cash.currency || cash.amount > entitlement.cash.amount) {
      return err('over-entitlement', 'the cash amount is more than the entitlement');
    }
  }
  if (items.length === 0 && cash === undefined) return err('nothing-to-give', 'nothing to hand out');
  return ok({ partial: isPartial(given, entitlement) });
}
