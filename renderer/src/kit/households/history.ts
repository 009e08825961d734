/** A household's history from the log (issue 11: a household page): every event that names it, and what voids them. */
import type { SignedEvent } from '../../../../shared/events';
import { storedEvent } from '../../db/event-doc';
import type { HistoryEntry } from '../api/households';
import type { KitContext } from '../context';

/** A short, person-free account of an event: codes and quantities only (principle 5). */
function detail(event: SignedEvent): string {
  switch (event.type) {
    case 'identity-check':
      return [event.body.method, event.body.result, event.body.reason, event.body.document].filter(Boolean).join(' ');
    case 'handout':
      return [...(event.body.items ?? []).map((l) => `${l.qty} ${l.unit} ${l.code}`), ...(event.body.cash ? [`${event.body.cash.amount} ${event.body.cash.currency}`] : [])].join(', ');
    case 'void':
      return event.body.reason;
    case 'enrolment':
    case 'household-update':
      return `size ${event.body.size}${event.type === 'enrolment' && event.body.duplicate ? `, enrolled despite ${event.body.duplicate.of.join(' ')} (${event.body.duplicate.reason})` : ''}`;
    case 'credential-issued':
      return `valid until ${(event.body.validUntil ?? '').slice(0, 10)}`;
    default:
      return '';
  }
}

export async function householdHistory(ctx: KitContext, household: string): Promise<HistoryEntry[]> {
  const own = (await ctx.db.events.find({ selector: { household } }).exec()).map((d) => storedEvent(d.toMutableJSON()));
  const handouts = own.filter((e) => e.event.type === 'handout').map((e) => e.id);
  const voids = handouts.length === 0 ? [] : (await ctx.db.events.find({ selector: { target: { $in: handouts } } }).exec()).map((d) => storedEvent(d.toMutableJSON()));
  // Newest first; one laptop's events of the same instant by their sequence number.
  return [...own, ...voids]
    .sort((a, b) => (a.event.at !== b.event.at ? (a.event.at < b.event.at ? 1 : -1) : b.event.seq - a.event.seq))
    .map(({ id, event }) => ({ eventId: id, type: event.type, at: event.at, device: event.device, operator: event.operator ?? '', detail: detail(event) }));
}
