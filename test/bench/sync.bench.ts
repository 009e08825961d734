/**
 * Catch-up after days apart: a kit with no events joins one holding 100,000
 * (~330 B each, a 33 MB Yjs state) over loopback WebRTC (Node, @roamhq/wrtc)
 * through the sync transport (signaling, batches, frames, flow control,
 * guard), against the same run's raw Yjs baseline: encode the whole state as
 * one update, carry it over a raw data channel in 64 KiB chunks with the same
 * flow control, apply it on a fresh document. Also printed: encode + apply
 * with no network at all.
 *
 *   npx vitest bench --run test/bench/sync.bench.ts      (AIDTRAIL_BENCH_EVENTS=N to change the size)
 */
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer/simplepeer.min.js';
import { test } from 'vitest';
import * as Y from 'yjs';
import { startSignalingServer } from '../../electron/main/signaling-server';
import { createScopeDoc, eventsOf } from '../../shared/sync';
import { fakeEvents, testPeer, waitFor } from '../sync/helpers';
import { benchSize } from './sizes';

const EVENTS = benchSize(100_000);
const CHUNK = 64 * 1024;
const HIGH_WATER = 1024 * 1024;

const ms = (t: number) => `${(t / 1000).toFixed(2)} s`;

/** A connected pair of raw simple-peers (signals wired in-process). */
async function rawPair(): Promise<[SimplePeer, SimplePeer]> {
  const a = new SimplePeer({ initiator: true, wrtc, config: { iceServers: [] } });
  const b = new SimplePeer({ wrtc, config: { iceServers: [] } });
  a.on('signal', (s) => b.signal(s));
  b.on('signal', (s) => a.signal(s));
  await Promise.all([new Promise<void>((r) => a.on('connect', r)), new Promise<void>((r) => b.on('connect', r))]);
  return [a, b];
}

/** Raw Yjs: one update of the whole state, carried in chunks with bufferedAmount flow control, applied at once. */
async function rawYjs(source: Y.Doc): Promise<{ total: number; encode: number; transfer: number; apply: number; bytes: number }> {
  const [a, b] = await rawPair();
  try {
    const target = new Y.Doc();
    const chunks: Uint8Array[] = [];
    let expected = -1;
    let received = 0;
    const done = new Promise<number>((resolve) => {
      b.on('data', (data: Uint8Array) => {
        if (expected < 0) {
          expected = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
          return;
        }
        chunks.push(data);
        received += data.length;
        if (received === expected) resolve(performance.now());
      });
    });
    const t0 = performance.now();
    const update = Y.encodeStateAsUpdate(source);
    const t1 = performance.now();
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, update.length);
    a.send(header);
    // Flow control as the transport does it in Node (@roamhq/wrtc has no bufferedamountlow event): poll bufferedAmount.
    const channel = a._channel!;
    for (let at = 0; at < update.length; at += CHUNK) {
      while (channel.bufferedAmount > HIGH_WATER) await new Promise((r) => setTimeout(r, 4));
      a.send(update.subarray(at, at + CHUNK));
    }
    const t2 = await done;
    const whole = new Uint8Array(expected);
    let at = 0;
    for (const c of chunks) {
      whole.set(c, at);
      at += c.length;
    }
    Y.applyUpdate(target, whole);
    const t3 = performance.now();
    if (target.getMap('events').size !== EVENTS) throw new Error('raw transfer incomplete');
    return { total: t3 - t0, encode: t1 - t0, transfer: t2 - t1, apply: t3 - t2, bytes: update.length };
  } finally {
    a.destroy();
    b.destroy();
  }
}

test(`sync transport: catch up on ${EVENTS.toLocaleString('en')} events over loopback WebRTC vs raw Yjs`, { timeout: 900_000 }, async () => {
  const events = fakeEvents('hq', EVENTS);
  const signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
  try {
    // Baseline 1: encode + apply, no network.
    const source = createScopeDoc('round:bench');
    Y.transact(source, () => {
      for (const [id, json] of events) eventsOf(source).set(id, json);
    });
    const l0 = performance.now();
    const inMemory = new Y.Doc();
    Y.applyUpdate(inMemory, Y.encodeStateAsUpdate(source));
    const local = performance.now() - l0;

    // Baseline 2: raw Yjs over a data channel.
    const raw = await rawYjs(source);

    // The transport.
    const full = await testPeer('full', 'round:bench', signaling.url);
    Y.applyUpdate(full.scope.doc, Y.encodeStateAsUpdate(source));
    const empty = await testPeer('empty', 'round:bench', signaling.url);
    const t0 = performance.now();
    full.connect();
    const room = empty.connect();
    let connectedAt = 0;
    const off = room.subscribe((p) => {
      if (p.peers > 0 && connectedAt === 0) connectedAt = performance.now();
    });
    const memBefore = process.memoryUsage().heapUsed;
    await room.whenSynced({ signal: AbortSignal.timeout(600_000) });
    await waitFor('all events', () => empty.scope.events.size === EVENTS, 600_000);
    const t1 = performance.now();
    off();
    const [peer] = room.peers();
    const heapGrowth = process.memoryUsage().heapUsed - memBefore;
    full.disconnect();
    empty.disconnect();
    const transport = t1 - t0;
    const afterConnect = t1 - (connectedAt || t0);
    console.log(
      [
        `sync catch-up of ${EVENTS.toLocaleString('en')} events (${(raw.bytes / 1e6).toFixed(1)} MB of Yjs state), one run:`,
        `  transport (signaling + WebRTC + batches + frames + guard): ${ms(transport)} total, ${ms(afterConnect)} after the data channel opened; ${(peer!.bytesIn / 1e6).toFixed(1)} MB received, ${Math.round(EVENTS / (afterConnect / 1000)).toLocaleString('en')} events/s`,
        `  raw Yjs over a data channel (1 update, 64 KiB chunks): ${ms(raw.total)} (encode ${ms(raw.encode)}, transfer ${ms(raw.transfer)}, apply ${ms(raw.apply)})`,
        `  raw Yjs encode + apply, no network: ${ms(local)}`,
        `  ratio: transport / raw over data channel = ${(afterConnect / raw.total).toFixed(2)}× (data-channel time), ${(transport / raw.total).toFixed(2)}× (including connection set-up)`,
        `  ratio: transport / encode+apply in memory = ${(afterConnect / local).toFixed(2)}×`,
        `  heap growth during the catch-up: ${(heapGrowth / 1e6).toFixed(0)} MB (the received document itself included)`,
      ].join('\n'),
    );
    await full.scope.close();
    await empty.scope.close();
  } finally {
    await signaling.close();
  }
});
