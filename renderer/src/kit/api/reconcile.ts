/** The team lead's view over every device's events: conflicts, gaps, stock, quarantine, day close. */
import type { DoubleHandout, Gaps, StockReport } from '../../../../shared/reconcile';
import type { Result } from '../../../../shared/result';
import type { LeadApproval } from './distribution';
import type { Locked, NotAllowed } from './errors';

export interface QuarantineEntry {
  readonly id: string;
  readonly reason: string;
  readonly message: string;
  readonly source: string;
  readonly device: string;
  readonly receivedAt: string;
}

export interface Reconciliation {
  readonly conflicts: readonly DoubleHandout[];
  readonly gaps: Gaps;
  readonly stock: StockReport;
  readonly quarantine: readonly QuarantineEntry[];
}

export type DayCloseStatus =
  | { readonly closed: false }
  | {
      readonly closed: true;
      readonly eventId: string;
      readonly by: string;
      readonly at: string;
      /** Whether this device's own view of the day equals the signed tally. */
      readonly matches: boolean;
      readonly expectedEvents: number;
      readonly actualEvents: number;
    };

export const ACCEPT_REASONS = ['separate-households', 'lead-decision', 'entitlement-top-up'] as const;

/** `overflow`: a stock or tally total is too large to count exactly. */
export interface ReconcileApi {
  reconciliation(): Promise<Result<Reconciliation, 'overflow' | Locked>>;
  /** `too-many`: more handouts than one resolution may accept (void some first). */
  acceptConflict(key: string, reason: string, lead: LeadApproval): Promise<Result<{ eventId: string }, 'bad-pin' | 'not-found' | 'needs-reason' | 'too-many' | Locked | NotAllowed>>;
  /** `too-large`: the day holds more item lines or currencies than a day close may carry. */
  closeDay(day: string, lead: LeadApproval): Promise<Result<{ eventId: string }, 'bad-pin' | 'bad-day' | 'overflow' | 'too-large' | Locked | NotAllowed>>;
  dayCloseStatus(day: string): Promise<Result<DayCloseStatus, 'overflow' | Locked>>;
}
