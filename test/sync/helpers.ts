/**
 * Node peers for the transport tests: real WebRTC (@roamhq/wrtc) between
 * SyncRooms, the signaling server on 127.0.0.1 at a port chosen at run time.
 */
import wrtc from '@roamhq/wrtc';
import { connectScope, openScope, type PeerRef, type Scope, type SyncRoom } from '../../renderer/src/sync';
import type { TransportLimits } from '../../renderer/src/sync/peer-sync';

export const SECRET = 'team secret for tests';

/** An event of about 330 bytes (a handout's signed JSON is about that). */
export function fakeEvent(prefix: string, i: number): [string, string] {
  const id = `${prefix}-${String(i).padStart(7, '0')}`.padEnd(64, '0');
  const json = JSON.stringify({ v: 1, type: 'handout', device: `did:key:z6Mk${prefix}`, seq: i, at: '2026-11-24T09:31:02.120Z', body: { hh: i % 997, items: [{ code: 'RICE', qty: 25, unit: 'kg' }] }, sig: 'x'.repeat(86) });
  return [id, json.padEnd(330 - id.length, ' ')];
}

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

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 60_000, everyMs = 20): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sortedEntries = (scope: Scope): [string, string][] => [...scope.events.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
