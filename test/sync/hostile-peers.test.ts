/**
 * Issue 12 over real WebRTC (@roamhq/wrtc): a raw Yjs client with the room
 * password squats a real event's id before the real event arrives, or floods
 * a laptop with 120,000 empty clients so that no peer would read its state
 * vector again. Both are refused; the real event arrives and spreads, and the
 * honest laptops keep syncing.
 */
import { describe, expect, it } from 'vitest';
import { encodeFrames, encodeUpdate, MAX_STATE_VECTOR_CLIENTS } from '../../shared/sync';
import { placeholderFlood, signedEntry } from '../../shared/sync/test-support';
import { fakeEvents, peersOverSignaling, sortedEntries, stockClient, waitFor } from './helpers';

const { peer, signalingUrl } = peersOverSignaling();

describe('hostile peers with the room password (issue 12)', () => {
  it('a squatter writes garbage under a real event id first: the garbage is refused, the real event is stored and spreads', { timeout: 60_000 }, async () => {
    const scope = 'round:squat';
    const [id, text] = signedEntry(7);
    const b = await peer('b', scope);
    const roomB = b.connect();
    const mallory = stockClient(scope, signalingUrl());
    try {
      await waitFor('the squatter to connect', () => roomB.peers().some((p) => p.peerId === mallory.room?.peerId), 30_000);
      mallory.doc.getMap<string>('events').set(id, '{"type":"void","garbage":true}');
      await waitFor('the garbage to be refused', () => b.rejected.some((r) => r.id === id), 10_000);
      expect(b.rejected.find((r) => r.id === id)).toMatchObject({ reason: 'event id is not the SHA-256 of its text', peer: { peerId: mallory.room!.peerId } });
      expect(b.scope.events.has(id)).toBe(false);

      // The laptop that recorded the event comes by: b takes the real one.
      const a = await peer('a', scope, [[id, text]]);
      a.connect();
      await waitFor('the real event at b', () => b.scope.events.get(id) === text, 20_000);
      a.disconnect();

      // A laptop that meets only b (and the squatter, still there) gets the real event too.
      const c = await peer('c', scope);
      c.connect();
      await waitFor('the real event at c', () => c.scope.events.get(id) === text, 20_000);
      // What c hears of the squatter about this id: its garbage, or its copy deleting the real event; both refused.
      const heard = new Set(c.rejected.filter((r) => r.id === id).map((r) => r.reason));
      heard.delete('event id is not the SHA-256 of its text');
      heard.delete('a delete of an event (ignored: the map is grow-only)');
      expect([...heard]).toStrictEqual([]);
      expect(sortedEntries(c.scope)).toStrictEqual([[id, text]]);
    } finally {
      mallory.destroy();
    }
  });

  it('a flood of 120,000 empty clients in two ~410 KB updates is refused, and the honest laptops keep syncing new events afterwards', { timeout: 90_000 }, async () => {
    const scope = 'round:flood';
    const a = await peer('a', scope, fakeEvents('a', 200));
    const b = await peer('b', scope, fakeEvents('b', 200));
    const roomA = a.connect();
    b.connect();
    await waitFor('honest sync', () => a.scope.events.size === 400 && b.scope.events.size === 400);
    const clientsBefore = a.scope.doc.store.clients.size;

    const mallory = stockClient(scope, signalingUrl());
    let malloryId = '';
    try {
      await waitFor('the flooder to connect', () => roomA.peers().some((p) => p.peerId === mallory.room?.peerId), 30_000);
      malloryId = mallory.room!.peerId;
      const link = mallory.room!.webrtcConns.get(roomA.peerId)!;
      for (const [i, first] of [1_000_000, 1_060_000].entries()) {
        const message = encodeUpdate(placeholderFlood(first, 60_000));
        expect(message.length).toBeGreaterThan(400_000);
        for (const frame of encodeFrames(message, 900 + i, 64 * 1024)) link.peer.send(frame);
      }
      await waitFor('the flood to be refused', () => a.rejected.some((r) => /more than 1000 clients/.test(r.reason)), 20_000);
      expect(a.rejected.find((r) => /more than 1000 clients/.test(r.reason))!.peer.peerId).toBe(malloryId);
      await waitFor('a closes the flooder', () => !roomA.peers().some((p) => p.peerId === malloryId), 10_000);
    } finally {
      mallory.destroy();
    }
    expect(a.scope.doc.store.clients.size).toBe(clientsBefore);
    expect(a.scope.doc.store.clients.size).toBeLessThan(MAX_STATE_VECTOR_CLIENTS);

    // Live, then over a fresh connection (each side must accept the other's state vector).
    b.scope.add(fakeEvents('b', 5, 200));
    await waitFor('a live update from b', () => a.scope.events.size === 405, 10_000);
    a.disconnect();
    a.scope.add(fakeEvents('a', 7, 200));
    b.scope.add(fakeEvents('b', 3, 205));
    const again = a.connect();
    await again.whenSynced({ signal: AbortSignal.timeout(20_000) });
    await waitFor('both after reconnecting', () => a.scope.events.size === 415 && b.scope.events.size === 415, 20_000);
    expect(sortedEntries(a.scope)).toStrictEqual(sortedEntries(b.scope));
    expect(a.rejected.filter((r) => r.peer.peerId !== malloryId)).toStrictEqual([]);
  });
});
