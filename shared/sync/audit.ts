/**
 * Whether a stored scope document is one the guard (./guard.ts) would have
 * let grow: within its caps, and every entry content-addressed. Documents
 * stored before issue 12 may not be: a peer with the room password could
 * squat real event ids with garbage (the real event was then refused as an
 * overwrite and never arrived) or add clients until no peer would read the
 * document's state vector. Such a document cannot heal by syncing: the kit
 * discards it and rebuilds it from its own verified log, and peers send what
 * it then lacks (renderer/src/kit/sync/live-sync.ts).
 *
 * O(entries): one SHA-256 per entry, so it runs once, when a scope opens.
 */
import type * as Y from 'yjs';
import { capPassed, usageOf } from './capacity';
import { entryProblem, eventsOf } from './events-doc';
import { DEFAULT_GUARD_LIMITS, type GuardLimits } from './guard';

/** Why `doc` must be rebuilt, or undefined when the guard would have admitted all of it. */
export function auditDocument(doc: Y.Doc, limits: GuardLimits = DEFAULT_GUARD_LIMITS): string | undefined {
  const nothing = { clients: 0, entries: 0, bytes: 0 };
  const over = capPassed(usageOf(doc), nothing, limits.perDocument, 'the document');
  if (over !== undefined) return over;
  for (const [id, item] of eventsOf(doc)._map) {
    if (item.deleted) continue;
    const value: unknown = item.content.getContent()[0];
    const problem = entryProblem(id, value, limits) ?? limits.checkEntry(id, value as string);
    if (problem !== undefined) return `entry ${id.slice(0, 16)}…: ${problem}`;
  }
  return undefined;
}
