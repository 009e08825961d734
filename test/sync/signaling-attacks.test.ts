/**
 * Issue 12, peer slots: attacks on a room through signaling, each of which
 * used to take or keep a slot (16 per room) from honest peers.
 *
 *   - replaying a recorded announce (anyone on the LAN sees the ciphertext)
 *     made the room open a connection to a peer that is not there, for 20 s
 *   - a key holder's fake offers held one slot each, all 16 from one
 *     signaling connection
 *   - a peer banned for breaking the protocol came back under a new peer id
 *     (and, the other way round, a ban that ended left the two sides each
 *     waiting for the other's announce)
 *
 * Real WebRTC (@roamhq/wrtc) between kit rooms; attackers are raw signaling
 * clients (./raw-signaler.ts) on addresses of their own.
 */
import wrtc from '@roamhq/wrtc';
import SimplePeer, { type SignalData } from 'simple-peer/simplepeer.min.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../electron/main/signaling-server';
import { connectScope, openScope, roomName, type RoomOptions, type Scope, type SyncRoom } from '../../renderer/src/sync';
import { MAX_SLOTS_PER_SENDER } from '../../renderer/src/sync/room-slots';
import { FRESHNESS_WINDOW_MS } from '../../renderer/src/sync/signaling-crypto';
import { SECRET, waitFor } from './helpers';
import { RawSignaler, signalOf } from './raw-signaler';

let signaling: SignalingServer;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => signaling.close());

async function room(scopeName: string, name: string, options: Partial<RoomOptions> = {}): Promise<SyncRoom> {
  const scope: Scope = await openScope(scopeName, { persistence: 'memory' });
  const r = connectScope(scope, { signaling: signaling.url, secret: SECRET, presence: { did: `did:key:z6Mk${name}`, label: name }, peerOpts: { wrtc }, ...options });
  cleanups.push(() => scope.close(), () => r.destroy());
  await r.ready;
  await waitFor(`${name} on the signaling server`, () => r.progress().signaling, 10_000);
  return r;
}

async function signaler(scopeName: string, host: string): Promise<RawSignaler> {
  const s = await RawSignaler.open(signaling.url, roomName(scopeName), SECRET, host);
  cleanups.push(() => s.close());
  return s;
}

/** The room has handled everything published before this: it answers a fresh announce with an offer. */
async function drained(sniffer: RawSignaler, probe: RawSignaler, victim: SyncRoom, id: string): Promise<void> {
  await probe.publish({ type: 'announce', from: id });
  await sniffer.waitFor(`the offer to ${id}`, signalOf(victim.peerId, id, 'offer'));
}

/** A valid SDP offer (from a peer that will never finish connecting). */
async function someOffer(): Promise<SignalData> {
  const peer = new SimplePeer({ initiator: true, wrtc, trickle: false, config: { iceServers: [] } });
  const offer = await new Promise<SignalData>((resolve) => peer.on('signal', resolve));
  peer.destroy();
  return offer;
}

// Peer ids that sort after any UUID: the room opens the connection to them (the smaller id offers).
const after = (name: string) => `zz-${name}`;

