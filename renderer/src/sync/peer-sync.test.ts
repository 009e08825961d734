/**
 * PeerSync over an in-memory channel whose delivery the test controls:
 * flow control, batching, and what a lost frame or a vanished peer does.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { addEvents, createScopeDoc, encodeFrames, eventsOf } from '../../../shared/sync';
import { PeerSync } from './peer-sync';
import type { PeerChannel, TransportLimits } from './peer-sync-contract';
import { DEFAULT_TRANSPORT_LIMITS } from './room-options';

const limits = {
  ...DEFAULT_TRANSPORT_LIMITS,
  // The transport, not the entries: ids here are labels, not content addresses.
  guard: { ...DEFAULT_TRANSPORT_LIMITS.guard, checkEntry: () => undefined },
  frames: { ...DEFAULT_TRANSPORT_LIMITS.frames, maxFrameBytes: 4096, partialTimeoutMs: 1000 },
  batchBytes: 10_000,
  highWaterBytes: 20_000,
  lowWaterBytes: 5_000,
};

/** One direction of a link: frames wait in `inFlight` until `deliver` hands them over. */
class Wire implements PeerChannel {
  inFlight: Uint8Array[] = [];
  sent: Uint8Array[] = [];
  maxBuffered = 0;
  open = true;
  to: PeerSync | undefined;
  from: PeerSync | undefined;
  drop: ((frame: Uint8Array, index: number) => boolean) | undefined;
  send(frame: Uint8Array): boolean {
    if (!this.open) return false;
    this.inFlight.push(frame);
    this.sent.push(frame);
    this.maxBuffered = Math.max(this.maxBuffered, this.bufferedAmount());
    return true;
  }
  bufferedAmount(): number {
    return this.inFlight.reduce((n, f) => n + f.length, 0);
  }
  /** Delivers up to `n` frames; returns how many. */
  deliver(n = Infinity): number {
    let count = 0;
    while (this.inFlight.length > 0 && count < n) {
      const frame = this.inFlight.shift()!;
      const index = this.sent.length - this.inFlight.length - 1;
      if (this.drop?.(frame, index) !== true) this.to?.receive(frame);
      count++;
    }
    if (this.bufferedAmount() <= limits.lowWaterBytes) this.from?.drained();
    return count;
  }
}

interface Side {
  doc: Y.Doc;
  sync: PeerSync;
  out: Wire;
  rejected: string[];
  /** Connections ended for a protocol violation (the room bans the sender)… */
  fatal: string[];
  /** …and for a peer lost (silent, or the channel gone: no ban). */
  lost: string[];
}

function pair(aEvents: number, bEvents: number, options: { limits?: TransportLimits; now?: () => number } = {}): [Side, Side] {
  const make = (name: string, n: number, out: Wire): Side => {
    const doc = createScopeDoc('round:unit');
    addEvents(doc, Array.from({ length: n }, (_, i) => [`${name}-${i}`, `{"n":${i},"pad":"${'x'.repeat(300)}"}`] as const));
    const side: Side = { doc, out, rejected: [], fatal: [], lost: [], sync: undefined as unknown as PeerSync };
    side.sync = new PeerSync(
      {
        scope: 'round:unit',
        peerId: name === 'a' ? 'b' : 'a',
        doc,
        awareness: new Awareness(doc),
        channel: out,
        limits: options.limits ?? limits,
        presence: () => undefined,
        ...(options.now !== undefined && { now: options.now }),
      },
      { onRejected: (r) => side.rejected.push(r), onFatal: (r, kind) => (kind === 'lost' ? side.lost : side.fatal).push(r), onChange: () => {} },
    );
    doc.on('update', () => side.sync.docChanged());
    return side;
  };
  const ab = new Wire();
  const ba = new Wire();
  const a = make('a', aEvents, ab);
  const b = make('b', bEvents, ba);
  ab.from = a.sync;
  ab.to = b.sync;
  ba.from = b.sync;
  ba.to = a.sync;
  return [a, b];
}

const tick = () => new Promise((r) => setTimeout(r, 0));

