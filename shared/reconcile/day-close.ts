/**
 * Day close: the body of the team lead's signed `day-close` event, and each
 * device's check of its own view against it (DESIGN.md roles).
 *
 * Definitions, the same on every device so that identical event sets give
 * identical bytes:
 *
 * - The day's events are every distinct event, of any type but `day-close`,
 *   whose `at` falls on `day` (UTC, the first 10 characters of `at`). Day
 *   closes are left out so that the lead's close (and a re-close) does not
 *   change the set it summarises. `at` is the recording device's clock.
 * - `events` is how many they are; `root` is the RFC 9162 Merkle tree hash
 *   over `hashLeaf(id bytes)` of their ids **sorted ascending** (as lowercase
 *   hex strings, which is the order of the 32 id bytes). Sorting by id needs
 *   no device order and stays defined when a device key forked.
 * - `items` and `cash` are what the day's effective handouts gave, as
 *   shared/distribution's `tally` for the day counts them, but as of the end
 *   of the day: only events dated up to the end of `day` take part, so a void
 *   or correction made on a later day does not reopen a closed day (it is an
 *   event of its own day). Items are sorted by code then unit, cash by
 *   currency. The site is the scope of the events given: events carry no site.
 */
import { fromHex, toHex } from '../bytes';
import { dayCloseBody, type EventBody } from '../events/bodies';
import { codeSchema, daySchema } from '../events/fields';
import type { VerifiedEvent } from '../events/verify';
import { uniqueEvents } from '../distribution/amendments';
import { tally, type CashTotal, type ItemTotal } from '../distribution/tally';
import { hashLeaf, merkleTreeHash } from '../merkle';
import { err, ok, type Result } from '../result';
import { compareText } from './order';

export type DayCloseBody = EventBody<'day-close'>;

export interface DayCloseOptions {
  readonly site: string;
  /** UTC date `YYYY-MM-DD`. */
  readonly day: string;
}

export type DayCloseErrorCode = 'bad-options' | 'overflow' | 'too-large';

const dayOf = (at: string): string => at.slice(0, 10);

/** Ids of the day's events (see above), sorted ascending: the leaves of the day-close root, in order. */
export function dayEventIds(events: readonly VerifiedEvent[], day: string): string[] {
  const ids = new Set<string>();
  for (const { id, event } of events) if (event.type !== 'day-close' && dayOf(event.at) === day) ids.add(id);
  return [...ids].sort(compareText);
}

/** RFC 9162 root (hex) over event ids in the order given. */
export function eventIdsRoot(ids: readonly string[]): string {
  return toHex(merkleTreeHash(ids.map((id) => hashLeaf(fromHex(id)))));
}

interface DayFigures {
  readonly events: number;
  readonly root: string;
  readonly items: readonly ItemTotal[];
  readonly cash: readonly CashTotal[];
}

function figures(events: readonly VerifiedEvent[], day: string): Result<DayFigures, 'overflow'> {
  const unique = uniqueEvents(events);
  const ids = dayEventIds(unique, day);
  const t = tally(
    unique.filter((e) => dayOf(e.event.at) <= day),
    { day },
  );
  if (!t.ok) {
    // The day was checked before; only the totals can fail.
    return err('overflow', t.message);
  }
  return ok({ events: ids.length, root: eventIdsRoot(ids), items: t.value.byItem, cash: t.value.cash });
}

/** The `day-close` body for a site and day, for the lead's device to sign. */
export function dayClose(events: readonly VerifiedEvent[], options: DayCloseOptions): Result<DayCloseBody, DayCloseErrorCode> {
  const { site, day } = options;
  if (!codeSchema.safeParse(site).success) return err('bad-options', `“${String(site)}” is not a site id`);
  if (!daySchema.safeParse(day).success) return err('bad-options', `“${String(day)}” is not a date like 2026-11-24`);
  const f = figures(events, day);
  if (!f.ok) return f;
  const parsed = dayCloseBody.safeParse({
    site,
    day,
    events: f.value.events,
    items: f.value.items.map(({ code, qty, unit }) => ({ code, qty, unit })),
    cash: f.value.cash.map(({ amount, currency }) => ({ amount, currency })),
    root: f.value.root,
  });
  if (!parsed.success) {
    return err('too-large', `the day has more item lines or currencies than a day close holds (${f.value.items.length} lines, ${f.value.cash.length} currencies)`);
  }
  return ok(parsed.data);
}

