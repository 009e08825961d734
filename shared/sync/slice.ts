/**
 * The Yjs sync protocol in bounded batches.
 *
 * y-protocols answers SyncStep1 (the peer's state vector) with ONE SyncStep2
 * message holding the whole diff (`Y.encodeStateAsUpdate(doc, sv)`): 1.6 MB
 * for 5,000 events, 33 MB for 100,000, far over what a data channel carries.
 * `nextSlice` writes the same diff as a series of small, independently
 * applicable updates instead: it walks the document's struct store from a
 * cursor (a state vector: what the receiver is known to have), one client at
 * a time in clock order, and stops at a byte budget. Each slice continues
 * every client it touches exactly where the receiver stands, so the receiver
 * can apply it at once (no pending structs) and keeps what it got if the
 * connection dies; a reconnect resumes from its new state vector.
 *
 * Deleted items are written with the text of the entry that won: in a
 * grow-only map a deleted item is the loser of two concurrent writes of the
 * same id, and with content-addressed ids the two texts are the same. The
 * receiver can then check it (a receiver never takes a slot whose content it
 * cannot see, ./guard.ts), and no delete set is ever needed. Only a slot
 * without an entry (dropped junk) is written as a GC struct, and receivers
 * leave it, and the rest of its client, behind.
 *
 * This reads `doc.store.clients` (Yjs 13's struct store) and uses the structs'
 * own `write` — what `Y.encodeStateAsUpdate` does internally — so the bytes
 * are a standard Yjs V1 update any Yjs peer can apply.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { eventsOf } from './events-doc';

export interface Slice {
  /** A Yjs V1 update. */
  readonly update: Uint8Array;
  /** The cursor after this slice: the receiver's state once it applied it. */
  readonly cursor: Map<number, number>;
  /** Structs written (≈ events). */
  readonly structs: number;
}

/**
 * Clients one slice may name: a quarter of what a receiver accepts new in one
 * update (UPDATE_CAPS in ./capacity.ts). Without it a slice of clients that
 * hold a few bytes each (a GC struct for dropped junk) could name thousands
 * in 60 KiB, and be refused.
 */
export const SLICE_MAX_CLIENTS = 250;

/**
 * The next slice of what `doc` has beyond `cursor`, or null when the cursor
 * has everything. A slice ends as soon as it reaches `maxBytes` or names
 * `maxClients` clients, so it exceeds the byte budget by at most one struct
 * (one event: the guard bounds an event's size, and the framing carries a
 * slice of any size).
 */
export function nextSlice(doc: Y.Doc, cursor: ReadonlyMap<number, number>, maxBytes: number, maxClients = SLICE_MAX_CLIENTS): Slice | null {
  const store = doc.store;
  const behind: [client: number, clock: number][] = [];
  for (const [client, structs] of store.clients) {
    const last = structs[structs.length - 1];
    if (last === undefined) continue;
    const state = last.id.clock + last.length;
    const from = cursor.get(client) ?? 0;
    if (state > from) behind.push([client, from]);
  }
  if (behind.length === 0) return null;
  // Higher client ids first, as Yjs writes them (it helps its conflict resolution).
  behind.sort((a, b) => b[0] - a[0]);

  const body = encoding.createEncoder();
  const next = new Map(cursor);
  let clients = 0;
  let total = 0;
  let bytes = 0;
  for (const [client, from] of behind) {
    const structs = store.clients.get(client)!;
    const clock = Math.max(from, structs[0]!.id.clock);
    let index = Y.findIndexSS(structs, clock);
    const part = new Y.UpdateEncoderV1();
    let count = 0;
    let end = clock;
    while (index < structs.length && (count === 0 || bytes + encoding.length(part.restEncoder) < maxBytes)) {
      const struct = structs[index]!;
      const offset = count === 0 ? clock - struct.id.clock : 0;
      if (struct instanceof Y.Item && struct.deleted) {
        (withWinnersText(doc, struct) ?? new Y.GC(Y.createID(client, struct.id.clock + offset), struct.length - offset)).write(part, 0);
      } else {
        struct.write(part, offset);
      }
      end = struct.id.clock + struct.length;
      count++;
      index++;
    }
    encoding.writeVarUint(body, count);
    encoding.writeVarUint(body, client);
    encoding.writeVarUint(body, clock);
    encoding.writeUint8Array(body, part.toUint8Array());
    bytes = encoding.length(body);
    next.set(client, end);
    clients++;
    total += count;
    if (bytes >= maxBytes || clients >= maxClients) break;
  }
  const out = encoding.createEncoder();
  encoding.writeVarUint(out, clients);
  encoding.writeUint8Array(out, encoding.toUint8Array(body));
  encoding.writeVarUint(out, 0); // empty delete set
  return { update: encoding.toUint8Array(out), cursor: next, structs: total };
}

/** A deleted map entry as it was written: its key, and the text the key holds now. */
function withWinnersText(doc: Y.Doc, item: Y.Item): Y.Item | undefined {
  const map = eventsOf(doc);
  if (item.length !== 1 || item.origin !== null || item.rightOrigin !== null || item.parent !== map || item.parentSub === null) return undefined;
  const winner = map._map.get(item.parentSub);
  const text: unknown = winner === undefined || winner.deleted ? undefined : winner.content.getContent()[0];
  if (typeof text !== 'string') return undefined;
  return new Y.Item(item.id, null, null, null, null, map, item.parentSub, new Y.ContentAny([text]));
}

/** The update with no structs and no deletions (what a finished stream's SyncStep2 carries). */
export const EMPTY_UPDATE: Uint8Array = Uint8Array.of(0, 0);
