/**
 * Which lines of a handout give more than the stock on hand (issue 11): a
 * warning for the officer, not a refusal; the kit records the handout
 * either way. Stock on hand is the tally's (`left`: received, less returned,
 * less handed out, as this laptop knows them).
 */
import type { ItemLine, Tally } from '../../kit/api';

export interface OverStock {
  readonly line: ItemLine;
  /** What is on hand before this handout (negative: more was recorded out than came in). */
  readonly left: number;
}

/**
 * An item this laptop has no stock line for has none on hand, once the site
 * records stock at all. A laptop that has no stock received in its records
 * (stock is not tracked here, or not synced yet) warns of nothing: else every
 * line of every handout would, and officers would learn to ignore the warning.
 */
export function overStock(lines: readonly ItemLine[], stock: Tally['stock']): OverStock[] {
  if (!stock.some((s) => s.received !== 0)) return [];
  return lines.flatMap((line) => {
    const left = stock.find((s) => s.code === line.code && s.unit === line.unit)?.left ?? 0;
    return line.qty > left ? [{ line, left }] : [];
  });
}
