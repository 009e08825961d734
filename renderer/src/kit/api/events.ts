/**
 * The event log as the outside sees it (live sync, sync files): events go in
 * only through verification, and come out as canonical texts. Nothing here
 * hands out the database.
 */
import type { Result } from '../../../../shared/result';

export interface IngestResult {
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: number;
}

/** An event as it travels: its id and canonical (JCS) text, and its round if it has one. */
export interface EventEntry {
  readonly id: string;
  readonly text: string;
  readonly round?: string;
}

/** The highest sequence number held per device: what a peer already has. */
export type Heads = Readonly<Record<string, number>>;

export interface EventsApi {
  /** Events from a peer or a sync file, verified before they are stored. */
  ingest(raws: readonly string[], source: string): Promise<IngestResult>;
  /** Every stored event, in (device, seq) order. */
  eventEntries(): Promise<EventEntry[]>;
  /** Called after every write to the log (local, peer, file or HQ) with what it stored; returns the unsubscribe function. */
  onEventsStored(listener: (entries: readonly EventEntry[]) => void): () => void;
  /** A sync file (gzip NDJSON of canonical events) holding what a peer with `peerHas` lacks. */
  exportSyncFile(peerHas?: Heads): Promise<Uint8Array>;
  importSyncFile(bytes: Uint8Array, source: string, onProgress?: (done: number, total: number) => void): Promise<Result<IngestResult, 'not-a-sync-file'>>;
}
