/**
 * The sync transport between real WebRTC peers (@roamhq/wrtc) and the
 * signaling server on 127.0.0.1: diffs far over Chromium's 256 KiB message
 * limit converge; a reconnect sends only what is missing; a peer killed
 * mid-transfer never leaves the other claiming to be synced, and a later
 * connection completes; one that froze comes back; hostile input is refused
 * and reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import SimplePeer from 'simple-peer/simplepeer.min.js';
import { FRAME_HEADER_BYTES, FRAME_TAG, encodeFrames } from '../../shared/sync';
import { contentId, fakeEvent, fakeEvents, peersOverSignaling, sortedEntries, stockClient, waitFor } from './helpers';

const { peer, signalingUrl } = peersOverSignaling();
const children: ChildProcess[] = [];

/** Every wire message any peer in this process hands to a data channel. */
let largestWireMessage = 0;
const send = SimplePeer.prototype.send;
SimplePeer.prototype.send = function (this: SimplePeer, data: Uint8Array) {
  largestWireMessage = Math.max(largestWireMessage, data.byteLength);
  send.call(this, data);
};

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

afterAll(() => {
  SimplePeer.prototype.send = send;
});

/** A bound on waiting for `whenSynced`, so that a sync that never completes fails saying what it lacked. */
const syncWait = () => ({ signal: AbortSignal.timeout(60_000) });

/** Runs ./peer-process.ts (its own process, so it can be killed or frozen); resolves once it is on the signaling server. */
async function spawnPeer(scope: string, name: string, events: number, stateFile: string): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./peer-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, signalingUrl(), scope, name, String(events), stateFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let ready = false;
  child.stdout!.once('data', () => (ready = true));
  await waitFor(`peer process ${name} on the signaling server`, () => ready || child.exitCode !== null || child.signalCode !== null, 60_000);
  if (!ready) throw new Error(`peer process ${name} ended (${child.exitCode ?? child.signalCode}) before it was ready`);
  return child;
}

const stateFileFor = async (name: string): Promise<string> => join(await mkdtemp(join(tmpdir(), 'aidtrail-sync-')), `${name}.ydoc`);

