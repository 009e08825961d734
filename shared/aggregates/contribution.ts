/**
 * What one record (a handout or a stock movement) adds to the totals, given
 * how it was amended: the rules of shared/distribution/amendments.ts, for one
 * record at a time. A void removes it; the live correction latest by `at`,
 * then by the larger id, replaces its lines and cash; a handout corrected to
 * no items and no cash, or a stock movement corrected to no lines, adds
 * nothing.
 */
import type { VerifiedEvent } from '../events/verify';
import type { Cash, ItemLine } from '../distribution/handouts';
import type { CorrectionLine, RecordState } from './documents';

export interface HandoutContribution {
  readonly kind: 'handout';
  readonly day: string;
  readonly device: string;
  /** '' when recorded without one. */
  readonly operator: string;
  readonly household: string;
  /** Only for a handout recorded in a round without a lead's override: it may be part of a double handout. */
  readonly round?: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
}

export interface StockContribution {
  readonly kind: 'stock';
  readonly day: string;
  readonly device: string;
  readonly direction: 'received' | 'returned';
  readonly items: readonly ItemLine[];
}

export type Contribution = HandoutContribution | StockContribution;

/** Later `at` wins, then the larger id (amendments.ts `later`). */
function inForce(corrections: readonly CorrectionLine[]): CorrectionLine | undefined {
  let winner: CorrectionLine | undefined;
  for (const c of corrections) {
    if (winner === undefined || (c.at !== winner.at ? c.at > winner.at : c.id > winner.id)) winner = c;
  }
  return winner;
}

/** The record's contribution with its amendments (`state`: none when undefined), or undefined when it adds nothing. */
export function contribution({ event }: VerifiedEvent, state: RecordState | undefined): Contribution | undefined {
  if (event.type !== 'handout' && event.type !== 'stock') return undefined;
  if (state?.voided === true) return undefined;
  const correction = inForce(state?.corrections ?? []);
  const day = event.at.slice(0, 10);
  if (event.type === 'stock') {
    const items = correction === undefined ? event.body.items : correction.items;
    // Cash in a correction has no meaning for stock.
    return items.length === 0 ? undefined : { kind: 'stock', day, device: event.device, direction: event.body.direction, items };
  }
  const given = correction ?? { items: event.body.items ?? [], cash: event.body.cash };
  if (correction !== undefined && correction.items.length === 0 && correction.cash === undefined) return undefined;
  const { round } = event;
  return {
    kind: 'handout',
    day,
    device: event.device,
    operator: event.operator ?? '',
    household: event.body.household,
    ...(round !== undefined && event.body.override === undefined && { round }),
    items: given.items,
    ...(given.cash !== undefined && { cash: given.cash }),
  };
}
