/**
 * Test page for the browser sync test (test/e2e/sync-transport.spec.ts): the
 * kit's own transport (renderer/src/sync) in a real Chromium page, driven
 * through `globalThis.__aidtrailSync`.
 */
import SimplePeer from 'simple-peer/simplepeer.min.js';
import { utf8 } from '../../shared/bytes';
import { sha256Hex } from '../../shared/crypto/sha256';
import { connectScope, openScope, type Scope, type SyncRoom } from '../../renderer/src/sync';

let largestSent = 0;
const send = SimplePeer.prototype.send;
SimplePeer.prototype.send = function (this: SimplePeer, data: Uint8Array) {
  largestSent = Math.max(largestSent, data.byteLength);
  send.call(this, data);
};

let scope: Scope | undefined;
let room: SyncRoom | undefined;

export interface SyncPage {
  start(options: { signaling: string; secret: string; scope: string; name: string; count: number }): Promise<void>;
  status(): { progress: ReturnType<SyncRoom['progress']>; largestSent: number; online: number; bytesIn: number };
  /** SHA-256 of the sorted entries: equal on both sides once they converged. */
  digest(): Promise<string>;
  add(name: string, from: number, count: number): void;
  stop(): Promise<void>;
}

/** An entry under its content address, as peers require. */
const event = (name: string, i: number): [string, string] => {
  const text = JSON.stringify({ v: 1, type: 'handout', device: `did:key:z6Mk${name}`, seq: i, body: { hh: i % 997 }, sig: 'x'.repeat(180) });
  return [sha256Hex(utf8(text)), text];
};

const page: SyncPage = {
  async start({ signaling, secret, scope: name, name: device, count }) {
    scope = await openScope(name, { persistence: 'indexeddb' });
    scope.add(Array.from({ length: count }, (_, i) => event(device, i)));
    room = connectScope(scope, { signaling, secret, presence: { did: `did:key:z6Mk${device}`, label: device } });
    await room.ready;
  },
  status() {
    if (room === undefined) throw new Error('not started');
    return { progress: room.progress(), largestSent, online: room.online().length, bytesIn: room.peers().reduce((n, p) => n + p.bytesIn, 0) };
  },
  async digest() {
    const entries = [...scope!.events.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const bytes = new TextEncoder().encode(JSON.stringify(entries));
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
  },
  add(name, from, count) {
    scope!.add(Array.from({ length: count }, (_, i) => event(name, from + i)));
  },
  async stop() {
    room?.destroy();
    await scope?.close();
  },
};

(globalThis as unknown as { __aidtrailSync: SyncPage }).__aidtrailSync = page;
