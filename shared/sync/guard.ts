/**
 * The transport-level guard: every Yjs update from a peer or a sync file goes
 * through `guardUpdate` before it touches the document (DESIGN.md principle 4
 * at the transport; the kit's bridge then verifies each event's signature,
 * certificate and hash chain before it reaches RxDB).
 *
 * It keeps the document a grow-only map of content-addressed strings and its
 * size bounded, whatever a peer sends:
 *
 *   refuse the whole update (nothing applied):
 *     - bytes that do not parse as a Yjs V1 update
 *     - Skip structs, absurd GC lengths
 *     - more bytes, new clients or new items than one update may carry
 *       (`perUpdate`), or an update that would take the document past
 *       `perDocument` (./capacity.ts: past the clients a state vector may
 *       name, no peer would sync with us again)
 *     - nothing but structs that start past what we have of their client
 *       (code `gap`)
 *   take nothing more of a client in this update from:
 *     - a GC struct or an item with deleted content that is new to us: a
 *       slot whose content we never saw. Taking it would advance our state
 *       past whatever entry really sits there, and no honest peer would ever
 *       send that entry again (a squatter's copy marks the real event it lost
 *       to as deleted, and relays it so). Honest peers send deleted entries
 *       with their text (./slice.ts); dropped junk stays behind.
 *     - a struct that starts past what we have of its client (a gap: what
 *       follows such a cut; Yjs would park it, and everything after it, in
 *       memory forever)
 *   drop single entries (replaced by a GC struct with the same id, so the
 *   client's clock stays contiguous and the item can never come back):
 *     - anything but a string value under a string key of the root `events`
 *       map (other root types, nested types, list items, binary…)
 *     - an item with an origin (an overwrite: writers only add absent keys)
 *     - keys/values over EntryLimits, or refused by `checkEntry` (by default:
 *       the id is not the SHA-256 of the text, so nobody can squat a real
 *       event's id with garbage before the real event arrives)
 *     - a different value for an id we have (it would replace ours), or for
 *       an id the update itself writes twice
 *   ignore:
 *     - the delete set (a grow-only map needs none: concurrent duplicates are
 *       resolved by Yjs itself); a delete of one of our visible events is
 *       reported
 *
 * What one peer may add over time (`perPeer`) is the transport's to enforce
 * (./budget.ts): `Guarded` says what this update costs.
 *
 * Pure (but for the size tally of ./capacity.ts) and synchronous; never
 * throws on its input.
 */
import { writeVarUint } from 'lib0/encoding';
import * as Y from 'yjs';
import { err, ok, type Result } from '../result';
import { DEFAULT_PEER_RATES, type PeerRates } from './budget';
import { DOCUMENT_CAPS, UPDATE_CAPS, capPassed, usageOf, type Caps } from './capacity';
import { EVENTS_MAP, contentAddressProblem, entryProblem, eventsOf, type EntryLimits, DEFAULT_ENTRY_LIMITS } from './events-doc';

/**
 * The guard's version, kept beside stored documents: 2 since issue 12 (a slot
 * is taken only with its content). A document stored under an older guard
 * may hold slots whose content it never saw (./audit.ts).
 */
export const GUARD_VERSION = 2;