async function run(a: Side, b: Side, rounds = 10_000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await tick();
    const moved = a.out.deliver() + b.out.deliver();
    await tick();
    if (moved === 0 && a.out.inFlight.length === 0 && b.out.inFlight.length === 0) return;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PeerSync', () => {
  it('streams both diffs in batches under the high-water mark and only then claims synced', async () => {
    const [a, b] = pair(500, 300);
    a.sync.start();
    b.sync.start();
    expect(a.sync.synced).toBe(false);
    await run(a, b);
    expect(eventsOf(a.doc).size).toBe(800);
    expect(eventsOf(b.doc).size).toBe(800);
    expect(a.sync.synced && b.sync.synced).toBe(true);
    expect(a.sync.status()).toMatchObject({ received: 300, sent: 500, outbound: 'live', toFetch: 0 });
    // Flow control: the sender never had more than high water + one batch in flight.
    expect(a.out.maxBuffered).toBeLessThanOrEqual(limits.highWaterBytes + limits.batchBytes + 4096);
    expect(Math.max(...a.out.sent.map((f) => f.length))).toBeLessThanOrEqual(4096);
    expect([a.rejected, b.rejected, a.fatal, b.fatal]).toStrictEqual([[], [], [], []]);
    // Live: a new local event travels on its own.
    addEvents(a.doc, [['late', '{}']]);
    await run(a, b);
    expect(eventsOf(b.doc).get('late')).toBe('{}');
  });

  it('never claims synced when the peer goes away mid-stream, and a new exchange finishes the job', async () => {
    const [a, b] = pair(0, 2000);
    a.sync.start();
    b.sync.start();
    // Let a few batches through, then the link dies.
    for (let i = 0; i < 6; i++) {
      await tick();
      a.out.deliver();
      b.out.deliver(3);
    }
    b.out.open = false;
    b.out.inFlight = [];
    a.sync.close();
    b.sync.close();
    const got = eventsOf(a.doc).size;
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(2000);
    expect(a.sync.synced).toBe(false);

    // A new connection between the same documents.
    const [a2, b2] = pair(0, 0);
    const again = (side: Side, doc: Y.Doc): Side => {
      const s: Side = { ...side, doc, rejected: [], fatal: [], lost: [] };
      s.sync = new PeerSync(
        { scope: 'round:unit', peerId: 'x', doc, awareness: new Awareness(doc), channel: side.out, limits, presence: () => undefined },
        { onRejected: (r) => s.rejected.push(r), onFatal: (r) => s.fatal.push(r), onChange: () => {} },
      );
      doc.on('update', () => s.sync.docChanged());
      return s;
    };
    const a3 = again(a2, a.doc);
    const b3 = again(b2, b.doc);
    a3.out.from = a3.sync;
    a3.out.to = b3.sync;
    b3.out.from = b3.sync;
    b3.out.to = a3.sync;
    a3.sync.start();
    b3.sync.start();
    await run(a3, b3);
    expect(eventsOf(a.doc).size).toBe(2000);
    expect(a3.sync.synced).toBe(true);
    expect(a3.sync.status().received).toBe(2000 - got);
  });

  it('drops the connection when a frame of a chunked message is lost (the reassembly times out), never synced', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const [a, b] = pair(0, 0);
    // One event bigger than a frame: its batch travels as several frames.
    addEvents(b.doc, [['big', 'x'.repeat(20_000)]]);
    a.sync.start();
    b.sync.start();
    b.out.drop = (frame, index) => frame[0] === 0x7f && index % 2 === 1; // lose every other chunk frame
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(1);
      a.out.deliver();
      b.out.deliver();
    }
    expect(a.fatal).toStrictEqual([]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(a.fatal).toHaveLength(1);
    expect(a.rejected.join('\n')).toMatch(/incomplete message/);
    expect(a.sync.synced).toBe(false);
    expect(eventsOf(a.doc).has('big')).toBe(false);
  });

  it('ends the exchange with a peer silent past the stall timeout as lost, not as a protocol violation (a frozen laptop is not banned)', async () => {
    let now = 1_000_000;
    const [a, b] = pair(0, 2000, { now: () => now });
    a.sync.start();
    b.sync.start();
    await tick();
    a.out.deliver();
    b.out.deliver(3);
    // b freezes: nothing more arrives.
    now += limits.stallTimeoutMs;
    a.sync.checkLiveness(now);
    expect(a.lost).toStrictEqual([]);
    now += 1;
    a.sync.checkLiveness(now);
    expect(a.lost).toStrictEqual([expect.stringMatching(/^peer silent for \d+ s before its exchange completed$/)]);
    expect(a.fatal).toStrictEqual([]);
    expect(a.sync.synced).toBe(false);
  });

  it('refuses garbage, counts strikes, and closes on a bad frame', () => {
    const [a] = pair(0, 0);
    a.sync.start();
    a.sync.receive(Uint8Array.of(42));
    a.sync.receive(Uint8Array.of(0, 9, 0));
    expect(a.rejected).toHaveLength(2);
    expect(a.fatal).toStrictEqual([]);
    const frames = encodeFrames(new Uint8Array(10_000).fill(1), 5, 4096);
    const liar = frames[0]!.slice();
    new DataView(liar.buffer).setUint32(14, 50 * 1024 * 1024);
    a.sync.receive(liar);
    expect(a.fatal).toHaveLength(1);
    expect(a.fatal[0]).toMatch(/exceeds the limit/);
    // Closed: further input is ignored, nothing throws.
    a.sync.receive(frames[1]!);
    expect(a.fatal).toHaveLength(1);
  });

  it('takes what a peer sends within its rate and closes it when it sends more (token bucket on an injected clock)', async () => {
    let now = 1_000_000;
    const rated = { ...limits, guard: { ...limits.guard, perPeer: { ...limits.guard.perPeer, entries: { burst: 50, perMinute: 60 } } } };
    const [a, b] = pair(0, 40, { limits: rated, now: () => now });
    a.sync.start();
    b.sync.start();
    await run(a, b);
    expect(eventsOf(a.doc).size).toBe(40);
    // One event a second is the rate: twenty more arrive one by one.
    for (let i = 0; i < 20; i++) {
      now += 1_000;
      addEvents(b.doc, [[`live-${i}`, '{}']]);
      await run(a, b);
    }
    expect(eventsOf(a.doc).size).toBe(60);
    expect(a.fatal).toStrictEqual([]);
    // Thirty at once is more than the ten left: refused, not applied, connection closed.
    addEvents(b.doc, Array.from({ length: 30 }, (_, i) => [`burst-${i}`, '{}'] as const));
    await run(a, b);
    expect(a.fatal).toStrictEqual([expect.stringMatching(/^update refused: the peer is over its rate: 30 new entries when 10 remain/)]);
    expect(eventsOf(a.doc).size).toBe(60);
  });

  it('closes a peer that floods sync requests', () => {
    const [a, b] = pair(10, 0);
    for (let i = 0; i <= limits.maxStep1PerMinute; i++) a.sync.receive(b.out.sent[0] ?? (b.sync.start(), b.out.sent[0]!));
    expect(a.fatal.join('\n')).toMatch(/flood/);
  });
});
