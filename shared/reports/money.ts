/**
 * Cash in a report is in major units (1500.00 USD, not 150000): what a
 * finance officer reads and what HXL's `#value` means. Events keep minor
 * units (DESIGN.md); the digits of a currency's minor unit (ISO 4217: USD 2,
 * XAF 0, JOD 3) come from Intl, which both Node and Chromium carry with full
 * ICU data, so every laptop divides alike.
 */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // Not a currency Intl knows: ISO 4217's usual two digits.
    return 2;
  }
}

/** Minor units → major units, as a number a spreadsheet can sum (exact to the minor unit below 2^53 / 10^digits). */
export const majorUnits = (amount: number, currency: string): number => amount / 10 ** minorDigits(currency);
