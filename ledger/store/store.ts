/**
 * What the ledger keeps, behind one interface with two implementations:
 * SQLite (better-sqlite3, the default, one HQ server) and PostgreSQL (pg,
 * production and more than one HQ server). Both keep the same tables:
 *
 *   nodes        (level, idx) → hash: every complete subtree of the Merkle
 *                log, written once when it completes (level 0: leaf hashes),
 *                so roots and proofs for any past size are O(log n) reads
 *   log_state    the number of leaves
 *   events       leaf → event id, device, seq, type, round, site, at, batch,
 *                and the event's JCS text (HQ only: never on the public API)
 *   batches      id → header, signature, first leaf, tree size after it
 *   devices      device → the last anchored event (the chain head)
 *   checkpoints  size → the signed note HQ signed after the append
 *   rejections   refused uploads with their reasons (HQ view) and, for an
 *                upload whose signatures verified, the earliest event time
 *                in it: what a back-dated registration starts at
 *   meta         origin and log key the database belongs to
 *
 * An append is one transaction: the batch, its events, the new nodes, the
 * device head, the log size and the checkpoint all commit, or none does.
 * The decision what to write is the pure `planAppend` (./append.ts), run
 * inside the transaction against the state read under the store's lock.
 */
import type { BatchEventError, BatchHeader } from '../../shared/ledger';
import type { ChainLink } from '../../shared/events/verify';
import type { AppendPlan, AppendRequest, LogState } from './append';

export interface NodeCoord {
  readonly level: number;
  readonly index: number;
}

export interface StoredBatch {
  readonly id: string;
  readonly header: BatchHeader;
  readonly sig: string;
  readonly firstLeaf: number;
  /** Log size right after this batch: its receipts' checkpoint. */
  readonly treeSize: number;
  /** The site the device was certified for when the batch came in (null for HQ's own). */
  readonly site: string | null;
  readonly receivedAt: string;
}

export interface StoredEvent {
  readonly leaf: number;
  readonly id: string;
  readonly batch: string;
  /** The event's JCS text. */
  readonly json: string;
}

export interface EventQuery {
  /** Leaves after this index (exclusive); -1 for all. */
  readonly afterLeaf: number;
  readonly limit: number;
  readonly round?: string;
  readonly site?: string;
  readonly device?: string;
  readonly types?: readonly string[];
}

export interface Rejection {
  readonly at: string;
  /** As the upload claims it (unauthenticated when the signature failed), or null. */
  readonly device: string | null;
  readonly batch: string | null;
  readonly code: string;
  readonly message: string;
  readonly events: readonly BatchEventError[];
  /**
   * The earliest `at` of the upload's events when the batch signature
   * verified and the events are the ones it covers (so the times are the
   * device's own, whatever the refusal; ledger/service/claims.ts), else null:
   * a forged upload cannot move a back-dated registration.
   */
  readonly firstAt: string | null;
}

/** A device as HQ's kept refusals of its verified uploads show it. */
export interface RefusedDevice {
  readonly device: string;
  /** The earliest event time in those uploads. */
  readonly firstEventAt: string;
  /** When HQ last refused one. */
  readonly lastRefusedAt: string;
  readonly refusals: number;
}

export interface StoreOptions {
  /** Rejections kept in all (MAX_REJECTIONS_KEPT unless a test floods a smaller store). */
  readonly keepRejections?: number;
  /** Rejections kept per device and kind (MAX_REJECTIONS_PER_DEVICE unless a test floods a smaller store). */
  readonly keepRejectionsPerDevice?: number;
}

export interface DeviceSummary {
  readonly device: string;
  readonly site: string | null;
  readonly batches: number;
  readonly events: number;
  readonly head: ChainLink | null;
  readonly lastBatchAt: string | null;
}

export interface SiteSummary {
  readonly site: string | null;
  readonly devices: number;
  readonly batches: number;
  readonly events: number;
}

export interface RoundTotal {
  readonly round: string | null;
  readonly site: string | null;
  readonly type: string;
  readonly events: number;
}

