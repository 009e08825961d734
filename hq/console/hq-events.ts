/**
 * HQ's own signed events as the public trust feed (GET /trust) serves them:
 * the plans, contributions and allocations HQ published, which the console
 * lists. Bodies are read for display only; the ledger validated them when
 * HQ signed.
 */
import type { SignedEvent } from '../../shared/events/envelope';
import { eventId } from '../../shared/events/sign';
import { ok, type Result } from '../../shared/result';
import { call } from '../common/http';

export interface HqEvent<B> {
  readonly id: string;
  readonly type: string;
  readonly at: string;
  readonly round?: string;
  readonly body: B;
}

export interface PlanBody {
  readonly site: string;
  readonly from: string;
  readonly to: string;
  readonly rules: readonly { readonly minSize: number; readonly maxSize: number; readonly items: readonly { code: string; qty: number; unit: string }[]; readonly cash?: { amount: number; currency: string } }[];
  readonly costs?: readonly { code: string; unit: string; amount: number; currency: string }[];
}

export interface ContributionBody {
  readonly donor: { readonly org: string; readonly name: string };
  readonly amount: number;
  readonly currency: string;
  readonly date: string;
  readonly rounds: readonly string[];
  readonly earmarks: readonly string[];
  readonly reference?: string;
}

export interface AllocationBody {
  readonly contribution: string;
  readonly site: string;
  readonly round: string;
  readonly amount: number;
  readonly currency: string;
}

/** The feed answers at most a page (1000) of events after a seq; the console reads on until a short page. */
const PAGE = 1000;

/** HQ's events of one type, newest first. */
export async function hqEvents<B>(type: 'plan' | 'contribution' | 'allocation'): Promise<Result<HqEvent<B>[]>> {
  const all: SignedEvent[] = [];
  for (;;) {
    const feed = await call<{ events: SignedEvent[] }>(`/trust?after=${all.at(-1)?.seq ?? 0}`);
    if (!feed.ok) return feed;
    all.push(...feed.value.events);
    if (feed.value.events.length < PAGE) break;
  }
  const events = all.filter((e) => e.type === type).map((e) => ({ ...(e as unknown as HqEvent<B>), id: eventId(e) }));
  return ok(events.reverse());
}
