/**
 * HQ's books and the flow of funds, over the store (issue 15; DESIGN.md
 * "Money"): what HQ checks before it signs a contribution or an allocation,
 * and the flow (shared/funds) the public donor routes and the IATI export
 * read, computed from the whole events HQ holds.
 *
 * The flow is computed once per log size and kept until the log grows: a
 * donor page read a thousand times costs one pass over the events. It is
 * computed over the first `size` leaves exactly, and says so, so that the
 * inclusion proofs a verifier asks for (`/proof/inclusion?id=&size=`) are
 * against the same tree the totals came from.
 */
import type { DidKey } from '../../shared/crypto/did-key';
import type { EventBody } from '../../shared/events/bodies';
import type { EventOfType, SignedEvent } from '../../shared/events/envelope';
import type { VerifiedEvent } from '../../shared/events/verify';
import { accounts, fundsFlow, type FundsFlow } from '../../shared/funds';
import { err, ok, type Result } from '../../shared/result';
import type { LedgerStore } from '../store/store';
import { iatiActivityFile, type ReportingOrg } from './iati';
import { MAX_PAGE } from './page';

/** What the flow reads: HQ's books and plans, certificates (a handout's site), handouts and their amendments, household sizes. */
const FLOW_TYPES = ['device-cert', 'device-revoked', 'plan', 'contribution', 'allocation', 'handout', 'void', 'correction', 'enrolment', 'household-update'];

export interface FlowAt {
  /** The log size the flow was computed at: its events are the first `size` leaves. */
  readonly size: number;
  readonly flow: FundsFlow;
  /** The events it was computed from, by id (HQ only: they include enrolments). */
  readonly events: ReadonlyMap<string, SignedEvent>;
}

/** Every stored event of these types (of `device`, when given) among the first `size` leaves, in leaf order. */
export async function storedEvents(store: LedgerStore, types: readonly string[], size: number, device?: string): Promise<VerifiedEvent[]> {
  const out: VerifiedEvent[] = [];
  let afterLeaf = -1;
  for (;;) {
    const page = await store.events({ afterLeaf, limit: MAX_PAGE, types, ...(device === undefined ? {} : { device }) });
    for (const row of page) if (row.leaf < size) out.push({ id: row.id, event: JSON.parse(row.json) as SignedEvent });
    if (page.length < MAX_PAGE || page.at(-1)!.leaf >= size) return out;
    afterLeaf = page.at(-1)!.leaf;
  }
}

export class Funds {
  readonly #store: LedgerStore;
  readonly #hq: DidKey;
  readonly #now: () => Date;
  #cached: FlowAt | undefined;

  constructor(store: LedgerStore, hq: DidKey, now: () => Date) {
    this.#store = store;
    this.#hq = hq;
    this.#now = now;
  }

  /** The flow of funds over the whole log as it is now. */
  async flow(): Promise<FlowAt> {
    const size = await this.#store.size();
    if (this.#cached?.size === size) return this.#cached;
    const events = await storedEvents(this.#store, FLOW_TYPES, size);
    this.#cached = { size, flow: fundsFlow(this.#hq, events), events: new Map(events.map((e) => [e.id, e.event])) };
    return this.#cached;
  }

  /** The IATI 2.03 activity file of plan `id` (./iati.ts), as the log stands now. */
  async iati(id: string, org: ReportingOrg, sector: string): Promise<Result<string, 'not-found'>> {
    const flow = await this.flow();
    const event = flow.events.get(id);
    if (event?.type !== 'plan' || event.device !== this.#hq) return err('not-found', `no plan ${id} signed by HQ`);
    return ok(iatiActivityFile({ plan: { id, event: event as EventOfType<'plan'> }, flow, org, sector, now: this.#now() }));
  }

  /**
   * Whether HQ may sign this allocation now (checked in the same turn as the
   * signing, ./ledger.ts `issue`): its contribution is HQ's, in the same
   * currency, funds the round, and has that much left. The flow would refuse
   * it anyway; HQ should not sign what its own books refuse.
   */
  async allocationAllowed(body: EventBody<'allocation'>): Promise<Result<void, 'bad-request'>> {
    const size = await this.#store.size();
    const books = accounts(this.#hq, await storedEvents(this.#store, ['contribution', 'allocation', 'void'], size, this.#hq));
    const contribution = books.contributions.get(body.contribution);
    if (contribution === undefined) return err('bad-request', `contribution: ${body.contribution} is not a contribution HQ holds`);
    const { currency, rounds } = contribution.event.body;
    if (currency !== body.currency) return err('bad-request', `currency: the contribution is in ${currency}, not ${body.currency}`);
    if (!rounds.includes(body.round)) return err('bad-request', `round: the contribution funds ${rounds.join(', ')}, not ${body.round}`);
    const used = books.allocations.filter((a) => a.contribution === contribution.id).reduce((sum, a) => sum + a.amount, 0n);
    const left = contribution.amount - used;
    if (BigInt(body.amount) > left) return err('bad-request', `amount: only ${left} ${currency} of the contribution is left to allocate`);
    return ok(undefined);
  }
}

/**
 * A contribution as an admin sends it: rounds and earmarks in any order and
 * possibly repeated, which the event needs sorted and distinct (one set, one
 * spelling, one id). Anything else is left for the body schema to judge.
 */
export function normalisedContribution(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const codes = (value: unknown) => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...new Set(value)].sort() : value);
  return { earmarks: [], ...body, rounds: codes(body.rounds), ...(body.earmarks === undefined ? {} : { earmarks: codes(body.earmarks) }) };
}