export interface BatchQuery {
  readonly device?: string;
  readonly site?: string;
  readonly limit: number;
}

/** The outcome of an append: written, already there, or refused by the chain check under the lock. */
export type AppendResult = Exclude<AppendPlan, { kind: 'append' }> | { readonly kind: 'appended'; readonly batch: StoredBatch };

export interface LedgerStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where, for people: a path or a URL without its password. */
  readonly description: string;

  /**
   * Creates the tables if needed and binds the database to one log: a
   * database created for another origin or log key is refused.
   */
  init(identity: { origin: string; logKey: string }): Promise<void>;
  close(): Promise<void>;

  /** Appends one verified batch in one transaction (see the file comment). */
  append(request: AppendRequest, sign: (state: { size: number; root: Uint8Array }) => string): Promise<AppendResult>;
  /** Signs and stores the size-0 checkpoint of an empty log, if there is no checkpoint yet. */
  ensureCheckpoint(sign: (state: { size: number; root: Uint8Array }) => string): Promise<void>;

  size(): Promise<number>;
  /** The node hashes at these coordinates, in order; a missing node is a corrupt store and throws. */
  nodes(coords: readonly NodeCoord[]): Promise<Uint8Array[]>;
  /** Leaf hashes [start, end). */
  leaves(start: number, end: number): Promise<Uint8Array[]>;
  leafOf(eventId: string): Promise<number | undefined>;
  latestCheckpoint(): Promise<{ size: number; note: string }>;
  checkpoint(size: number): Promise<string | undefined>;
  /** Stored checkpoints with size > after, by size. */
  checkpoints(after: number, limit: number): Promise<{ size: number; note: string }[]>;

  batch(id: string): Promise<StoredBatch | undefined>;
  /** Event ids of leaves [start, end), in leaf order. */
  eventIds(start: number, end: number): Promise<string[]>;
  deviceHead(device: string): Promise<ChainLink | null>;
  events(query: EventQuery): Promise<StoredEvent[]>;

  /** Records a refusal, dropping the oldest beyond the store's limits (see MAX_REJECTIONS_PER_DEVICE). */
  recordRejection(rejection: Rejection): Promise<void>;
  rejections(limit: number): Promise<(Rejection & { n: number })[]>;
  /** The earliest event time in the kept refusals of this device's verified uploads. */
  firstRefusedEventAt(device: string): Promise<string | undefined>;
  /** Every device with a kept refusal of a verified upload, the latest refused first. */
  refusedDevices(): Promise<RefusedDevice[]>;
  devices(): Promise<DeviceSummary[]>;
  sites(): Promise<SiteSummary[]>;
  rounds(): Promise<RoundTotal[]>;
  batches(query: BatchQuery): Promise<StoredBatch[]>;

  /** For tests and `--check`: the state an append would read. */
  logState(device: string, batchId: string): Promise<LogState>;
}

/**
 * Rejections kept for the HQ view and back-dated registrations; older ones
 * are dropped so a flood cannot fill the disk. A laptop waiting to be
 * registered tries again every few minutes, each time with its earliest
 * events, so a flood only delays what HQ sees of it.
 */
export const MAX_REJECTIONS_KEPT = 10_000;
/**
 * Rejections kept per device as the upload names it, separately for those
 * with a signed first event time (`firstAt`, only the device's key makes
 * them) and those without (anyone can name any device), and for uploads
 * naming none: a flood in one device's name drops only that device's older
 * refusals of the same kind, never another device's, nor the device's own
 * signed ones (issue 12). Many devices at once (fresh keys cost nothing) can
 * still reach MAX_REJECTIONS_KEPT; the per-address rate limit bounds how fast.
 */
export const MAX_REJECTIONS_PER_DEVICE = 50;
/** Per-event errors kept per rejection. */
export const MAX_REJECTION_EVENTS = 100;
/** Characters of a rejection's message kept. */
export const MAX_REJECTION_MESSAGE = 2000;
