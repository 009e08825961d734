/**
 * Who received what: the effective handouts derived from verified events
 * (DESIGN.md principle 1: state is derived from events). A handout counts
 * unless a void removed it; a correction in force replaces its items and cash
 * (see amendments.ts for the rules). These feed the double-handout block at
 * the distribution point and the tallies of the team lead.
 */
import type { z } from 'zod';
import type { EventOfType } from '../events/envelope';
import type { cashSchema, itemLineSchema } from '../events/fields';
import type { VerifiedEvent } from '../events/verify';
import { recordsInForce } from './amendments';

export type ItemLine = z.infer<typeof itemLineSchema>;
export type Cash = z.infer<typeof cashSchema>;

/** What a household is entitled to, or was given. */
export interface Entitlement {
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
}

export interface EffectiveHandout extends Entitlement {
  /** Id of the handout event. */
  readonly id: string;
  /** The handout as recorded: device, operator, round, `at`, collector… */
  readonly event: EventOfType<'handout'>;
  /** Id of the correction in force, when the lines are not the recorded ones. */
  readonly correctedBy?: string;
  /** Other corrections of this handout that lost to `correctedBy`: a conflict for the team lead. */
  readonly overruledCorrections: readonly string[];
}

const byTimeThenId = (a: { id: string; event: { at: string } }, b: { id: string; event: { at: string } }): number =>
  a.event.at !== b.event.at ? (a.event.at < b.event.at ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The handouts in force, oldest first (by `at`, then id). A handout corrected
 * to no items and no cash was in effect not given, and is left out like a
 * voided one, so it does not block the household's real handout.
 */
export function effectiveHandouts(events: readonly VerifiedEvent[]): EffectiveHandout[] {
  const result: EffectiveHandout[] = [];
  for (const { id, event, correction } of recordsInForce(events, 'handout')) {
    if (correction === undefined) {
      const { items = [], cash } = event.body;
      result.push({ id, event, items, ...(cash === undefined ? {} : { cash }), overruledCorrections: [] });
      continue;
    }
    const { items = [], cash } = correction.event.body;
    if (items.length === 0 && cash === undefined) continue;
    result.push({
      id,
      event,
      items,
      ...(cash === undefined ? {} : { cash }),
      correctedBy: correction.id,
      overruledCorrections: correction.overruled,
    });
  }
  return result.sort(byTimeThenId);
}

/**
 * The household's handouts in force in a round: non-empty means it has been
 * served, and a second handout needs a team lead's override (`handoutBody.override`).
 */
export function priorHandouts(events: readonly VerifiedEvent[], household: string, round: string): EffectiveHandout[] {
  return effectiveHandouts(events).filter((h) => h.event.body.household === household && h.event.round === round);
}

/** Something given: an effective handout, or a handout body (whose items may be absent). */
export interface Given {
  readonly items?: readonly ItemLine[] | undefined;
  readonly cash?: Cash | undefined;
}

/**
 * What the household is still owed: each entitled line less what was given
 * of the same code and unit, and the cash less what was given in the same
 * currency. Lines given beyond the entitlement do not make up for others.
 */
export function shortfall(given: Given, entitlement: Entitlement): Entitlement {
  const received = new Map<string, number>();
  for (const line of given.items ?? []) {
    const key = `${line.code}\u0000${line.unit}`;
    received.set(key, (received.get(key) ?? 0) + line.qty);
  }
  const owed = new Map<string, ItemLine>();
  for (const line of entitlement.items) {
    const key = `${line.code}\u0000${line.unit}`;
    const before = owed.get(key)?.qty ?? 0;
    owed.set(key, { code: line.code, unit: line.unit, qty: before + line.qty });
  }
  const items: ItemLine[] = [];
  for (const [key, line] of owed) {
    const missing = line.qty - (received.get(key) ?? 0);
    if (missing > 0) items.push({ ...line, qty: missing });
  }
  const entitledCash = entitlement.cash;
  if (entitledCash === undefined || entitledCash.amount === 0) return { items };
  const paid = given.cash?.currency === entitledCash.currency ? given.cash.amount : 0;
  const missingCash = entitledCash.amount - paid;
  return missingCash > 0 ? { items, cash: { currency: entitledCash.currency, amount: missingCash } } : { items };
}

/** A handout is partial when it gave less than the entitlement of some line or of the cash. */
export function isPartial(given: Given, entitlement: Entitlement): boolean {
  const owed = shortfall(given, entitlement);
  return owed.items.length > 0 || owed.cash !== undefined;
}
