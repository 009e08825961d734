/**
 * HQ's own signed events as the public trust feed (GET /trust) serves them:
 * the plans, contributions and allocations HQ published, which the console
 * lists. Every page of the feed is checked against its shared schema
 * (shared/ledger/trust-feed.ts: whole events, bodies as shared/events has
 * them) before anything is shown. Signatures are not checked: the console
 * lists what HQ's own ledger signed, and devices verify them (verifyTrustFeed).
 */
import type { EventOfType, SignedEvent } from '../../shared/events/envelope';
import { eventId } from '../../shared/events/sign';
import { MAX_PAGE } from '../../shared/ledger/page';
import { trustFeedSchema } from '../../shared/ledger/trust-feed';
import { ok, type Result } from '../../shared/result';
import { callChecked } from '../common/http';

type ListedType = 'plan' | 'contribution' | 'allocation';

/** One of HQ's events with its id. */
export type HqEvent<T extends ListedType> = EventOfType<T> & { readonly id: string };

/** HQ's events of one type, newest first. The feed answers at most a page after a seq; the console reads on until a short page. */
export async function hqEvents<T extends ListedType>(type: T): Promise<Result<HqEvent<T>[]>> {
  const all: SignedEvent[] = [];
  for (;;) {
    const feed = await callChecked(`/trust?after=${all.at(-1)?.seq ?? 0}`, trustFeedSchema);
    if (!feed.ok) return feed;
    all.push(...feed.value.events);
    if (feed.value.events.length < MAX_PAGE) break;
  }
  const events = all.filter((e): e is EventOfType<T> => e.type === type).map((e) => ({ ...e, id: eventId(e) }));
  return ok(events.reverse());
}
