/**
 * The one order every reconciliation list uses: UTF-16 code units, never a
 * locale, so two devices sort the same strings the same way. For lowercase
 * hex ids it is also the order of the id bytes.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
