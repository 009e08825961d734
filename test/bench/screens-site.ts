/**
 * The camp the screens benchmark opens (test/bench/screens.bench.ts), signed
 * in Node (node:crypto Ed25519, thousands of events a second). Besides the
 * founding lead's laptop (set up in the page, test/bench/screens-page.ts) the
 * site has three field laptops ("distribution points", two operators each)
 * and a second team lead's laptop. Of the `events` they sign:
 *
 * - half are enrolments: `events / 2` households (test/bench/caseload-rows.ts:
 *   names in several scripts, shelters, phones), enrolled over 60 days
 *   (90 to 31 days ago), their records sealed under the site data key by the
 *   page's vault, so the app opens and searches them;
 * - the monthly round (the plan's round): an identity check (a lookup by
 *   document) and a handout of the household's entitlement each, over the
 *   30 days before today, and `TODAY_HANDOUTS` today, the same number at
 *   every size, so a tally that grows with the log is seen as such and not
 *   for a busier day;
 * - of the handouts before yesterday, about 1 % of all handouts voided and
 *   0.5 % corrected (the second lead's laptop, a lead's approval), and
 *   `OPEN_DOUBLES` households a second handout on another laptop a day later
 *   (the double handouts the reconcile screen shows, the same number at
 *   every size: the conflicts a lead has open are the round's work still to
 *   settle, not the log's size, and a screen listing eight times as many
 *   would be measured for its content); about 1 % failed checks;
 * - each laptop's keys (`device-keys`, its first event), stock deliveries and
 *   the second lead's day close for each earlier day of the round.
 *
 * Seeded households; fresh keys each run. `at` times are real: a field day is
 * 07:00–16:00 UTC, today's handouts fall between midnight and now.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import demoPlan from '../../resources/demo-plan.json';
import { fastSign } from '../../ledger/testing/fixtures';
import { canonicalize } from '../../shared/canonical';
import { publicKeyToDid, type DidKey } from '../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import { entitlementFor, tally, validatePlan, type DistributionPlan } from '../../shared/distribution';
import { attachSignature, eventId, eventSigningBytes, EVENT_VERSION, type EventBody, type EventType, type UnsignedEvent, type VerifiedEvent } from '../../shared/events';
import { householdPiiSchema, sumMembers, type HouseholdPii } from '../../shared/household';
import type { SealedBlob } from '../../shared/ipc';
import { dayClose, doubleHandouts } from '../../shared/reconcile';
import { deviceTag } from '../../shared/team/authority';
import { generator, prng } from './caseload-rows';

/** Handouts recorded today, at every size. */
export const TODAY_HANDOUTS = 50;
/** The smallest camp this shape fits (the small site). */
export const MIN_CAMP_EVENTS = 1_000;

const FIELD_LAPTOPS = 3;
const ENROLMENT_DAYS = { first: -90, last: -31 } as const;
const ROUND_DAYS = { first: -30, last: -1 } as const;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** A delivery's line stays under the schema's largest quantity (1,000,000). */
const MAX_DELIVERY_QTY = 900_000;

export interface Household {
  readonly id: string;
  readonly pii: HouseholdPii;
  readonly size: number;
}

/** How many of each kind of event a camp of `events` holds. */
export interface CampShape {
  readonly events: number;
  readonly households: number;
  /** First handouts in the round, today's included. */
  readonly handouts: number;
  readonly today: number;
  readonly doubles: number;
  readonly voids: number;
  readonly corrections: number;
  readonly failedChecks: number;
  readonly deliveries: number;
  readonly dayCloses: number;
  readonly laptops: number;
}

/** Double handouts left open for the lead, at every size (see above). */
const OPEN_DOUBLES = 5;

export function campShape(events: number): CampShape {
  if (!Number.isSafeInteger(events) || events < MIN_CAMP_EVENTS) throw new Error(`a camp of the screens bench has at least ${MIN_CAMP_EVENTS} events, not ${events}`);
  const households = Math.floor(events / 2);
  const laptops = FIELD_LAPTOPS + 1;
  const deliveries = Math.max(2, Math.ceil(((events / 4) * 70) / MAX_DELIVERY_QTY));
  const dayCloses = ROUND_DAYS.last - ROUND_DAYS.first + 1;
  const rest = events - households - laptops - deliveries - dayCloses;
  const estimate = Math.floor(rest / 2.035);
  const doubles = OPEN_DOUBLES;
  const voids = Math.max(2, Math.round(estimate * 0.01));
  const corrections = Math.max(1, Math.round(estimate * 0.005));
  const handouts = Math.floor((rest - 2 * doubles - voids - corrections - Math.round(estimate * 0.01)) / 2);
  const failedChecks = rest - 2 * handouts - 2 * doubles - voids - corrections;
  return { events, households, handouts, today: TODAY_HANDOUTS, doubles, voids, corrections, failedChecks, deliveries, dayCloses, laptops };
}

