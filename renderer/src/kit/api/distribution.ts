/** The round in force, entitlements, handouts, voids and stock. */
import type { Result } from '../../../../shared/result';
import type { Locked, NotAllowed } from './errors';

export interface ItemLine {
  readonly code: string;
  readonly qty: number;
  readonly unit: string;
}
export interface Cash {
  readonly amount: number;
  readonly currency: string;
}

export interface Entitlement {
  readonly round: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
}

export interface PriorHandout {
  readonly eventId: string;
  readonly at: string;
  readonly device: string;
  readonly operator: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
}

/** A team lead's approval, given on this laptop with the lead's PIN. */
export interface LeadApproval {
  readonly leadId: string;
  readonly pin: string;
}

export interface HandoutInput {
  readonly household: string;
  readonly checkId: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
  readonly collector: 'head' | 'proxy';
  /** Required when less than the entitlement is given. */
  readonly partialReason?: string;
  /** A team lead's PIN and reason let a second handout in the round through. */
  readonly override?: LeadApproval & { readonly reason: string };
}

export type EntitlementError = 'no-plan' | 'no-rule' | 'not-enrolled';

export type HandoutError =
  | 'already-received'
  | 'needs-reason'
  | 'over-entitlement'
  | 'bad-quantity'
  | 'nothing-to-give'
  | 'bad-pin'
  | 'not-checked'
  | EntitlementError
  | Locked
  /** An override on a laptop that is not a team lead's (issue 10: authority from certificates). */
  | NotAllowed;

export const PARTIAL_REASONS = ['stock-out', 'household-declined', 'carrying-capacity', 'other'] as const;
export const OVERRIDE_REASONS = ['split-household', 'earlier-handout-incomplete', 'lead-decision'] as const;
export const VOID_REASONS = ['double-handout', 'wrong-household', 'data-entry-error'] as const;

export interface StockInput {
  readonly direction: 'received' | 'returned';
  readonly items: readonly ItemLine[];
  readonly reference?: string;
}

export interface DistributionApi {
  currentRound(): Promise<{ round: string; from: string; to: string } | undefined>;
  entitlement(household: string): Promise<Result<Entitlement, EntitlementError>>;
  priorHandouts(household: string): Promise<readonly PriorHandout[]>;
  recordHandout(input: HandoutInput): Promise<Result<{ eventId: string }, HandoutError>>;
  voidHandout(eventId: string, reason: string, lead: LeadApproval): Promise<Result<{ eventId: string }, 'bad-pin' | 'not-found' | 'already-void' | 'needs-reason' | Locked | NotAllowed>>;
  /** The items and units of the plan in force: what stock is recorded against (issue 11: a picker, not free text). */
  planItems(): Promise<readonly { readonly code: string; readonly unit: string }[]>;
  /** `not-in-plan`: an item or unit the plan in force does not hand out. */
  recordStock(input: StockInput): Promise<Result<{ eventId: string }, 'invalid' | 'not-in-plan' | Locked>>;
}