export interface GuardLimits extends EntryLimits {
  /** Longest GC run accepted in one struct. */
  readonly maxGcLength: number;
  /** Per-entry check (key, value) → a reason to drop it, or undefined to keep it. */
  readonly checkEntry: (id: string, json: string) => string | undefined;
  /** The most one update may carry: bytes, new clients, new items. */
  readonly perUpdate: Caps;
  /** The most the document may hold once the update is applied. */
  readonly perDocument: Caps;
  /** What one connected peer may add over time (enforced by the transport). */
  readonly perPeer: PeerRates;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = {
  ...DEFAULT_ENTRY_LIMITS,
  maxGcLength: 1 << 16,
  checkEntry: contentAddressProblem,
  perUpdate: UPDATE_CAPS,
  perDocument: DOCUMENT_CAPS,
  perPeer: DEFAULT_PEER_RATES,
};

export interface Dropped {
  /** The event id concerned, when there is one. */
  readonly id?: string;
  readonly reason: string;
}

export interface Guarded {
  /** What to apply: the input itself when nothing was dropped, else a rewritten update; null when nothing is new. */
  readonly update: Uint8Array | null;
  /** Ids this update may add (new entries that passed). */
  readonly ids: readonly string[];
  /** Structs new to the document (≈ events received, including dropped ones). */
  readonly structs: number;
  /** Items (map writes) new to the document, kept or dropped: what a peer's entry budget pays. */
  readonly items: number;
  /** Clients new to the document: what a peer's client budget pays. */
  readonly newClients: number;
  /** Per client, the clock after this update's structs (what the sender has). */
  readonly ends: ReadonlyMap<number, number>;
  readonly dropped: readonly Dropped[];
}

export type GuardCode = 'malformed' | 'gap' | 'bad-struct' | 'too-large' | 'full';

type Struct = Y.Item | Y.GC | Y.Skip;

/** Checks (and if needed rewrites) an update against `doc`; see the module comment. */
export function guardUpdate(doc: Y.Doc, update: Uint8Array, limits: GuardLimits = DEFAULT_GUARD_LIMITS): Result<Guarded, GuardCode> {
  const caps = limits.perUpdate;
  if (update.length > caps.bytes) return err('too-large', `update of ${update.length} bytes; one may carry ${caps.bytes}`);
  let decoded: { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  try {
    decoded = Y.decodeUpdate(update) as unknown as typeof decoded;
  } catch (cause) {
    return err('malformed', `not a Yjs update (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  const store = doc.store;
  const map = eventsOf(doc);
  const dropped: Dropped[] = [];
  /** Per client, how far the sender has it. */
  const ends = new Map<number, number>();
  /** Per client, how far we will have it once this update is applied. */
  const reach = new Map<number, number>();
  /** Clients we take no more of in this update (content unseen, or a gap). */
  const cut = new Set<number>();
  let gap: string | undefined;
  /** Structs to apply, grouped in runs of one client, with replacements. */
  const runs: Run[] = [];
  let changed = false;
  let fresh = 0;
  let items = 0;
  const newClients = new Set<number>();
  /** What the update names, taken or not: the work it asks for. */
  let namedItems = 0;
  const namedClients = new Set<number>();
  /** New string entries per id, in order: the candidates to become visible. */
  const candidates = new Map<string, { item: Y.Item; value: string; run: (Y.Item | Y.GC)[]; at: number }[]>();

  let run: Run | undefined;
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (struct instanceof Y.Skip) return err('bad-struct', 'update contains a Skip struct');
    if (!Number.isSafeInteger(struct.length) || struct.length < 1) return err('bad-struct', `struct of length ${struct.length}`);
    const end = clock + struct.length;
    if (!Number.isSafeInteger(end)) return err('bad-struct', 'clock beyond 2^53');
    if (struct instanceof Y.GC && struct.length > limits.maxGcLength) return err('bad-struct', `GC run of ${struct.length} structs`);
    if (!(struct instanceof Y.GC) && !(struct instanceof Y.Item)) return err('bad-struct', 'unknown struct');
    ends.set(client, Math.max(ends.get(client) ?? 0, end));
    const state = Y.getState(store, client);
    const isNew = end > state;
    if (isNew && state === 0 && !namedClients.has(client)) {
      namedClients.add(client);
      if (namedClients.size > caps.clients) return err('too-large', `update names more than ${caps.clients} clients new to the document`);
    }
    if (isNew && struct instanceof Y.Item && ++namedItems > caps.entries) return err('too-large', `update writes more than ${caps.entries} new items`);
    if (cut.has(client)) continue;
    if (run === undefined || run.client !== client || run.end !== clock) {
      const have = Math.max(state, reach.get(client) ?? 0);
      if (clock > have) {
        // It continues what we did not take: it waits for a sender that shows us the rest.
        gap ??= `update for client ${client} starts at clock ${clock}, but we have ${have}`;
        cut.add(client);
        changed = true;
        continue;
      }
      run = { client, clock, end: clock, structs: [] };
      runs.push(run);
    }
    if (isNew && (struct instanceof Y.GC || struct.content instanceof Y.ContentDeleted)) {
      // A slot whose content we never saw: taking it would make the real entry
      // that belongs there (whoever deleted it) unreachable. Its writer or an
      // honest peer sends it with its text (./slice.ts).
      cut.add(client);
      changed = true;
      continue;
    }
    run.end = end;
    reach.set(client, end);
    if (!isNew) {
      // Already have it: Yjs skips it. Keep it in place (it may be the start of the run).
      run.structs.push(struct);
      continue;
    }
    fresh += Math.min(struct.length, end - state);
    if (state === 0) newClients.add(client);
    items++;
    const item = struct as Y.Item;
    const problem = itemProblem(item, limits, store);
    if (problem !== undefined) {
      // Content seen and refused for good: the slot is spent, so the item can never come back.
      dropped.push(problem);
      run.structs.push(new Y.GC(item.id, item.length));
      changed = true;
      continue;
    }
    const id = item.parentSub!;
    const value = (item.content as Y.ContentAny).arr[0] as string;
    run.structs.push(item);
    const list = candidates.get(id) ?? [];
    list.push({ item, value, run: run.structs, at: run.structs.length - 1 });
    candidates.set(id, list);
  }

  // One value per id: ours if we have it, else the one Yjs would make visible (highest client).
  const ids: string[] = [];
  for (const [id, list] of candidates) {
    const visible = map._map.get(id);
    let keep: string;
    let known = false;
    if (visible !== undefined && !visible.deleted) {
      keep = (visible.content.getContent()[0] as string | undefined) ?? '';
      known = true;
    } else {
      let winner = list[0]!;
      for (const c of list) if (c.item.id.client > winner.item.id.client) winner = c;
      keep = winner.value;
    }
    for (const c of list) {
      if (c.value !== keep) {
        dropped.push({ id, reason: known ? 'a different value for an event we have (an overwrite)' : 'two different values for one event id' });
        c.run[c.at] = new Y.GC(c.item.id, c.item.length);
        changed = true;
      }
    }
    if (!known) ids.push(id);
  }

  // Deletes are never applied; say so when one would have removed one of our events.
  let deletes = 0;
  for (const [client, ranges] of decoded.ds.clients) {
    deletes += ranges.length;
    const structs = store.clients.get(client);
    if (structs === undefined) continue;
    let reported = 0;
    for (const { clock, len } of ranges) {
      if (reported >= 3) break;
      if (!Number.isSafeInteger(clock) || !Number.isSafeInteger(len) || len < 1) continue;
      const state = Y.getState(store, client);
      if (clock >= state) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        const s = structs[i]!;
        if (s instanceof Y.Item && !s.deleted && s.parentSub !== null && map._map.get(s.parentSub) === s) {
          dropped.push({ id: s.parentSub, reason: 'a delete of an event (ignored: the map is grow-only)' });
          if (++reported >= 3) break;
        }
      }
    }
  }
  if (deletes > 0) changed = true;

  if (fresh === 0) {
    if (gap !== undefined) return err('gap', gap);
    return ok({ update: null, ids: [], structs: 0, items: 0, newClients: 0, ends, dropped });
  }
  const full = capPassed(usageOf(doc), { clients: newClients.size, entries: ids.length, bytes: update.length }, limits.perDocument, 'the document with this update');
  if (full !== undefined) return err('full', full);
  return ok({ update: changed ? encodeRuns(runs) : update, ids, structs: fresh, items, newClients: newClients.size, ends, dropped });
}

interface Run {
  readonly client: number;
  readonly clock: number;
  end: number;
  readonly structs: (Y.Item | Y.GC)[];
}

function itemProblem(item: Y.Item, limits: GuardLimits, store: Y.Doc['store']): Dropped | undefined {
  if (item.origin !== null || item.rightOrigin !== null) {
    const id = idOf(store, item.origin ?? item.rightOrigin!);
    return { ...(id !== undefined && { id }), reason: 'an item with an origin (an overwrite or a list insert)' };
  }
  const parent: unknown = item.parent;
  if (parent !== EVENTS_MAP) return { reason: typeof parent === 'string' ? `an item in root type ${JSON.stringify(parent.slice(0, 40))}` : 'an item in a nested type' };
  const id = item.parentSub;
  if (id === null) return { reason: 'a list item in the events map' };
  if (!(item.content instanceof Y.ContentAny) || item.content.arr.length !== 1) return { id: clip(id), reason: 'an entry that is not one JSON value' };
  const value: unknown = item.content.arr[0];
  const problem = entryProblem(id, value, limits);
  if (problem !== undefined) return { id: clip(id), reason: problem };
  const refused = limits.checkEntry(id, value as string);
  if (refused !== undefined) return { id, reason: refused };
  return undefined;
}

/** The map key of a local item, when `id` names one. */
function idOf(store: Y.Doc['store'], id: Y.ID): string | undefined {
  if (id.clock >= Y.getState(store, id.client)) return undefined;
  try {
    const item = Y.getItem(store, id);
    return item instanceof Y.Item && item.parentSub !== null ? clip(item.parentSub) : undefined;
  } catch {
    return undefined;
  }
}

const clip = (id: string): string => (id.length > 128 ? `${id.slice(0, 128)}…` : id);

/** A V1 update of the given runs and an empty delete set. */
function encodeRuns(runs: readonly Run[]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const rest = encoder.restEncoder;
  const nonEmpty = runs.filter((r) => r.structs.length > 0);
  writeVarUint(rest, nonEmpty.length);
  for (const r of nonEmpty) {
    writeVarUint(rest, r.structs.length);
    encoder.writeClient(r.client);
    writeVarUint(rest, r.clock);
    for (const s of r.structs) s.write(encoder, 0);
  }
  writeVarUint(rest, 0);
  return encoder.toUint8Array();
}
