/**
 * The maintained aggregates (issue 14): what the tally, stock and
 * reconciliation screens read instead of the log. Each is a small keyed
 * document, kept up to date by `aggregateBatch` in the same write as the
 * events it summarises, and equal at every moment to what the pure
 * functions (shared/distribution `tally`, shared/reconcile `stockReport`,
 * `doubleHandouts`, `gaps`) compute from the whole log (aggregates.test.ts
 * checks it with fast-check).
 *
 * Every sum keeps `n`, how many contributions it holds, so an entry goes
 * when its last contribution is taken back (a void), whatever its value
 * (a cash line of 0 is still a currency the tally lists). Cash sums are
 * decimal strings of a BigInt: exact whatever a signed event carries; the
 * reader says `overflow` where the tally would.
 */
import type { Cash, ItemLine } from '../distribution/handouts';

export interface ItemSum {
  readonly code: string;
  readonly unit: string;
  readonly qty: number;
  readonly n: number;
}

export interface CashSum {
  /** Minor units, a BigInt in decimal. */
  readonly amount: string;
  readonly n: number;
}

export interface StockSum {
  readonly code: string;
  readonly unit: string;
  readonly received: number;
  readonly returned: number;
  readonly handedOut: number;
  readonly n: number;
}

/** `day:<YYYY-MM-DD>`: the effective handouts of a UTC day, and the stock movements and handouts dated that day, per device. */
export interface DayTotals {
  readonly kind: 'day';
  readonly day: string;
  readonly handouts: number;
  /** Distinct households with an effective handout that day (their `household` documents count them). */
  readonly households: number;
  /** By `itemKey(code, unit)`. */
  readonly items: Readonly<Record<string, ItemSum>>;
  /** By currency. */
  readonly cash: Readonly<Record<string, CashSum>>;
  /** By operator id ('' for handouts recorded without one). */
  readonly operators: Readonly<Record<string, { readonly handouts: number; readonly households: number }>>;
  /** By device, then `itemKey`. */
  readonly stock: Readonly<Record<string, Readonly<Record<string, StockSum>>>>;
}

/** `hh:<household>`: the household's effective handouts, counted per day and operator, and per round (double handouts). */
export interface HouseholdTotals {
  readonly kind: 'household';
  readonly household: string;
  /** Day → operator ('' for none) → effective handouts. */
  readonly days: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Round → effective handouts recorded in it without a lead's override: two or more is a double handout. */
  readonly rounds: Readonly<Record<string, number>>;
}

/** A live correction of a record, kept on the record so its effect is known without reading the correction. */
export interface CorrectionLine {
  readonly id: string;
  readonly at: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
}

/**
 * `rec:<event id>`: how voids and corrections amend one event, for events
 * that a void, correction or resolution names, and for corrections (most
 * handouts never get one). It may exist before its event arrives: a void
 * synced in before its target.
 */
export interface RecordState {
  readonly kind: 'record';
  readonly id: string;
  /** For a correction: the event it corrects. '' otherwise, or until the correction itself is stored. */
  readonly target: string;
  /** A void names this event (a void is final, DESIGN.md principle 1). */
  readonly voided: boolean;
  /** Corrections of this event that no void removed, in no order. */
  readonly corrections: readonly CorrectionLine[];
  /**
   * Ids of every void, correction and resolution that names this event,
   * whatever became of them, sorted: how the reconciliation finds the
   * decisions about a record without reading them all (issue 14,
   * ./evidence.ts). Aggregates version 2.
   */
  readonly namedBy: readonly string[];
}

/** `dev:<device>`: the sequence numbers of the device's events the log holds, as ascending disjoint ranges [from, to]. */
export interface DeviceChain {
  readonly kind: 'device';
  readonly device: string;
  readonly ranges: readonly (readonly [number, number])[];
}

/** `conflicts`: the round and household (`groupKey`) of every double handout, settled or not, sorted. */
export interface ConflictIndex {
  readonly kind: 'conflicts';
  readonly groups: readonly string[];
}

export type AggregateDoc = DayTotals | HouseholdTotals | RecordState | DeviceChain | ConflictIndex;

export const dayKey = (day: string): string => `day:${day}`;
export const householdKey = (household: string): string => `hh:${household}`;
export const recordKey = (id: string): string => `rec:${id}`;
export const deviceKey = (device: string): string => `dev:${device}`;
export const CONFLICTS_KEY = 'conflicts';

/** Every `day:` key sorts between these, in day order. */
export const DAY_KEYS = { from: 'day:', to: 'day:\uffff' } as const;
/** Every `dev:` key sorts between these. */
export const DEVICE_KEYS = { from: 'dev:', to: 'dev:\uffff' } as const;

export const itemKey = (code: string, unit: string): string => `${code}\u0000${unit}`;
/** Round and household of a double-handout group: the key shared/reconcile's `doubleHandouts` gives it. */
export const groupKey = (round: string, household: string): string => `${round}\u0000${household}`;
