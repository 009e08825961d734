/**
 * A sync scope's document, opened with its persistence: IndexedDB through
 * y-indexeddb (the Yjs history survives restarts, so a reconnect exchanges
 * state vectors and only what the other side lacks travels), or memory
 * (tests, and sneakernet-only tools).
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { GUARD_VERSION, addEvents, createScopeDoc, eventsOf, type AddResult } from '../../../shared/sync';

export type ScopePersistence = 'indexeddb' | 'memory';

export interface OpenScopeOptions {
  readonly persistence: ScopePersistence;
  /** IndexedDB database name (default `aidtrail-sync/<scope>`). */
  readonly dbName?: string;
}

/** The transaction origin of the kit's own writes (`Scope.add`). */
export const LOCAL_ORIGIN = Symbol('aidtrail/sync/local');

export interface Scope {
  readonly name: string;
  readonly doc: Y.Doc;
  /** The grow-only map: event id → signed event JSON. Write through `add` only. */
  readonly events: Y.Map<string>;
  readonly persistence: ScopePersistence;
  /**
   * The version of the guard (shared/sync/guard.ts) that let the stored
   * document grow: GUARD_VERSION for a new one, undefined for one a kit
   * from before issue 12 stored (it recorded none; live sync audits such a
   * document more strictly).
   */
  readonly grewUnder: number | undefined;
  /** Records that the stored document is now the current guard's. */
  markCurrent(): Promise<void>;
  /** Adds events whose ids are absent, in one transaction with origin LOCAL_ORIGIN. */
  add(entries: Iterable<readonly [id: string, json: string]>): AddResult;
  /** Stops persisting and releases the document (the stored data stays). */
  close(): Promise<void>;
  /** Deletes the stored document (IndexedDB) and closes. */
  clearStorage(): Promise<void>;
}

export const scopeDbName = (scope: string): string => `aidtrail-sync/${scope}`;

/** Where the stored document keeps `grewUnder` (y-indexeddb's custom store). */
const GUARD_KEY = 'guard-version';

/** Opens a scope; resolves once the stored history (if any) is loaded. */
export async function openScope(name: string, options: OpenScopeOptions): Promise<Scope> {
  const doc = createScopeDoc(name);
  let idb: IndexeddbPersistence | undefined;
  let grewUnder: number | undefined = GUARD_VERSION;
  if (options.persistence === 'indexeddb') {
    idb = new IndexeddbPersistence(options.dbName ?? scopeDbName(name), doc);
    await idb.whenSynced;
    const stored: unknown = await idb.get(GUARD_KEY);
    // A store with no updates yet is new, whatever it says.
    grewUnder = typeof stored === 'number' ? stored : doc.store.clients.size === 0 ? GUARD_VERSION : undefined;
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (idb !== undefined) await idb.destroy();
    doc.destroy();
  };
  return {
    name,
    doc,
    events: eventsOf(doc),
    persistence: options.persistence,
    grewUnder,
    markCurrent: async () => {
      if (idb !== undefined && !closed) await idb.set(GUARD_KEY, GUARD_VERSION);
    },
    add: (entries) => addEvents(doc, entries, LOCAL_ORIGIN),
    close,
    clearStorage: async () => {
      if (idb !== undefined && !closed) {
        closed = true;
        await idb.clearData();
        doc.destroy();
      } else {
        await close();
      }
    },
  };
}
