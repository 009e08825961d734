/**
 * A laptop whose stored scope document was polluted before issue 12 (a
 * squatted event id, or 120,000 empty clients) rebuilds it from its own
 * verified log when live sync starts, under a fresh Yjs client; its peers then
 * send what it lacks, the squatted event included, and sync goes on both ways.
 *
 * The kit is a stand-in for `SyncedKit` (a log that stores whatever it is
 * given): what is under test is the bridge and the scope documents.
 */
import 'fake-indexeddb/auto';
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../electron/main/signaling-server';
import type { EventEntry } from '../../renderer/src/kit/api';
import { LiveSync, type SyncedKit } from '../../renderer/src/kit/sync/live-sync';
import { auditDocument, openScope } from '../../renderer/src/sync';
import { ok } from '../../shared/result';
import { MAX_STATE_VECTOR_CLIENTS } from '../../shared/sync';
import { placeholderFlood, signedEntry, squatUpdate } from '../../shared/sync/test-support';
import { SECRET, contentId, testPeer, waitFor } from './helpers';

let signaling: SignalingServer;
beforeAll(async () => {
  signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => signaling.close());

/** A log that takes every text it is given (verification is the kit's, and tested there). */
function standInKit(site: string, log: readonly [string, string][]) {
  const entries = new Map(log);
  const listeners = new Set<(stored: readonly EventEntry[]) => void>();
  const store = (texts: readonly string[]): number => {
    const stored = texts.filter((text) => !entries.has(contentId(text))).map((text) => ({ id: contentId(text), text }));
    for (const e of stored) entries.set(e.id, e.text);
    if (stored.length > 0) for (const listener of listeners) listener(stored);
    return stored.length;
  };
  const kit: SyncedKit = {
    syncIdentity: async () => ({ site, device: 'did:key:z6MkRebuilt', label: 'rebuilt', secret: SECRET }),
    eventEntries: async () => [...entries].map(([id, text]) => ({ id, text })),
    onEventsStored: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ingest: async (texts) => {
      const stored = store(texts);
      return { stored, duplicates: texts.length - stored, quarantined: 0 };
    },
    heldCheckpoint: async () => undefined,
    gossipCheckpoint: async () => ok('same' as const),
    // The browser build: every address is reachable already.
    allowAddress: async () => ok({ reload: false }),
  };
  return { kit, entries, record: (entry: [string, string]) => store([entry[1]]) };
}

/** Writes `updates` into the stored document of `scope` as an older kit would have kept them (no guard), or as this one does (`current`). */
async function storePolluted(scope: string, updates: readonly Uint8Array[], current = false): Promise<void> {
  const stored = await openScope(scope, { persistence: 'indexeddb' });
  for (const u of updates) Y.applyUpdate(stored.doc, u);
  if (current) await stored.markCurrent();
  await stored.close();
}

/** The stored document of `scope`, once `check` holds for it (the last writes may still be landing). */
async function storedWhen(scope: string, check: (doc: Y.Doc) => boolean): Promise<Y.Doc> {
  for (let i = 0; i < 100; i++) {
    const stored = await openScope(scope, { persistence: 'indexeddb' });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(stored.doc));
    await stored.close();
    if (check(copy)) return copy;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the stored document of ${scope} never passed its check`);
}

const fullDoc = (entries: readonly [string, string][], clientID?: number): Uint8Array => {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  const map = doc.getMap<string>('events');
  for (const [id, text] of entries) map.set(id, text);
  return Y.encodeStateAsUpdate(doc);
};

const liveSync = (kit: SyncedKit) =>
  new LiveSync(kit, { persistence: 'indexeddb', peerOpts: { wrtc }, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, flushMs: 20 });

describe('a scope document polluted before issue 12', () => {
  it('holding a squatted id is rebuilt from the log, and the real event then arrives from a peer', { timeout: 60_000 }, async () => {
    const site = 'camp-squatted';
    const scope = `site:${site}`;
    const log = Array.from({ length: 5 }, (_, i) => signedEntry(i + 1, 'R1'));
    const [hiddenId, hiddenText] = signedEntry(6, 'R1');
    await storePolluted(scope, [fullDoc(log), squatUpdate(scope, hiddenId, '{"garbage":true}')]);
    expect(auditDocument(await storedWhen(scope, () => true))).toMatch(/not the SHA-256/);

    const laptop = standInKit(site, log);
    const sync = liveSync(laptop.kit);
    expect((await sync.start(signaling.url)).ok).toBe(true);
    const honest = await testPeer('honest', scope, signaling.url, { events: [...log, [hiddenId, hiddenText]] });
    honest.connect();
    try {
      await waitFor('the hidden event to reach the log', () => laptop.entries.get(hiddenId) === hiddenText, 30_000);
    } finally {
      honest.disconnect();
      sync.stop();
      await honest.scope.close();
    }
    const stored = await storedWhen(scope, (doc) => doc.getMap('events').get(hiddenId) === hiddenText);
    expect(auditDocument(stored)).toBeUndefined();
    expect(Object.keys(stored.getMap('events').toJSON()).sort()).toStrictEqual([...log.map(([id]) => id), hiddenId].sort());
  });

  it('holding 120,000 clients is rebuilt from the log, and the laptop syncs both ways again', { timeout: 60_000 }, async () => {
    const site = 'camp-flooded';
    const scope = `site:${site}`;
    const log = Array.from({ length: 5 }, (_, i) => signedEntry(i + 1, 'R1'));
    await storePolluted(scope, [fullDoc(log), placeholderFlood(1_000_000, 60_000), placeholderFlood(1_060_000, 60_000)]);
    expect((await storedWhen(scope, () => true)).store.clients.size).toBeGreaterThan(MAX_STATE_VECTOR_CLIENTS);

    const laptop = standInKit(site, log);
    const sync = liveSync(laptop.kit);
    expect((await sync.start(signaling.url)).ok).toBe(true);
    const fromPeer = signedEntry(20, 'R1');
    const recorded = signedEntry(21, 'R1');
    const honest = await testPeer('honest', scope, signaling.url, { events: [...log, fromPeer] });
    honest.connect();
    try {
      await waitFor('the peer event to reach the log', () => laptop.entries.has(fromPeer[0]), 30_000);
      laptop.record(recorded);
      await waitFor('the recorded event to reach the peer', () => honest.scope.events.get(recorded[0]) === recorded[1], 30_000);
      expect(honest.rejected).toStrictEqual([]);
    } finally {
      honest.disconnect();
      sync.stop();
      await honest.scope.close();
    }
    const stored = await storedWhen(scope, (doc) => doc.getMap('events').has(recorded[0]));
    expect(auditDocument(stored)).toBeUndefined();
    expect(stored.store.clients.size).toBeLessThan(10);
  });

  it('holding a real event\'s slot taken without its content (relayed as deleted) is rebuilt, and the event then arrives', { timeout: 60_000 }, async () => {
    const site = 'camp-hollow';
    const scope = `site:${site}`;
    const log = Array.from({ length: 5 }, (_, i) => signedEntry(i + 1, 'R1'));
    const hidden = signedEntry(6, 'R1');
    const honest = await testPeer('honest', scope, signaling.url, { events: [hidden, ...log] });
    // The hidden event is the honest laptop's first write: its slot is (its client, clock 0).
    await storePolluted(scope, [fullDoc(log), placeholderFlood(honest.scope.doc.clientID, 1)]);

    const laptop = standInKit(site, log);
    const sync = liveSync(laptop.kit);
    expect((await sync.start(signaling.url)).ok).toBe(true);
    honest.connect();
    try {
      await waitFor('the hidden event to reach the log', () => laptop.entries.get(hidden[0]) === hidden[1], 30_000);
    } finally {
      honest.disconnect();
      sync.stop();
      await honest.scope.close();
    }
  });

  it('but not one this guard let grow: the junk it left behind does not make it rebuild at every start', { timeout: 60_000 }, async () => {
    const site = 'camp-current';
    const scope = `site:${site}`;
    const log = Array.from({ length: 5 }, (_, i) => signedEntry(i + 1, 'R1'));
    await storePolluted(scope, [fullDoc(log, 4242), placeholderFlood(77, 1)], true);
    const laptop = standInKit(site, log);
    const sync = liveSync(laptop.kit);
    expect((await sync.start(signaling.url)).ok).toBe(true);
    sync.stop();
    const stored = await storedWhen(scope, () => true);
    expect(Y.getState(stored.store, 4242)).toBe(5);
    expect(Y.getState(stored.store, 77)).toBe(1);
  });
});
