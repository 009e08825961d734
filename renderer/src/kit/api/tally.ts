/** The day's tally: what was handed out, by item, operator and household. */
import type { Result } from '../../../../shared/result';
import type { Cash, ItemLine } from './distribution';
import type { Locked } from './errors';

export interface TallyRow {
  readonly code: string;
  readonly unit: string;
  readonly qty: number;
}

export interface HandoutRow {
  readonly eventId: string;
  readonly at: string;
  readonly household: string;
  readonly operator: string;
  /** The operator's name from the site's directory, where this laptop can read it. */
  readonly operatorName?: string;
  /** The laptop that recorded it (did:key), and its label where known. */
  readonly device: string;
  readonly laptop?: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
  readonly voided: boolean;
}

export interface Tally {
  readonly day: string;
  readonly handouts: number;
  readonly households: number;
  readonly byItem: readonly TallyRow[];
  readonly cash: readonly Cash[];
  readonly byOperator: readonly { readonly operator: string; readonly name: string; readonly handouts: number; readonly households: number }[];
  readonly stock: readonly { readonly code: string; readonly unit: string; readonly received: number; readonly handedOut: number; readonly left: number }[];
  readonly rows: readonly HandoutRow[];
}

/**
 * `bad-day`: not a date like 2026-11-24. `overflow`: a total is too large to
 * count exactly (signed events from peers can carry any whole quantity).
 */
export type TallyError = 'bad-day' | 'overflow' | Locked;

export interface TallyApi {
  tally(day: string): Promise<Result<Tally, TallyError>>;
}
