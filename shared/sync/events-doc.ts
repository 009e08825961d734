/**
 * The shape of a sync document (DESIGN.md principle 3): one `Y.Doc` per sync
 * scope (`site:<site>`, `round:<round>`), whose only content is a grow-only
 * `Y.Map<string>` named `events`: event id → the signed event's JSON text.
 *
 * Grow-only is a rule every writer keeps: a key is set only when absent
 * (`addEvents`), never overwritten or deleted. Then every map item has no
 * origin, two devices that add the same event concurrently agree on it (ids
 * are content addresses), and the transport can refuse anything else
 * (./guard.ts).
 *
 * Content addressing is what makes "absent" safe: an event's id is the
 * SHA-256 of its canonical text (shared/events/sign.ts `eventId`), and that
 * text is the entry's value, so a receiver checks the pair on its own
 * (`contentAddressProblem`). Without the check, whoever holds the room
 * password could write garbage under a real event's id first, and the real
 * event would then be refused as an overwrite.
 */
import * as Y from 'yjs';
import { utf8 } from '../bytes';
import { sha256Hex } from '../crypto/sha256';
import { MAX_EVENT_BYTES } from '../events/envelope';

export const EVENTS_MAP = 'events';

/** Limits on one map entry, shared by writers (`addEvents`) and the receiving guard. */
export interface EntryLimits {
  /** UTF-16 code units of an event id (a SHA-256 hex id is 64). */
  readonly maxKeyLength: number;
  /** UTF-16 code units of an event's JSON text. */
  readonly maxValueLength: number;
}

export const DEFAULT_ENTRY_LIMITS: EntryLimits = {
  maxKeyLength: 128,
  // A longer text is never a valid event (UTF-16 code units never outnumber UTF-8 bytes).
  maxValueLength: MAX_EVENT_BYTES,
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Why `id` is not the content address of `text` (lowercase hex SHA-256 of its UTF-8), or undefined. */
export function contentAddressProblem(id: string, text: string): string | undefined {
  if (!SHA256_HEX.test(id)) return 'event id is not a lowercase hex SHA-256';
  if (sha256Hex(utf8(text)) !== id) return 'event id is not the SHA-256 of its text';
  return undefined;
}

const SCOPE_PATTERN = /^[a-z][a-z0-9-]*:[A-Za-z0-9._~:@+-]{1,160}$/;

/** `site:<site>`, `round:<round>`: a kind, a colon, then URL-safe characters. */
export function isScopeName(scope: string): boolean {
  return SCOPE_PATTERN.test(scope);
}

/** A fresh document for a scope: the doc's guid is the scope name (sync files carry it). */
export function createScopeDoc(scope: string): Y.Doc {
  if (!isScopeName(scope)) throw new RangeError(`not a scope name: ${JSON.stringify(scope)}`);
  const doc = new Y.Doc({ guid: scope });
  doc.getMap<string>(EVENTS_MAP);
  return doc;
}

export const eventsOf = (doc: Y.Doc): Y.Map<string> => doc.getMap<string>(EVENTS_MAP);

export const eventCount = (doc: Y.Doc): number => eventsOf(doc).size;

/** The `[id, json]` entries of a document (what the bridge replays at start-up). */
export function* eventEntries(doc: Y.Doc): Generator<[string, string]> {
  for (const [id, json] of eventsOf(doc).entries()) if (typeof json === 'string') yield [id, json];
}

export interface AddResult {
  /** Entries written. */
  readonly added: number;
  /** Ids that were already present (with any value: the map is grow-only). */
  readonly present: number;
  /** Entries refused for breaking EntryLimits, with the reason; nothing else is refused. */
  readonly refused: readonly { readonly id: string; readonly reason: string }[];
}

/**
 * Adds events in ONE transaction, only the ids not present yet: the only way
 * a kit should write a sync document. Returns what happened; never throws on
 * the data.
 */
export function addEvents(
  doc: Y.Doc,
  entries: Iterable<readonly [id: string, json: string]>,
  origin: unknown = null,
  limits: EntryLimits = DEFAULT_ENTRY_LIMITS,
): AddResult {
  const map = eventsOf(doc);
  let added = 0;
  let present = 0;
  const refused: { id: string; reason: string }[] = [];
  doc.transact(() => {
    for (const [id, json] of entries) {
      const reason = entryProblem(id, json, limits);
      if (reason !== undefined) {
        refused.push({ id, reason });
      } else if (map.has(id)) {
        present++;
      } else {
        map.set(id, json);
        added++;
      }
    }
  }, origin);
  return { added, present, refused };
}

/** Why a key/value pair may not be a map entry, or undefined. */
export function entryProblem(id: unknown, json: unknown, limits: EntryLimits): string | undefined {
  if (typeof id !== 'string' || id.length === 0) return 'event id is not a non-empty string';
  if (id.length > limits.maxKeyLength) return `event id longer than ${limits.maxKeyLength} characters`;
  if (typeof json !== 'string') return 'event is not JSON text';
  if (json.length > limits.maxValueLength) return `event text longer than ${limits.maxValueLength} characters`;
  return undefined;
}

/** Σ over clients of how far `ahead` is past `behind`: structs (≈ events) one has that the other lacks. */
export function structsAhead(ahead: ReadonlyMap<number, number>, behind: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const [client, clock] of ahead) n += Math.max(0, clock - (behind.get(client) ?? 0));
  return n;
}

/** The document's state vector as a Map (client → next clock). */
export const stateMap = (doc: Y.Doc): Map<number, number> => Y.decodeStateVector(Y.encodeStateVector(doc));
