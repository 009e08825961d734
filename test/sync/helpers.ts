/**
 * Node peers for the transport tests: real WebRTC (@roamhq/wrtc) between
 * SyncRooms, the signaling server on 127.0.0.1 at a port chosen at run time.
 */
import wrtc from '@roamhq/wrtc';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { WebrtcProvider } from 'y-webrtc';
import * as Y from 'yjs';
import { startSignalingServer, type SignalingServer } from '../../electron/main/signaling-server';
import { utf8 } from '../../shared/bytes';
import { sha256Hex } from '../../shared/crypto/sha256';
import { connectScope, openScope, roomName, type PeerRef, type Scope, type SyncRoom } from '../../renderer/src/sync';
import type { TransportLimits } from '../../renderer/src/sync/peer-sync-contract';

export const SECRET = 'team secret for tests';

/** An entry of about 330 bytes (a handout's signed JSON is about that) under its content address, as peers require. */
export function fakeEvent(prefix: string, i: number): [string, string] {
  const json = JSON.stringify({ v: 1, type: 'handout', device: `did:key:z6Mk${prefix}`, seq: i, at: '2026-11-24T09:31:02.120Z', body: { hh: i % 997, items: [{ code: 'RICE', qty: 25, unit: 'kg' }] }, sig: 'x'.repeat(86) });
  const text = json.padEnd(330 - 64, ' ');
  return [contentId(text), text];
}

/** The id a text must travel under: the lowercase hex SHA-256 of its UTF-8. */
export const contentId = (text: string): string => sha256Hex(utf8(text));

export const fakeEvents = (prefix: string, count: number, from = 0): [string, string][] =>
  Array.from({ length: count }, (_, i) => fakeEvent(prefix, from + i));

export interface TestPeer {
  readonly name: string;
  readonly scope: Scope;
  room: SyncRoom | undefined;
  readonly rejected: { peer: PeerRef; reason: string; id?: string }[];
  connect(): SyncRoom;
  disconnect(): void;
}

export async function testPeer(
  name: string,
  scopeName: string,
  signaling: string,
  options: { events?: [string, string][]; limits?: Partial<TransportLimits> } = {},
): Promise<TestPeer> {
  const scope = await openScope(scopeName, { persistence: 'memory' });
  if (options.events) scope.add(options.events);
  const rejected: TestPeer['rejected'] = [];
  const peer: TestPeer = {
    name,
    scope,
    room: undefined,
    rejected,
    connect() {
      peer.room?.destroy();
      peer.room = connectScope(scope, {
        signaling,
        secret: SECRET,
        presence: { did: `did:key:z6Mk${name}`, label: `device ${name}` },
        peerOpts: { wrtc },
        connectTimeoutMs: 10_000,
        ...(options.limits !== undefined && { limits: options.limits }),
        onRejected: (p, reason, id) => rejected.push({ peer: p, reason, ...(id !== undefined && { id }) }),
      });
      return peer.room;
    },
    disconnect() {
      peer.room?.destroy();
      peer.room = undefined;
    },
  };
  return peer;
}

/**
 * For a test file of peers: the signaling server on 127.0.0.1 for all its
 * tests, and `peer()`, whose peers are disconnected and closed after each test.
 */
export function peersOverSignaling(): {
  /** The server's address, once the file's tests run. */
  readonly signalingUrl: () => string;
  readonly peer: (name: string, scope: string, events?: [string, string][], limits?: Partial<TransportLimits>) => Promise<TestPeer>;
} {
  let signaling: SignalingServer | undefined;
  const peers: TestPeer[] = [];

  beforeAll(async () => {
    signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    for (const p of peers.splice(0)) {
      p.disconnect();
      await p.scope.close();
    }
  });

  afterAll(async () => signaling?.close());

  const signalingUrl = (): string => {
    if (!signaling) throw new Error('the signaling server starts before the tests run');
    return signaling.url;
  };
  return {
    signalingUrl,
    peer: async (name, scope, events = [], limits) => {
      const p = await testPeer(name, scope, signalingUrl(), { events, ...(limits !== undefined && { limits }) });
      peers.push(p);
      return p;
    },
  };
}

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 60_000, everyMs = 20): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sortedEntries = (scope: Scope): [string, string][] => [...scope.events.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

/**
 * A stock y-webrtc provider (the "raw Yjs client" of issue 5) in a scope's
 * room, with the team secret: it applies and sends anything. Destroying it
 * also closes its signaling connection, as a client that leaves does (y-webrtc's
 * destroy() alone leaves it open for the rest of the process, so the next
 * stock client would speak through it, and rooms ban a misbehaving peer's
 * signaling connection).
 */
export function stockClient(scope: string, signaling: string): WebrtcProvider {
  const provider = new WebrtcProvider(roomName(scope), new Y.Doc(), {
    signaling: [signaling],
    password: SECRET,
    peerOpts: { wrtc, config: { iceServers: [] } },
    filterBcConns: false,
  });
  const destroy = provider.destroy;
  provider.destroy = () => {
    provider.disconnect();
    destroy();
  };
  return provider;
}