export interface ItemDifference {
  readonly code: string;
  readonly unit: string;
  /** In the lead's close. */
  readonly expected: number;
  /** In this device's view. */
  readonly actual: number;
}

export interface CashDifference {
  readonly currency: string;
  readonly expected: number;
  readonly actual: number;
}

export interface DayCloseComparison {
  /** This device's view of the day is the one the lead signed: same events, same counts. */
  readonly matches: boolean;
  readonly events: { readonly expected: number; readonly actual: number };
  /** The roots agree: this device holds exactly the day's events the lead's close covers. */
  readonly sameEvents: boolean;
  /** At least this many of the day's events in the lead's close are not on this device. */
  readonly missing: number;
  /** At least this many of the day's events on this device are not in the lead's close. */
  readonly extra: number;
  /** Lines whose totals differ (absent counts as 0), sorted by code, then unit. */
  readonly items: readonly ItemDifference[];
  /** Currencies whose totals differ (absent counts as 0), sorted. */
  readonly cash: readonly CashDifference[];
}

/**
 * This device's view of the close's day against the close. Only the event
 * ids' root says which events the lead had, so missing and extra events are
 * known by count only: lower bounds (with equal counts and different roots,
 * at least one of each). A close whose lines repeat an item or currency is
 * read by its totals.
 */
export function compareDayClose(close: DayCloseBody, events: readonly VerifiedEvent[]): Result<DayCloseComparison, 'overflow'> {
  const f = figures(events, close.day);
  if (!f.ok) return f;
  const ours = f.value;

  const itemKey = (code: string, unit: string) => `${code}\u0000${unit}`;
  const items = new Map<string, { code: string; unit: string; expected: number; actual: number }>();
  const itemEntry = (code: string, unit: string) => {
    const key = itemKey(code, unit);
    const entry = items.get(key) ?? { code, unit, expected: 0, actual: 0 };
    items.set(key, entry);
    return entry;
  };
  for (const l of close.items) itemEntry(l.code, l.unit).expected += l.qty;
  for (const l of ours.items) itemEntry(l.code, l.unit).actual += l.qty;

  const cash = new Map<string, { currency: string; expected: number; actual: number }>();
  const cashEntry = (currency: string) => {
    const entry = cash.get(currency) ?? { currency, expected: 0, actual: 0 };
    cash.set(currency, entry);
    return entry;
  };
  for (const c of close.cash) cashEntry(c.currency).expected += c.amount;
  for (const c of ours.cash) cashEntry(c.currency).actual += c.amount;

  const itemDiffs = [...items.values()]
    .filter((d) => d.expected !== d.actual)
    .sort((a, b) => compareText(a.code, b.code) || compareText(a.unit, b.unit));
  const cashDiffs = [...cash.values()].filter((d) => d.expected !== d.actual).sort((a, b) => compareText(a.currency, b.currency));

  const sameEvents = close.root === ours.root && close.events === ours.events;
  const expected = close.events;
  const actual = ours.events;
  const missing = sameEvents ? 0 : Math.max(expected - actual, actual === expected ? 1 : 0);
  const extra = sameEvents ? 0 : Math.max(actual - expected, actual === expected ? 1 : 0);
  return ok({
    matches: sameEvents && itemDiffs.length === 0 && cashDiffs.length === 0,
    events: { expected, actual },
    sameEvents,
    missing,
    extra,
    items: itemDiffs,
    cash: cashDiffs,
  });
}
