/**
 * Sneakernet: a sync file carries events to a device that never meets this
 * one on the LAN. It is gzip-compressed NDJSON, one canonical event per line,
 * after a header line naming the format. On import every event goes through
 * the same verification as one from a peer (`EventsApi.ingest`), so a file can
 * add valid events and nothing else.
 */
import { gzipSync } from 'fflate';
import { fromUtf8, utf8 } from '../../../../shared/bytes';
import { boundedInflate } from '../../../../shared/bounded-inflate';
import { err, ok, type Result } from '../../../../shared/result';
import type { EventsApi, Heads, IngestResult } from '../api/events';

/** The first line of every sync file: its format and version. */
export const SYNC_FILE_HEADER = '{"format":"aidtrail-sync","v":1}';
/** 100k+ events of ~330 B, with room: the import never inflates more than this. */
export const MAX_SYNC_FILE_INFLATED = 512 * 1024 * 1024;
/** Events per ingest call: a live peer's batch (issue 14: a file of 1,000 was one chunk, and nothing overlapped). */
const CHUNK = 500;
/**
 * Chunks handed to the ingest before the one ahead of them is stored: the
 * ingest verifies chunks while it stores the one before (it stores them one
 * at a time, in order), so signature checks overlap IndexedDB's writes. As
 * many as the ingest itself keeps in flight (renderer/src/db/ingest.ts).
 */
const IN_FLIGHT = 3;

export async function exportSyncFile(log: Pick<EventsApi, 'eventEntries'>, peerHas: Heads = {}): Promise<Uint8Array> {
  const lines = (await log.eventEntries()).flatMap(({ text }) => {
    const { device, seq } = JSON.parse(text) as { device: string; seq: number };
    return seq > (peerHas[device] ?? 0) ? [text] : [];
  });
  return gzipSync(utf8([SYNC_FILE_HEADER, ...lines].join('\n') + '\n'));
}

export async function importSyncFile(
  log: Pick<EventsApi, 'ingest'>,
  bytes: Uint8Array,
  source: string,
  onProgress?: (done: number, total: number) => void,
): Promise<Result<IngestResult, 'not-a-sync-file'>> {
  const inflated = boundedInflate(bytes, { format: 'gzip', maxBytes: MAX_SYNC_FILE_INFLATED });
  if (!inflated.ok) return err('not-a-sync-file', `not a sync file: ${inflated.message}`);
  let text: string;
  try {
    text = fromUtf8(inflated.value);
  } catch {
    return err('not-a-sync-file', 'not a sync file: not UTF-8 text');
  }
  const lines = text.split('\n').filter((line) => line !== '');
  if (lines[0] !== SYNC_FILE_HEADER) return err('not-a-sync-file', 'not an Aidtrail sync file (no header line)');
  const events = lines.slice(1);
  const total = { stored: 0, duplicates: 0, quarantined: 0 };
  const inFlight: { readonly done: number; readonly result: Promise<IngestResult> }[] = [];
  const settleFirst = async () => {
    const { done, result } = inFlight.shift()!;
    const r = await result;
    total.stored += r.stored;
    total.duplicates += r.duplicates;
    total.quarantined += r.quarantined;
    onProgress?.(done, events.length);
  };
  try {
    for (let i = 0; i < events.length; i += CHUNK) {
      inFlight.push({ done: Math.min(i + CHUNK, events.length), result: log.ingest(events.slice(i, i + CHUNK), source) });
      if (inFlight.length >= IN_FLIGHT) await settleFirst();
    }
    while (inFlight.length > 0) await settleFirst();
  } catch (cause) {
    // The chunks still in flight finish (or fail) before the failure is told.
    await Promise.allSettled(inFlight.map((f) => f.result));
    throw cause;
  }
  return ok(total);
}
