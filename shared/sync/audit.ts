/**
 * Whether a stored scope document is one the guard (./guard.ts) would have
 * let grow: within its caps, every entry content-addressed, and, for one
 * stored under an older guard, no slot taken without its content. Documents
 * stored before issue 12 may fail: a peer with the room password could squat
 * real event ids with garbage (the real event was then refused as an
 * overwrite), relay a real event as deleted so that its slot was taken empty
 * (honest peers never sent it again), or add clients until no peer would read
 * the document's state vector. Such a document cannot heal by syncing: the
 * kit discards it and rebuilds it from its own verified log, and peers send
 * what it then lacks (renderer/src/kit/sync/live-sync.ts).
 *
 * It runs once, when a scope opens: O(structs), with one SHA-256 per entry
 * that is not among `known` (the laptop's own verified log, whose ids are
 * content addresses by construction): about 1 s for 100,000 unknown entries.
 */
import * as Y from 'yjs';
import { capPassed, usageOf } from './capacity';
import { entryProblem, eventsOf } from './events-doc';
import { DEFAULT_GUARD_LIMITS, type GuardLimits } from './guard';

export interface AuditOptions {
  /** Entries known good (id → text): not hashed again. */
  readonly known?: ReadonlyMap<string, string>;
  /** Stored under a guard older than GUARD_VERSION (its GC slots may hide real events). */
  readonly legacy?: boolean;
  readonly limits?: GuardLimits;
}

/** Why `doc` must be rebuilt, or undefined when the guard would have admitted all of it. */
export function auditDocument(doc: Y.Doc, options: AuditOptions = {}): string | undefined {
  const { known = new Map<string, string>(), legacy = false, limits = DEFAULT_GUARD_LIMITS } = options;
  const over = capPassed(usageOf(doc), { clients: 0, entries: 0, bytes: 0 }, limits.perDocument, 'the document');
  if (over !== undefined) return over;
  for (const [id, item] of eventsOf(doc)._map) {
    if (item.deleted) continue;
    const value: unknown = item.content.getContent()[0];
    if (known.get(id) === value) continue;
    const problem = entryProblem(id, value, limits) ?? limits.checkEntry(id, value as string);
    if (problem !== undefined) return `entry ${id.slice(0, 16)}…: ${problem}`;
  }
  if (legacy) {
    for (const [client, structs] of doc.store.clients) {
      const empty = structs.find((s) => s instanceof Y.GC);
      if (empty !== undefined) return `stored before issue 12 with a slot whose content it never saw (client ${client}, clock ${empty.id.clock})`;
    }
  }
  return undefined;
}