describe('signaling attacks on a room\'s slots (issue 12)', () => {
  it('a replayed, stale or unstamped announce takes no slot: it earns an invitation, not an offer', { timeout: 60_000 }, async () => {
    const scope = 'round:replay';
    const sniffer = await signaler(scope, '127.0.0.2');
    const x = await signaler(scope, '127.0.0.3');
    const attacker = await signaler(scope, '127.0.0.4');
    const victim = await room(scope, 'victim', { connectTimeoutMs: 1_000 });

    // A live peer's fresh announce: the room offers (then gives up, as x never answers).
    const recorded = await x.publish({ type: 'announce', from: after('x') });
    await sniffer.waitFor('the offer to x', signalOf(victim.peerId, after('x'), 'offer'));
    await sniffer.waitFor('the room to give up on x and announce again', (m) => m['type'] === 'announce' && m['from'] === victim.peerId && m['to'] === undefined);

    // The attacker replays x's announce, an announce stamped before the window, and one with no stamp.
    attacker.publishRaw(recorded);
    await attacker.publish({ type: 'announce', from: after('stale') }, { stamp: { ts: Date.now() - FRESHNESS_WINDOW_MS - 60_000, nonce: 'n'.repeat(22) } });
    await attacker.publish({ type: 'announce', from: after('unstamped') }, { stamp: false });
    await drained(sniffer, x, victim, after('probe'));

    expect(sniffer.find(signalOf(victim.peerId, after('x'), 'offer'))).toHaveLength(1);
    for (const id of [after('stale'), after('unstamped')]) {
      expect(sniffer.find((m) => m['type'] === 'signal' && m['to'] === id)).toStrictEqual([]);
      // Only an invitation, which a live peer would answer.
      await sniffer.waitFor(`the invitation to ${id}`, (m) => m['type'] === 'announce' && m['to'] === id);
    }
  });

  it(`16 fake offers from one attacker do not stop two honest peers connecting; it holds at most ${MAX_SLOTS_PER_SENDER} slots`, { timeout: 60_000 }, async () => {
    const scope = 'round:fake-offers';
    const sniffer = await signaler(scope, '127.0.0.2');
    const attacker = await signaler(scope, '127.0.0.3');
    const victim = await room(scope, 'victim');
    const offer = await someOffer();
    let n = 0;
    const fakeOffers = async (count: number) => {
      for (let i = 0; i < count; i++) await attacker.publish({ type: 'signal', from: `fake-${n++}`, to: victim.peerId, token: Date.now(), signal: offer });
    };
    await fakeOffers(16);
    // It keeps offering while the honest peer joins, as it would to keep the slots full.
    const more = setInterval(() => void fakeOffers(4), 300);
    cleanups.push(() => clearInterval(more));
    await sniffer.waitFor('an answer to a fake offer', (m) => m['type'] === 'signal' && String(m['to']).startsWith('fake-'));

    const honest = await room(scope, 'honest');
    await waitFor('the honest peers connected', () => victim.peers().some((p) => p.peerId === honest.peerId), 8_000);
    await Promise.all([victim.whenSynced({ signal: AbortSignal.timeout(20_000) }), honest.whenSynced({ signal: AbortSignal.timeout(20_000) })]);
    const answered = new Set(sniffer.find((m) => m['type'] === 'signal' && m['from'] === victim.peerId && String(m['to']).startsWith('fake-')).map((s) => s.message['to']));
    console.log(`${n} fake offers; the room answered ${answered.size}`);
    expect(answered.size).toBeLessThanOrEqual(MAX_SLOTS_PER_SENDER);
  });

  it('a peer that breaks the protocol is banned by its signaling connection: a new peer id on it gets nothing, others still connect; when the ban ends the room asks everyone in again', { timeout: 60_000 }, async () => {
    const scope = 'round:ban';
    const rejected: string[] = [];
    const sniffer = await signaler(scope, '127.0.0.2');
    const mallory = await signaler(scope, '127.0.0.3');
    const other = await signaler(scope, '127.0.0.4');
    // No connection attempt gives up during the test, so none makes the room announce itself.
    const victim = await room(scope, 'victim', { onRejected: (_peer, reason) => rejected.push(reason), connectTimeoutMs: 60_000 });

    // Mallory connects for real (as a WebRTC answerer), then sends garbage on the data channel.
    const peer = new SimplePeer({ wrtc, config: { iceServers: [] } });
    cleanups.push(() => peer.destroy());
    peer.on('error', () => {});
    peer.on('signal', (signal) => void mallory.publish({ type: 'signal', from: after('m1'), to: victim.peerId, token: 0, signal }));
    let handled = 0;
    const relay = setInterval(() => {
      for (const { message } of mallory.seen.slice(handled)) if (signalOf(victim.peerId, after('m1'))(message)) peer.signal(message['signal'] as SignalData);
      handled = mallory.seen.length;
    }, 20);
    cleanups.push(() => clearInterval(relay));
    await mallory.publish({ type: 'announce', from: after('m1') });
    await new Promise<void>((resolve) => peer.on('connect', resolve));
    const offended = Date.now();
    for (let i = 0; i < 50; i++) peer.send(Uint8Array.of(42, 1, 2, 3));
    await waitFor('the room to refuse mallory', () => rejected.some((r) => /malformed messages/.test(r)), 10_000);
    await waitFor('the room to close the connection', () => peer.destroyed, 10_000);

    // Back under a new peer id, on the same signaling connection.
    await mallory.publish({ type: 'announce', from: after('m2') });
    await drained(sniffer, other, victim, after('other'));
    expect(sniffer.find((m) => m['type'] === 'signal' && m['to'] === after('m2'))).toStrictEqual([]);

    // The first ban lasts 5 s. Then the room announces itself: a peer banned by mistake hears it and is taken again.
    const lifted = (m: Record<string, unknown>) => m['type'] === 'announce' && m['from'] === victim.peerId && m['to'] === undefined && Number(m['ts']) >= offended + 5_000;
    await sniffer.waitFor('the room to announce itself when the ban ends', lifted, 15_000);
    await mallory.publish({ type: 'announce', from: after('m2') });
    await sniffer.waitFor('the offer to m2', signalOf(victim.peerId, after('m2'), 'offer'));
  });
});