/** The camp's households, seeded: ids and the records the page seals. */
export function campHouseholds(shape: CampShape, seed: number): Household[] {
  const gen = generator(seed);
  return Array.from({ length: shape.households }, () => {
    const row = gen.household();
    const members = row.members.split(';').map((group) => {
      const [sex, band, count] = group.split(':');
      return { sex, band, count: Number(count) };
    });
    const pii = householdPiiSchema.parse({
      head: { name: row.names[0], sex: row.sex, birthYear: row.birthYear },
      ...(row.phone !== undefined && { phone: row.phone }),
      shelter: row.shelter,
      members,
      proxies: row.names.slice(1).map((name) => ({ name })),
    });
    return { id: row.id, pii, size: sumMembers(pii.members) };
  });
}

type Draft = { readonly type: EventType; readonly body: unknown; readonly round?: string; readonly operator?: string };

/** A laptop of the camp: its own Ed25519 key and hash chain, signing what it is told in time order. */
class Laptop {
  readonly did: DidKey;
  private readonly seed = new Uint8Array(randomBytes(32));
  private seq = 0;
  private prev: string | null = null;
  private readonly planned: { at: number; order: number; make: () => Draft; signed?: (e: VerifiedEvent) => void }[] = [];

  constructor(
    readonly label: string,
    readonly role: 'field-officer' | 'team-lead',
  ) {
    this.did = publicKeyToDid(keyPairFromSeed(this.seed).publicKey);
  }

  operator(n: number): string {
    return `op-${deviceTag(this.did)}-${n}`;
  }

  /** An event at `at` (ms), made when its turn comes (it may name events signed before it). */
  plan(at: number, make: () => Draft, signed?: (e: VerifiedEvent) => void): void {
    this.planned.push({ at, order: this.planned.length, make, ...(signed && { signed }) });
  }

  /** Signs everything planned, in time order; `each` sees every event as it is signed. */
  signAll(each: (e: VerifiedEvent) => void): void {
    this.planned.sort((a, b) => a.at - b.at || a.order - b.order);
    for (const { at, make, signed } of this.planned) {
      const { type, body, round, operator } = make();
      this.seq++;
      const draft = {
        v: EVENT_VERSION,
        type,
        device: this.did,
        seq: this.seq,
        prev: this.prev,
        at: new Date(at).toISOString(),
        ...(round !== undefined && { round }),
        ...(operator !== undefined && { operator }),
        body,
      } as UnsignedEvent;
      const event = attachSignature(draft, fastSign(eventSigningBytes(draft), this.seed));
      const verified = { id: eventId(event), event };
      this.prev = verified.id;
      signed?.(verified);
      each(verified);
    }
    this.planned.length = 0;
  }
}

/** A laptop's keys: a fresh card issuer (Ed25519) and key-agreement key (X25519), as its first event. */
function deviceKeys(label: string): EventBody<'device-keys'> {
  const agreement = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }).x!;
  return { issuer: publicKeyToDid(keyPairFromSeed(new Uint8Array(randomBytes(32))).publicKey), agreement, label };
}

export interface CampEvents {
  readonly laptops: readonly { readonly did: string; readonly role: 'field-officer' | 'team-lead'; readonly label: string }[];
  /** Each laptop's first event (its keys), to introduce before the lead admits it. */
  readonly firsts: string[];
  /** Everything else, in time order, as sync brings it. */
  readonly rest: string[];
  /** What the screens must show, from shared/'s own tally and reconciliation of the same events. */
  readonly expect: { readonly todayHandouts: number; readonly todayHouseholds: number; readonly conflicts: number; readonly households: number };
  readonly today: string;
}

