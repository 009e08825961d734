/**
 * What the UI can ask of the kit: the local-first core (events, RxDB views,
 * keys through the HostApi) kept apart from React, as Actual Budget keeps its
 * core apart from its UI. Every answer a person can act on is a Result with a
 * stable code (the UI translates the code) and an English message (logs,
 * tests). Nothing here names a person in a log or an event; names live only
 * in sealed PII blobs.
 */
import type { DoubleHandout, Gaps, StockReport } from '../../../shared/reconcile';
import type { Result } from '../../../shared/result';

export type Role = 'field-officer' | 'team-lead';

export interface SiteProfile {
  /** Machine site code, e.g. `camp-north`. */
  readonly site: string;
  readonly siteName: string;
  readonly deviceLabel: string;
  readonly device: string;
  readonly issuer: string;
  readonly createdAt: string;
  /** The team lead's device: its device certificates admit the team's devices (this device, for a lead's kit). */
  readonly teamLead: string;
}

export interface OperatorSummary {
  /** Pseudonymous id written into events (`op-1`, `op-2`, …). */
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

export type KitState =
  | { readonly kind: 'needs-setup' }
  | { readonly kind: 'locked'; readonly profile: SiteProfile; readonly operators: readonly OperatorSummary[] }
  | { readonly kind: 'unlocked'; readonly profile: SiteProfile; readonly operator: OperatorSummary };

export interface SetupInput {
  readonly site: string;
  readonly siteName: string;
  readonly deviceLabel: string;
  /** The first operator of this device; a team lead when the device starts a team. */
  readonly lead: { readonly name: string; readonly pin: string };
  /** Joining an existing team: the invitation text the team lead's kit shows. */
  readonly invitation?: string;
}

/** What a field device needs to join the team lead's sync room. */
export interface TeamInvitation {
  readonly site: string;
  readonly siteName: string;
  readonly lead: string;
  /** The room password: y-webrtc encrypts signaling with it. */
  readonly secret: string;
  /** ws:// address of the lead's signaling service, when known. */
  readonly signaling?: string | undefined;
}

export type Sex = 'female' | 'male' | 'other';
export type AgeBand = '0-4' | '5-17' | '18-59' | '60+';

/**
 * What the enrolment form collects; the kit validates it with the household
 * schema of shared/household and seals it before it is stored.
 */
export interface HouseholdForm {
  readonly head: { readonly name: string; readonly sex: Sex; readonly birthYear?: number | undefined };
  readonly phone?: string | undefined;
  readonly shelter: string;
  readonly members: readonly { readonly band: AgeBand; readonly sex: 'female' | 'male'; readonly count: number }[];
  readonly vulnerabilities: readonly string[];
  readonly proxies: readonly { readonly name: string; readonly relation?: string | undefined }[];
}

export interface HouseholdSummary {
  readonly id: string;
  readonly size: number;
  readonly enrolledAt: string;
  readonly hasCard: boolean;
}

export interface HouseholdDetail extends HouseholdSummary {
  /** Decrypted on demand for the screen; never logged. */
  readonly form: HouseholdForm;
}

export interface ImportReport {
  readonly imported: number;
  readonly rejected: readonly { readonly line: number; readonly errors: readonly string[] }[];
}

export interface RationCard {
  readonly household: string;
  /** `AT1:` + Base45 payload to print as a QR code (alphanumeric mode). */
  readonly qrText: string;
  readonly validUntil: string;
}

export type CheckFailure =
  | 'unreadable'
  | 'tampered'
  | 'unknown-issuer'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'status-unknown'
  | 'not-a-ration-card'
  | 'not-enrolled';

export interface CheckPass {
  readonly household: string;
  readonly size: number;
  /** Event id of the recorded identity-check: the handout refers to it. */
  readonly checkId: string;
  readonly method: 'qr' | 'id-lookup';
}

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

export interface HandoutInput {
  readonly household: string;
  readonly checkId: string;
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
  readonly collector: 'head' | 'proxy';
  /** Required when less than the entitlement is given. */
  readonly partialReason?: string;
  /** A team lead's PIN and reason let a second handout in the round through. */
  readonly override?: { readonly leadId: string; readonly pin: string; readonly reason: string };
}

export type HandoutError =
  | 'already-received'
  | 'needs-reason'
  | 'over-entitlement'
  | 'bad-quantity'
  | 'bad-pin'
  | 'not-checked'
  | 'locked';

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

export interface KitApi {
  state(): Promise<KitState>;
  setup(input: SetupInput): Promise<Result<SiteProfile, 'invalid' | 'already-set-up'>>;
  unlock(operatorId: string, pin: string): Promise<Result<OperatorSummary, 'bad-pin'>>;
  lock(): void;
  addOperator(input: { name: string; role: Role; pin: string }): Promise<Result<OperatorSummary, 'invalid' | 'not-allowed'>>;

  enrol(form: HouseholdForm): Promise<Result<HouseholdSummary, 'invalid' | 'locked'>>;
  importCaseload(csv: string, onProgress?: (done: number, total: number) => void): Promise<Result<ImportReport, 'unreadable' | 'locked'>>;
  /** `sealed-elsewhere`: enrolled on another device whose data key this one does not hold. */
  findHousehold(id: string): Promise<Result<HouseholdDetail, 'bad-id' | 'not-enrolled' | 'sealed-elsewhere'>>;
  listHouseholds(query: { prefix?: string; limit: number }): Promise<readonly HouseholdSummary[]>;

