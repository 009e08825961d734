/**
 * How much a scope document holds, and the most it may: clients (Yjs client
 * ids, one per laptop session that wrote), entries and bytes.
 *
 * Clients matter most. Every client is a pair in the document's state vector,
 * which opens every exchange, and peers refuse a state vector of more than
 * MAX_STATE_VECTOR_CLIENTS (./messages.ts): a document past that can never
 * sync again, and whatever it holds spreads to the next peer it meets. The
 * guard (./guard.ts) therefore refuses an update that would take a document
 * past DOCUMENT_CAPS, and a stored document already past them is rebuilt
 * (./audit.ts).
 */
import type * as Y from 'yjs';
import { eventsOf } from './events-doc';
import { DEFAULT_FRAME_LIMITS } from './frames';
import { MAX_STATE_VECTOR_CLIENTS } from './messages';

export interface Caps {
  /** Yjs clients. */
  readonly clients: number;
  /** Map entries (event ids). */
  readonly entries: number;
  /** Bytes (see `usageOf`). */
  readonly bytes: number;
}

/**
 * The most one document may hold. Clients: half of what peers read in a state
 * vector, so ours and theirs always pass; a site's laptops write from a few
 * sessions a day each, thousands a year. Entries and bytes: three times the
 * 100,000 events (33 MB) measured to sync and load comfortably (PLATFORM.md).
 */
export const DOCUMENT_CAPS: Caps = {
  clients: MAX_STATE_VECTOR_CLIENTS / 2,
  entries: 300_000,
  bytes: 128 * 1024 * 1024,
};

/**
 * The most one update may add. Bytes: the largest message a peer may send
 * (DEFAULT_FRAME_LIMITS.maxMessageBytes). A streamed batch is 60 KiB and
 * names at most SLICE_MAX_CLIENTS clients (./slice.ts), so an honest one
 * stays far below; the 120,000-client flood of issue 12 came in two updates.
 */
export const UPDATE_CAPS: Caps = {
  clients: 1_000,
  entries: 10_000,
  bytes: DEFAULT_FRAME_LIMITS.maxMessageBytes,
};

/** What a document holds now. */
export interface Usage {
  readonly clients: number;
  readonly entries: number;
  readonly bytes: number;
}

const sizes = new WeakMap<Y.Doc, { bytes: number }>();

/**
 * The document's usage in O(1). Bytes are approximate: the ids and texts it
 * held when first asked, plus the length of every update applied since
 * (counted by an update listener this call attaches once per document).
 */
export function usageOf(doc: Y.Doc): Usage {
  let size = sizes.get(doc);
  if (size === undefined) {
    const tally = { bytes: textBytes(doc) };
    doc.on('update', (update: Uint8Array) => {
      tally.bytes += update.length;
    });
    sizes.set(doc, tally);
    size = tally;
  }
  return { clients: doc.store.clients.size, entries: eventsOf(doc)._map.size, bytes: size.bytes };
}

function textBytes(doc: Y.Doc): number {
  let bytes = 0;
  for (const [id, item] of eventsOf(doc)._map) {
    const value: unknown = item.deleted ? undefined : item.content.getContent()[0];
    bytes += id.length + (typeof value === 'string' ? value.length : 0);
  }
  return bytes;
}

/** Which cap `usage` plus `adding` passes, said of `what`, or undefined. */
export function capPassed(usage: Usage, adding: Usage, caps: Caps, what: string): string | undefined {
  for (const key of ['clients', 'entries', 'bytes'] as const) {
    if (usage[key] + adding[key] > caps[key]) {
      return `${what}: ${usage[key] + adding[key]} ${key}, more than the ${caps[key]} allowed`;
    }
  }
  return undefined;
}