/** Signs the camp: `blobs[i]` is `households[i]`'s sealed record; `site` the site code; `now` fixes today. */
export function signCamp(shape: CampShape, households: readonly Household[], blobs: readonly SealedBlob[], site: string, seed: number, now = Date.now()): CampEvents {
  const plan: DistributionPlan = (() => {
    const parsed = validatePlan(demoPlan);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  })();
  const random = prng(seed + 1);
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  const today = new Date(midnight).toISOString().slice(0, 10);
  /** `i` of `n` spread evenly over field days `first`..`last` (day offsets from today), 07:00–16:00. */
  const spread = (i: number, n: number, first: number, last: number): number => {
    const x = ((i + 0.5) * (last - first + 1)) / n;
    const day = Math.floor(x);
    return midnight + (first + day) * DAY_MS + (7 + 9 * (x - day)) * HOUR_MS;
  };
  const dayOf = (ms: number): number => Math.floor((ms - midnight) / DAY_MS);

  const field = Array.from({ length: FIELD_LAPTOPS }, (_, i) => new Laptop(`Distribution point ${i + 1}`, 'field-officer'));
  const lead = new Laptop('Team lead laptop 2', 'team-lead');
  const laptops = [...field, lead];
  const keysAt = midnight + (ENROLMENT_DAYS.first - 1) * DAY_MS + 7 * HOUR_MS;
  for (const laptop of laptops) laptop.plan(keysAt, () => ({ type: 'device-keys', body: deviceKeys(laptop.label) }));

  // Enrolments, round robin over the field laptops and their two operators.
  households.forEach((h, i) => {
    const laptop = field[i % FIELD_LAPTOPS]!;
    laptop.plan(spread(i, households.length, ENROLMENT_DAYS.first, ENROLMENT_DAYS.last), () => ({
      type: 'enrolment',
      body: { household: h.id, site, size: h.size, pii: blobs[i]! },
      operator: laptop.operator(1 + (Math.floor(i / FIELD_LAPTOPS) % 2)),
    }));
  });

  // The round: a seeded choice of households served; the first TODAY_HANDOUTS of them today.
  const order = households.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const served = order.slice(0, shape.handouts);
  const earlier = shape.handouts - shape.today;
  const todaySpan = Math.max(shape.today, now - midnight - 1_000);
  const handoutIds = new Map<number, string>();
  const handoutTimes = new Map<number, number>();
  const handout = (laptop: Laptop, h: Household, at: number, operator: string, signed?: (e: VerifiedEvent) => void, gap = 20_000) => {
    const entitled = entitlementFor(plan, h.size);
    if (!entitled.ok) throw new Error(entitled.message);
    let checkId = '';
    laptop.plan(
      at,
      () => ({ type: 'identity-check', body: { method: 'id-lookup', result: 'pass', reason: 'card-not-issued', document: 'refugee-id', household: h.id }, operator }),
      (e) => (checkId = e.id),
    );
    laptop.plan(
      at + gap,
      () => ({
        type: 'handout',
        body: { household: h.id, items: entitled.value.items, ...(entitled.value.cash && { cash: entitled.value.cash }), collector: 'head', check: checkId },
        round: plan.round,
        operator,
      }),
      signed,
    );
  };
  served.forEach((hi, k) => {
    const laptop = field[k % FIELD_LAPTOPS]!;
    const operator = laptop.operator(1 + (Math.floor(k / FIELD_LAPTOPS) % 2));
    const isToday = k < shape.today;
    const at = isToday ? midnight + Math.floor(((k + 0.5) / shape.today) * todaySpan) : spread(k - shape.today, earlier, ROUND_DAYS.first, ROUND_DAYS.last);
    const gap = isToday ? Math.min(20_000, Math.floor(todaySpan / shape.today / 2)) : 20_000;
    handoutTimes.set(hi, at + gap);
    handout(laptop, households[hi]!, at, operator, (e) => handoutIds.set(hi, e.id), gap);
  });

  // Earlier handouts only (never today's, so today's tally is exactly TODAY_HANDOUTS), from the latest back.
  const candidates = served.slice(shape.today).filter((hi) => dayOf(handoutTimes.get(hi)!) <= -2);
  if (candidates.length < shape.doubles + shape.voids + shape.corrections) throw new Error('too few earlier handouts for the doubles, voids and corrections');
  const pick = candidates.filter((_, i) => i % Math.max(1, Math.floor(candidates.length / (shape.doubles + shape.voids + shape.corrections))) === 0);
  const doubles = pick.slice(0, shape.doubles);
  const voids = pick.slice(shape.doubles, shape.doubles + shape.voids);
  const corrections = pick.slice(shape.doubles + shape.voids, shape.doubles + shape.voids + shape.corrections);
  if (corrections.length < shape.corrections) throw new Error('too few distinct earlier handouts');

  // A second handout a day later, on the next laptop.
  doubles.forEach((hi, k) => {
    const laptop = field[(served.indexOf(hi) + 1) % FIELD_LAPTOPS]!;
    handout(laptop, households[hi]!, handoutTimes.get(hi)! + DAY_MS, laptop.operator(1 + (k % 2)));
  });
  // Failed lookups, spread over the round.
  for (let i = 0; i < shape.failedChecks; i++) {
    const laptop = field[i % FIELD_LAPTOPS]!;
    const h = households[order[order.length - 1 - i]!]!;
    laptop.plan(spread(i, shape.failedChecks, ROUND_DAYS.first, ROUND_DAYS.last), () => ({
      type: 'identity-check',
      body: { method: 'id-lookup', result: 'fail', reason: 'card-lost', household: h.id },
      operator: laptop.operator(1),
    }));
  }

  // The second lead's laptop: stock deliveries (enough for the round), voids, corrections, day closes.
  const approval = { by: lead.operator(1) };
  const needed = new Map<string, { code: string; unit: string; qty: number }>();
  for (const hi of [...served, ...doubles]) {
    const entitled = entitlementFor(plan, households[hi]!.size);
    if (!entitled.ok) throw new Error(entitled.message);
    for (const line of entitled.value.items) {
      const key = `${line.code}|${line.unit}`;
      needed.set(key, { ...line, qty: (needed.get(key)?.qty ?? 0) + line.qty });
    }
  }
  for (let i = 0; i < shape.deliveries; i++) {
    const at = midnight + (ROUND_DAYS.first - 2 + Math.floor((i * (ROUND_DAYS.last - ROUND_DAYS.first)) / shape.deliveries)) * DAY_MS + 6 * HOUR_MS;
    const items = [...needed.values()].map((line) => ({ ...line, qty: Math.ceil((line.qty * 1.1) / shape.deliveries) }));
    lead.plan(at, () => ({ type: 'stock', body: { direction: 'received', items, reference: `WB-${1000 + i}` }, operator: lead.operator(1) }));
  }
  for (const hi of voids) {
    lead.plan(handoutTimes.get(hi)! + 5 * 60_000, () => ({
      type: 'void',
      body: { target: handoutIds.get(hi)!, reason: 'data-entry-error', approval },
      round: plan.round,
      operator: lead.operator(1),
    }));
  }
  for (const hi of corrections) {
    const entitled = entitlementFor(plan, households[hi]!.size);
    if (!entitled.ok) throw new Error(entitled.message);
    const items = entitled.value.items.map((line) => (line.code === 'maize' && line.qty > 1 ? { ...line, qty: line.qty - 1 } : line));
    lead.plan(handoutTimes.get(hi)! + 7 * 60_000, () => ({
      type: 'correction',
      body: { target: handoutIds.get(hi)!, reason: 'data-entry-error', items, ...(entitled.value.cash && { cash: entitled.value.cash }), approval },
      round: plan.round,
      operator: lead.operator(1),
    }));
  }

  // A day close counts the day's events and what its handouts gave as amended up to the day's end:
  // the day's events and the amendments dated up to it give the same body as the whole log, faster.
  const signed: VerifiedEvent[] = [];
  const byDay = new Map<string, VerifiedEvent[]>();
  const amendments: VerifiedEvent[] = [];
  const keep = (e: VerifiedEvent) => {
    signed.push(e);
    const day = e.event.at.slice(0, 10);
    const ofDay = byDay.get(day) ?? [];
    ofDay.push(e);
    byDay.set(day, ofDay);
    if (e.event.type === 'void' || e.event.type === 'correction' || e.event.type === 'resolution') amendments.push(e);
  };
  for (const laptop of field) laptop.signAll(keep);
  for (let d = ROUND_DAYS.first; d <= ROUND_DAYS.last; d++) {
    const day = new Date(midnight + d * DAY_MS).toISOString().slice(0, 10);
    lead.plan(midnight + d * DAY_MS + 20 * HOUR_MS, () => {
      const before = amendments.filter((a) => a.event.at.slice(0, 10) < day);
      const body = dayClose([...(byDay.get(day) ?? []), ...before], { site, day });
      if (!body.ok) throw new Error(body.message);
      return { type: 'day-close', body: body.value, operator: lead.operator(1) };
    });
  }
  lead.signAll(keep);
  if (signed.length !== shape.events) throw new Error(`signed ${signed.length} events, not ${shape.events}`);

  const dayTally = tally(signed, { day: today });
  if (!dayTally.ok) throw new Error(dayTally.message);
  const firstOf = new Set(laptops.map((l) => l.did as string));
  const firsts: string[] = [];
  const rest: VerifiedEvent[] = [];
  for (const e of signed) {
    if (e.event.seq === 1 && firstOf.has(e.event.device)) firsts.push(canonicalize(e.event));
    else rest.push(e);
  }
  rest.sort((a, b) => (a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : 0));
  return {
    laptops: laptops.map((l) => ({ did: l.did, role: l.role, label: l.label })),
    firsts,
    rest: rest.map((e) => canonicalize(e.event)),
    expect: { todayHandouts: dayTally.value.handouts, todayHouseholds: dayTally.value.households, conflicts: doubleHandouts(signed).length, households: households.length },
    today,
  };
}
