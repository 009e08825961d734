/**
 * Money as the funds flow counts it (issue 15, DESIGN.md "Money"): exact
 * integers of a currency's minor unit, as every event carries them. Sums run
 * in BigInt, since a donor's total over a year of handouts can pass 2^53
 * minor units, and leave as decimal strings, which JSON carries exactly.
 */

/** An amount in minor units of `currency`, as a decimal string (`"150000"` KES is 1,500.00 KES). */
export interface Money {
  readonly currency: string;
  readonly amount: string;
}

/** Amounts by currency, summed exactly. */
export type Purse = Map<string, bigint>;

export function addTo(purse: Purse, currency: string, amount: bigint): void {
  purse.set(currency, (purse.get(currency) ?? 0n) + amount);
}

export function addPurse(into: Purse, from: ReadonlyMap<string, bigint>): void {
  for (const [currency, amount] of from) addTo(into, currency, amount);
}

/** A purse as a list, currencies in order, zero amounts left out. */
export function moneyList(purse: ReadonlyMap<string, bigint>): Money[] {
  return [...purse]
    .filter(([, amount]) => amount !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, amount]) => ({ currency, amount: amount.toString() }));
}

export const money = (currency: string, amount: bigint): Money => ({ currency, amount: amount.toString() });

/**
 * Digits of each currency's minor unit per ISO 4217 (the standard the events
 * name), for the currencies where it is not 2. Not CLDR's display digits,
 * which differ for currencies aid is often paid in (IQD, SYP, YER, AFN, SOS,
 * LBP…): an amount in minor units means what ISO 4217 says it means.
 */
const ISO_4217_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export const minorDigits = (currency: string): number => ISO_4217_DIGITS[currency] ?? 2;

/** Minor units as a decimal number of major units, exactly: 150000 KES → "1500.00", 1500 UGX → "1500". */
export function majorUnits(amount: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amount < 0n ? '-' : '';
  const abs = (amount < 0n ? -amount : amount).toString().padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
