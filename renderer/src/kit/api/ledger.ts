/** HQ's ledger: where this laptop anchors its events, how far it got, and the background loop that does it. */
import type { ClientErrorCode } from '../../../../shared/ledger';
import type { Result } from '../../../../shared/result';
import type { Locked, NotAllowed } from './errors';
import type { ReloadNeeded } from './network';

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
  /** The newest checkpoint HQ showed lacked the witness cosignatures this laptop requires (issue 17): not held. */
  readonly unwitnessed?: string;
  /** The witnesses required, as their verifier keys (vkeys), and how many of them must cosign. */
  readonly witnesses?: readonly string[];
  readonly quorum?: number;
  /** Where the log's tiles are read, when set: receipts are proved from them too. */
  readonly tiles?: string;
  /**
   * The last check against the tiles: their checkpoint's size, the leaf
   * below which every receipt of this laptop was proved from them, and why
   * the check could not finish (`unreachable`, `bad-checkpoint`: not signed
   * with the log key, `bad-tiles`: not tiles). A disagreement is the alarm.
   */
  readonly tilesCheck?: {
    readonly at: string;
    readonly size?: number | undefined;
    readonly upTo: number;
    readonly problem?: 'unreachable' | 'bad-checkpoint' | 'bad-tiles' | undefined;
    readonly message?: string | undefined;
  };
}

/** Beside the ledger's address and key (issue 17): the tiles' address, the witnesses' vkeys (one each) and the quorum. */
export interface LedgerExtras {
  readonly tiles?: string;
  readonly witnesses?: readonly string[];
  readonly quorum?: number;
}

/**
 * Why anchoring failed. HQ's refusals are told apart by HQ's code
 * (shared/ledger/client.ts refusalCode): `unregistered-device` (HQ holds no
 * certificate of this laptop covering the records: fixed when HQ registers
 * it), `revoked-device` (HQ revoked this laptop: never fixed), `chain-mismatch`
 * (HQ's copy of this laptop's chain is another), `refused` (any other
 * refusal; HQ's code and message are in the failure's message).
 * `reload-needed`: the desktop page must reload before it can reach the
 * ledger (its address was allowed after the page loaded; ./network.ts).
 * `locked`: no operator is signed in, and the vault signs nothing then
 * (issue 13); anchoring waits for the next sign-in.
 */
export type AnchorError = 'not-configured' | ClientErrorCode | ReloadNeeded | Locked;

export interface LedgerApi {
  ledgerStatus(): Promise<LedgerStatus>;
  /**
   * Checks the ledger at `url` against the log key and keeps both. In the
   * desktop app the address is allowed first (`allowAddress`, kind `hq`):
   * `reload-needed` when the page must reload before it can reach it.
   */
  /**
   * `extras` (tiles, witnesses, quorum) replace the ones kept when given,
   * and are kept as they were when not: `bad-tiles-url`, `bad-witness-key`
   * (the message names the line), `bad-quorum` (not 1..n). The tiles'
   * address is allowed like the ledger's.
   */
  configureLedger(
    url: string,
    logKey: string,
    extras?: LedgerExtras,
  ): Promise<Result<void, 'bad-url' | 'bad-key' | 'bad-tiles-url' | 'bad-witness-key' | 'bad-quorum' | 'unreachable' | 'mismatch' | Locked | NotAllowed | ReloadNeeded>>;
  anchor(onProgress?: (anchored: number, total: number) => void): Promise<Result<{ anchored: number }, AnchorError>>;
  /** A checkpoint a peer passed on: checked against the one held. */
  gossipCheckpoint(note: string): Promise<Result<'kept' | 'same' | 'older' | 'unverified', 'fork' | 'invalid' | 'unwitnessed' | 'not-configured'>>;
  /** The newest checkpoint held, to pass on to peers. */
  heldCheckpoint(): Promise<string | undefined>;
}

export type AnchorLoopState =
  /** Not started, or no ledger configured on this device. */
  | 'off'
  /** Nothing to do right now; the next check is at `nextRunAt`. */
  | 'idle'
  | 'anchoring'
  /** The last attempt failed in a way that retrying may fix (HQ offline, this laptop not registered yet); the next try is at `nextRunAt`. */
  | 'waiting'
  /** Stopped: HQ answered in a way retrying cannot fix (`error` says how). */
  | 'error'
  /** Stopped: HQ showed two different histories (the kit keeps the evidence). */
  | 'fork';

export type AnchorFailureCode = AnchorError | 'internal';

export interface AnchorLoopStatus {
  readonly state: AnchorLoopState;
  /** Whether the loop is started (it schedules its own next run). */
  readonly started: boolean;
  /** The kit's ledger status as last read. */
  readonly ledger?: LedgerStatus;
  /** The current run's progress while anchoring; the last run's afterwards. */
  readonly progress?: { readonly done: number; readonly total: number };
  /** The last failure (kept while waiting or stopped, cleared by a success). */
  readonly error?: { readonly code: AnchorFailureCode; readonly message: string; readonly at: number };
  /** Consecutive failures that are being retried. */
  readonly attempt: number;
  /** When the loop runs next (epoch ms), if it is scheduled to. */
  readonly nextRunAt?: number;
  /** The end of the last successful run (epoch ms). */
  readonly lastSuccessAt?: number;
  /** Events the last successful run anchored. */
  readonly lastAnchored?: number;
}

/** What the screens may do with the background anchoring loop. */
export interface AnchorLoopControl {
  status(): AnchorLoopStatus;
  subscribe(listener: (status: AnchorLoopStatus) => void): () => void;
  start(): void;
  /** Tries now, whatever the schedule (the "Anchor now" button). */
  runNow(): Promise<void>;
  /** Reads the ledger status again (after the configuration changed). */
  refresh(): Promise<void>;
}
