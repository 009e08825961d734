/**
 * Stock movements in force: `stock` events (received from a warehouse,
 * returned to it) minus voided ones, with a correction in force replacing the
 * lines (a mistyped waybill quantity). Same rules as handouts (amendments.ts).
 */
import type { EventOfType } from '../events/envelope';
import type { VerifiedEvent } from '../events/verify';
import { recordsInForce } from './amendments';
import type { ItemLine } from './handouts';

export interface EffectiveStock {
  readonly id: string;
  readonly event: EventOfType<'stock'>;
  readonly direction: 'received' | 'returned';
  readonly items: readonly ItemLine[];
  readonly correctedBy?: string;
}

/** Stock movements in force. A movement corrected to no lines is left out, like a voided one. */
export function effectiveStock(events: readonly VerifiedEvent[]): EffectiveStock[] {
  const result: EffectiveStock[] = [];
  for (const { id, event, correction } of recordsInForce(events, 'stock')) {
    if (correction === undefined) {
      result.push({ id, event, direction: event.body.direction, items: event.body.items });
      continue;
    }
    // Cash in a correction has no meaning for stock and is ignored.
    const items = correction.event.body.items ?? [];
    if (items.length > 0) result.push({ id, event, direction: event.body.direction, items, correctedBy: correction.id });
  }
  return result;
}