describe('sync transport over WebRTC (Node, @roamhq/wrtc)', () => {
  it('converges two documents of 5,000 events each (an initial diff of ~1.6 MB) in frames of at most 64 KiB', { timeout: 120_000 }, async () => {
    largestWireMessage = 0;
    const a = await peer('a', 'round:converge', fakeEvents('a', 5000));
    const b = await peer('b', 'round:converge', fakeEvents('b', 5000));
    const roomA = a.connect();
    const roomB = b.connect();
    const started = Date.now();
    await Promise.all([roomA.whenSynced(syncWait()), roomB.whenSynced(syncWait())]);
    await waitFor('both docs complete', () => a.scope.events.size === 10_000 && b.scope.events.size === 10_000);
    console.log(`5,000 + 5,000 events converged in ${Date.now() - started} ms; largest wire message ${largestWireMessage} B`);
    expect(sortedEntries(a.scope)).toStrictEqual(sortedEntries(b.scope));
    expect(largestWireMessage).toBeLessThanOrEqual(64 * 1024);
    expect(roomA.progress()).toMatchObject({ synced: true, peers: 1, toFetch: 0, received: 5000, events: 10_000 });
    expect(roomB.progress()).toMatchObject({ synced: true, peers: 1, toFetch: 0, received: 5000, events: 10_000 });
    // Presence: each sees the other online with its event count.
    await waitFor('presence', () => roomA.online().some((o) => o.did === 'did:key:z6Mkb' && o.events === 10_000), 20_000);
    const other = roomA.online().find((o) => !o.self)!;
    expect(other).toMatchObject({ label: 'device b', events: 10_000 });
    expect(Date.now() - other.lastSeen).toBeLessThan(20_000);
    expect(a.rejected).toStrictEqual([]);
    expect(b.rejected).toStrictEqual([]);
  });

  it('after days apart, a reconnect sends only the events the other side lacks', { timeout: 120_000 }, async () => {
    const a = await peer('a', 'round:offline', fakeEvents('a', 5000));
    const b = await peer('b', 'round:offline', fakeEvents('b', 5000));
    a.connect();
    b.connect();
    await waitFor('first sync', () => a.scope.events.size === 10_000 && b.scope.events.size === 10_000);
    a.disconnect();
    b.disconnect();
    // Each records events offline.
    a.scope.add(fakeEvents('a', 40, 5000));
    b.scope.add(fakeEvents('b', 60, 5000));
    const roomA = a.connect();
    const roomB = b.connect();
    await Promise.all([roomA.whenSynced(syncWait()), roomB.whenSynced(syncWait())]);
    await waitFor('second sync', () => a.scope.events.size === 10_100 && b.scope.events.size === 10_100);
    expect(sortedEntries(a.scope)).toStrictEqual(sortedEntries(b.scope));
    const [fromB] = roomA.peers();
    const [fromA] = roomB.peers();
    expect(fromB).toMatchObject({ received: 60, sent: 40, synced: true });
    expect(fromA).toMatchObject({ received: 40, sent: 60, synced: true });
    // The bytes that travelled are about the new events (~330 B each), not the 10,000 held (~3.3 MB).
    const eventBytes = 330;
    console.log(`reconnect: a received ${fromB!.bytesIn} B for 60 events, b received ${fromA!.bytesIn} B for 40 events`);
    expect(fromB!.bytesIn).toBeGreaterThan(60 * eventBytes);
    expect(fromB!.bytesIn).toBeLessThan(60 * eventBytes * 1.15 + 2048);
    expect(fromA!.bytesIn).toBeLessThan(40 * eventBytes * 1.15 + 2048);
  });

  it('a peer killed mid-transfer leaves the other not synced; a later connection completes with only the rest', { timeout: 180_000 }, async () => {
    const limits = { stallTimeoutMs: 3000, idleTimeoutMs: 6000 };
    const a = await peer('a', 'round:killed', [], limits);
    const roomA = a.connect();
    const count = 60_000;
    const stateFile = await stateFileFor('b');
    const b1 = await spawnPeer('round:killed', 'b', count, stateFile);
    // Kill b the moment a holds 1,000 of its events (from a's own update handler: no timer can be late).
    let gotBeforeKill = 0;
    const killer = () => {
      if (a.scope.events.size < 1000) return;
      a.scope.doc.off('update', killer);
      b1.kill('SIGKILL');
      gotBeforeKill = a.scope.events.size;
    };
    a.scope.doc.on('update', killer);
    await waitFor('the kill', () => gotBeforeKill > 0, 60_000);
    expect(gotBeforeKill).toBeLessThan(count);
    expect(roomA.progress().synced).toBe(false);
    // Whatever was in flight lands or is dropped; the dead peer is noticed; never "synced".
    await waitFor('the dead peer to be dropped', () => roomA.progress().peers === 0, 30_000);
    const got = a.scope.events.size;
    expect(got).toBeLessThan(count);
    expect(roomA.progress().synced).toBe(false);
    expect(a.rejected.map((r) => r.reason).join('\n')).toMatch(/silent/);

    await spawnPeer('round:killed', 'b', count, stateFile);
    await roomA.whenSynced(syncWait());
    expect(a.scope.events.size).toBe(count);
    // All from b: b1's before the kill, the rest after (over one connection, or more if on a busy machine a took b for dead again).
    expect(roomA.progress().received).toBe(count);
    const [fromB2] = roomA.peers();
    console.log(`killed after ${got} of ${count} events; the reconnect sent the other ${fromB2!.received}`);
    // Only what a lacked travelled: the bytes are those of the events received.
    expect(fromB2!.bytesIn).toBeLessThan(fromB2!.received * 330 * 1.15 + 4096);
  });

  it('a peer frozen mid-transfer past the stall timeout is dropped but not shut out: once it runs again the transfer completes', { timeout: 180_000 }, async () => {
    const a = await peer('a', 'round:frozen', [], { stallTimeoutMs: 3000, idleTimeoutMs: 6000 });
    const roomA = a.connect();
    const count = 60_000;
    const b = await spawnPeer('round:frozen', 'b', count, await stateFileFor('b'));
    // Freeze b (a laptop suspended, or stuck swapping) the moment a holds 1,000 of its events.
    let frozen = false;
    const freezer = () => {
      if (a.scope.events.size < 1000) return;
      a.scope.doc.off('update', freezer);
      b.kill('SIGSTOP');
      frozen = true;
    };
    a.scope.doc.on('update', freezer);
    await waitFor('the freeze', () => frozen, 60_000);
    await waitFor('the frozen peer to be dropped', () => roomA.progress().peers === 0, 30_000);
    expect(a.rejected.map((r) => r.reason).join('\n')).toMatch(/silent/);
    expect(a.scope.events.size).toBeLessThan(count);

    b.kill('SIGCONT');
    await roomA.whenSynced(syncWait());
    expect(a.scope.events.size).toBe(count);
  });

  it('whenSynced gives up when its signal aborts or the room is destroyed, saying what it still lacked', async () => {
    const a = await peer('a', 'round:alone', fakeEvents('a', 3));
    const room = a.connect();
    const gaveUp = room.whenSynced({ signal: AbortSignal.abort(new Error('the test ends it')) });
    await expect(gaveUp).rejects.toThrow(/^round:alone: gave up waiting to be synced \(the test ends it\): 3 events here, 0 received since the room opened; signaling (not )?connected; no peer connected$/);
    const pending = room.whenSynced();
    a.disconnect();
    await expect(pending).rejects.toThrow(/\(the room was destroyed\)/);
  });

  it('refuses garbage frames, oversized messages and malformed floods from a peer, reports them, and keeps syncing with others', { timeout: 120_000 }, async () => {
    const a = await peer('a', 'round:hostile', fakeEvents('a', 300));
    const b = await peer('b', 'round:hostile', fakeEvents('b', 300));
    const roomA = a.connect();
    b.connect();
    await waitFor('honest sync', () => a.scope.events.size === 600 && b.scope.events.size === 600);
    const before = sortedEntries(a.scope);

    const cases: [string, Uint8Array[], RegExp][] = [
      ['a garbage frame', [Uint8Array.of(FRAME_TAG, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 2, 0, 0, 0, 5, 1)], /bad frame: chunk index 9/],
      ['a message over the frame limit', [new Uint8Array(100 * 1024).fill(2)], /frame limit/],
      ['a 100 MB message announced', [headerOnly(100 * 1024 * 1024)], /exceeds the limit/],
      ['a flood of malformed messages', Array.from({ length: 50 }, () => Uint8Array.of(42, 1, 2, 3)), /malformed messages/],
    ];
    for (const [what, messages, reason] of cases) {
      a.rejected.length = 0;
      // A client with the team secret turns hostile: a stock y-webrtc provider, then raw bytes on its data channel.
      const evil = stockClient('round:hostile', signalingUrl());
      try {
        await evil.key;
        const evilId = evil.room!.peerId;
        await waitFor(`the hostile client to connect (${what})`, () => roomA.peers().some((p) => p.peerId === evilId), 30_000);
        const link = evil.room!.webrtcConns.get(roomA.peerId)!;
        for (const m of messages) link.peer.send(m);
        await waitFor(`rejection of ${what}`, () => a.rejected.some((r) => reason.test(r.reason)), 10_000);
        expect(a.rejected.find((r) => reason.test(r.reason))!.peer.peerId).toBe(evilId);
        await waitFor('a closes the hostile connection', () => !roomA.peers().some((p) => p.peerId === evilId), 10_000);
      } finally {
        evil.destroy();
      }
    }

    // Still responsive: a new event at b arrives at a; a's data never changed.
    b.scope.add(fakeEvents('b', 1, 300));
    await waitFor('a live update from b', () => a.scope.events.size === 601, 10_000);
    expect(sortedEntries(a.scope).filter(([id]) => id !== fakeEvent('b', 300)[0])).toStrictEqual(before);
    expect(roomA.progress()).toMatchObject({ peers: 1, synced: true });
  });

  it('lets a stock y-webrtc client with the password join: its new event arrives, its overwrite and foreign types are dropped and reported', { timeout: 60_000 }, async () => {
    const a = await peer('a', 'round:stock', fakeEvents('a', 1000));
    const roomA = a.connect();
    const stock = stockClient('round:stock', signalingUrl());
    try {
      await stock.key;
      const doc = stock.doc;
      await waitFor('the stock client to receive the 1,000 events (a batched stream it understands)', () => doc.getMap('events').size === 1000, 30_000);
      const [firstId] = sortedEntries(a.scope)[0]!;
      const forged = '{"forged":true}';
      doc.transact(() => {
        doc.getMap<string>('events').set(contentId(forged), forged);
        doc.getMap<string>('events').set(firstId, '{"overwritten":true}');
        doc.getMap('elsewhere').set('x', 1);
      });
      await waitFor('the forged event to arrive', () => a.scope.events.has(contentId(forged)), 10_000);
      await waitFor('the rejections', () => a.rejected.length >= 2, 10_000);
      expect(a.scope.events.get(firstId)).toBe(new Map(fakeEvents('a', 1000)).get(firstId));
      expect([...a.scope.doc.share.keys()]).toStrictEqual(['events']);
      expect(a.rejected.map((r) => r.reason).join('\n')).toMatch(/overwrite/);
      expect(a.rejected.map((r) => r.reason).join('\n')).toMatch(/root type "elsewhere"/);
      expect(roomA.peers()[0]).toMatchObject({ peerId: stock.room!.peerId });
    } finally {
      stock.destroy();
    }
  });
});

function headerOnly(total: number): Uint8Array {
  const frame = encodeFrames(new Uint8Array(200).fill(1), 77, 100)[0]!;
  const v = new DataView(frame.buffer);
  v.setUint32(10, 2);
  v.setUint32(14, total);
  expect(frame.length).toBeGreaterThan(FRAME_HEADER_BYTES);
  return frame;
}
