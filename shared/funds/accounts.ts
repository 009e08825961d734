/**
 * HQ's books, read from the log (issue 15, DESIGN.md "Money"): the
 * contributions HQ signed and the allocations that assign their money to a
 * site's round. Only events HQ's own key signed count (a laptop cannot
 * sign money into being: shared/team/authority.ts refuses it on every kit
 * and HQ's intake refuses the upload); an HQ `void` takes one back, as it
 * would any record (principle 1).
 *
 * Allocations are taken in HQ's chain order (its `seq`: one signer, one
 * order, whatever order the events arrive in), and one is refused, with the
 * reason, when it names a contribution HQ never signed (or voided), changes
 * currency, funds a round the contribution does not fund, or would take more
 * than is left of the contribution. So what a donor sees allocated never
 * exceeds what it gave, whatever HQ signed.
 */
import type { EventOfType } from '../events/envelope';
import type { VerifiedEvent } from '../events/verify';

export interface Contribution {
  readonly id: string;
  readonly event: EventOfType<'contribution'>;
  readonly amount: bigint;
}

export interface Allocation {
  readonly id: string;
  readonly event: EventOfType<'allocation'>;
  readonly contribution: string;
  readonly site: string;
  readonly round: string;
  readonly currency: string;
  readonly amount: bigint;
}

export type RefusalCode = 'unknown-contribution' | 'currency-mismatch' | 'round-not-funded' | 'overdrawn';

/** An allocation the books do not count, and why: shown, never dropped silently (principle 4). */
export interface RefusedAllocation {
  readonly id: string;
  readonly code: RefusalCode;
  readonly message: string;
}

export interface Accounts {
  /** By event id. */
  readonly contributions: ReadonlyMap<string, Contribution>;
  /** The allocations that count, in HQ's chain order. */
  readonly allocations: readonly Allocation[];
  readonly refused: readonly RefusedAllocation[];
  /** Ids of HQ's events a void of HQ's removed. */
  readonly voided: ReadonlySet<string>;
}

const bySeq = (a: VerifiedEvent, b: VerifiedEvent): number => a.event.seq - b.event.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function accounts(hq: string, events: readonly VerifiedEvent[]): Accounts {
  const own = events.filter((e) => e.event.device === hq).sort(bySeq);
  const voided = new Set<string>();
  for (const { event } of own) if (event.type === 'void') voided.add(event.body.target);

  const contributions = new Map<string, Contribution>();
  for (const { id, event } of own) {
    if (event.type === 'contribution' && !voided.has(id)) contributions.set(id, { id, event, amount: BigInt(event.body.amount) });
  }

  const left = new Map<string, bigint>([...contributions].map(([id, c]) => [id, c.amount]));
  const allocations: Allocation[] = [];
  const refused: RefusedAllocation[] = [];
  const seen = new Set<string>();
  for (const { id, event } of own) {
    if (event.type !== 'allocation' || voided.has(id) || seen.has(id)) continue;
    seen.add(id);
    const { contribution: from, site, round, currency } = event.body;
    const amount = BigInt(event.body.amount);
    const contribution = contributions.get(from);
    const remaining = left.get(from) ?? 0n;
    const refuse = (code: RefusalCode, message: string) => refused.push({ id, code, message });
    if (contribution === undefined) refuse('unknown-contribution', `allocation ${id} draws on ${from}, which is not a contribution HQ holds`);
    else if (contribution.event.body.currency !== currency) {
      refuse('currency-mismatch', `allocation ${id} is in ${currency} but its contribution is in ${contribution.event.body.currency}`);
    } else if (!contribution.event.body.rounds.includes(round)) {
      refuse('round-not-funded', `allocation ${id} is for round ${round}, which contribution ${from} does not fund`);
    } else if (amount > remaining) {
      refuse('overdrawn', `allocation ${id} of ${amount} ${currency} is more than the ${remaining} left of contribution ${from}`);
    } else {
      left.set(from, remaining - amount);
      allocations.push({ id, event, contribution: from, site, round, currency, amount });
    }
  }
  return { contributions, allocations, refused, voided };
}
