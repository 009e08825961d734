/**
 * What the UI sees of peer sync: connection state, who is online, progress.
 * The implementation (renderer/src/sync) moves events between this device's
 * log and the team's Yjs documents over the camp LAN; every event that
 * arrives goes through the kit's verification (`KitApi.ingest`). Sync files
 * are the kit's own (`EventsApi`).
 */
import type { Result } from '../../../../shared/result';
import type { Locked } from './errors';
import type { ReloadNeeded } from './network';

export interface PeerPresence {
  readonly device: string;
  readonly label: string;
  /** Events that device holds, as it announced. */
  readonly events: number;
  readonly lastSeen: string;
}

export interface SyncProgress {
  /** Events the peers have that this device lacks, as far as known. */
  readonly toFetch: number;
  readonly verified: number;
  readonly stored: number;
  readonly quarantined: number;
}

export interface SyncStatus {
  readonly state: 'off' | 'connecting' | 'syncing' | 'synced' | 'error';
  readonly message?: string;
  /** Why the state is `error`: `unreachable` when the lead's address has not answered for a few seconds (retrying with backoff). */
  readonly problem?: 'unreachable';
  /** When this laptop was last in step with every peer it reached (ISO 8601). */
  readonly lastSyncedAt?: string;
  readonly signaling?: string;
  readonly peers: readonly PeerPresence[];
  readonly progress: SyncProgress;
}

/**
 * Why `start` did not start: `bad-address` (not a ws:// or wss:// address
 * the app can reach), `no-team`, `locked` (no operator signed in, so the
 * desktop app allows no new address), `reload-needed` (allowed now; the
 * page must reload first, ./network.ts).
 */
export type SyncStartError = 'bad-address' | 'no-team' | Locked | ReloadNeeded;

export interface SyncControl {
  status(): SyncStatus;
  /** Called on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** Joins the team's sync room through the lead's signaling address (ws://host:port). */
  start(signaling: string): Promise<Result<void, SyncStartError>>;
  stop(): void;
}