  issueCard(household: string): Promise<Result<RationCard, 'not-enrolled' | 'locked'>>;
  revokeCard(household: string, reason: string): Promise<Result<void, 'no-card' | 'not-allowed'>>;

  checkQr(text: string): Promise<Result<CheckPass, CheckFailure>>;
  checkByLookup(household: string, reason: string): Promise<Result<CheckPass, 'bad-id' | 'not-enrolled' | 'needs-reason'>>;

  currentRound(): Promise<{ round: string; from: string; to: string } | undefined>;
  entitlement(household: string): Promise<Result<Entitlement, 'no-plan' | 'no-rule' | 'not-enrolled'>>;
  priorHandouts(household: string): Promise<readonly PriorHandout[]>;
  recordHandout(input: HandoutInput): Promise<Result<{ eventId: string }, HandoutError>>;
  voidHandout(eventId: string, reason: string, lead: { leadId: string; pin: string }): Promise<Result<{ eventId: string }, 'bad-pin' | 'not-found' | 'already-void'>>;
  recordStock(input: { direction: 'received' | 'returned'; items: readonly ItemLine[]; reference?: string }): Promise<Result<{ eventId: string }, 'invalid' | 'locked'>>;

  tally(day: string): Promise<Tally>;

  /** The invitation a team lead shows to field devices joining the team. */
  invitation(signaling?: string): Promise<Result<string, 'not-allowed'>>;
  /** A team lead admits a device of the team: a signed device certificate. */
  certifyDevice(did: string, role: Role): Promise<Result<{ eventId: string }, 'not-allowed' | 'invalid'>>;
  /** Events from a peer or a sync file, verified before they are stored. */
  ingest(raws: readonly string[], source: string): Promise<{ stored: number; duplicates: number; quarantined: number }>;
  /** Every stored event as its canonical text (sync, sneakernet). */
  eventTexts(): Promise<string[]>;
  /** What peer sync needs: the team's room password, this device, the scopes' names. */
  syncIdentity(): Promise<SyncIdentity | undefined>;

  /** HQ's ledger: where this device anchors its events, and how far it got. */
  ledgerStatus(): Promise<LedgerStatus>;
  configureLedger(url: string, logKey: string): Promise<Result<void, 'bad-url' | 'bad-key' | 'unreachable' | 'mismatch'>>;
  anchor(onProgress?: (anchored: number, total: number) => void): Promise<Result<{ anchored: number }, 'not-configured' | 'unreachable' | 'bad-answer' | 'refused' | 'bad-receipt' | 'fork' | 'chain-mismatch' | 'batch-error'>>;
  /** A checkpoint a peer passed on: checked against the one held. */
  gossipCheckpoint(note: string): Promise<Result<'kept' | 'same' | 'older' | 'unverified', 'fork' | 'invalid' | 'not-configured'>>;
  /** The newest checkpoint held, to pass on to peers. */
  heldCheckpoint(): Promise<string | undefined>;

  /** The team lead's view over every device's events (issue "Peer sync … reconciliation"). */
  reconciliation(): Promise<Reconciliation>;
  acceptConflict(key: string, reason: string, lead: { leadId: string; pin: string }): Promise<Result<{ eventId: string }, 'bad-pin' | 'not-found' | 'invalid'>>;
  closeDay(day: string, lead: { leadId: string; pin: string }): Promise<Result<{ eventId: string }, 'bad-pin' | 'invalid'>>;
  dayCloseStatus(day: string): Promise<DayCloseStatus>;
}

export interface SyncIdentity {
  readonly site: string;
  readonly device: string;
  readonly label: string;
  readonly secret: string;
  /** The distribution round in force: its events sync in their own scope. */
  readonly round?: string;
}

export interface LedgerStatus {
  readonly configured: boolean;
  readonly url?: string;
  readonly origin?: string;
  /** This device's events with a verified HQ receipt. */
  readonly anchored: number;
  /** This device's events not anchored yet. */
  readonly pending: number;
  readonly checkpointSize?: number;
  /** HQ showed a history that contradicts one it showed before: evidence kept, needs a person. */
  readonly alarm?: string;
}

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

/**
 * Reasons are codes from fixed lists, which the UI translates: free text about
 * people never goes into a signed event (principle 5), and codes tally.
 */
export const LOOKUP_REASONS = ['card-lost', 'card-damaged', 'card-not-issued', 'scanner-failed'] as const;
export const PARTIAL_REASONS = ['stock-out', 'household-declined', 'carrying-capacity', 'other'] as const;
export const OVERRIDE_REASONS = ['split-household', 'earlier-handout-incomplete', 'lead-decision'] as const;
export const VOID_REASONS = ['double-handout', 'wrong-household', 'data-entry-error'] as const;
export const ACCEPT_REASONS = ['separate-households', 'lead-decision', 'entitlement-top-up'] as const;
export const REVOKE_REASONS = ['card-lost', 'card-stolen', 'household-left', 'fraud-suspected'] as const;
