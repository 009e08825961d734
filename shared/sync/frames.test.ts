import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FRAME_LIMITS,
  FRAME_HEADER_BYTES,
  FRAME_TAG,
  Reassembler,
  encodeFrames,
  isChunkFrame,
  readFrameHeader,
  type FrameLimits,
  type PushResult,
} from './frames';

const limits = (over: Partial<FrameLimits> = {}): FrameLimits => ({ ...DEFAULT_FRAME_LIMITS, ...over });

/** Messages from 1 byte to a few frames long, at small frame sizes so every boundary is hit. */
const message = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 600 }),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 5000 })).map(([b, n]) => new Uint8Array(n).fill(b)),
);
const frameSize = fc.integer({ min: 64, max: 700 });

function feed(r: Reassembler, frames: readonly Uint8Array[], now = 0): PushResult[] {
  return frames.map((f) => r.push(f, now));
}

const messages = (results: readonly PushResult[]): Uint8Array[] =>
  results.flatMap((r) => (r.kind === 'message' ? [r.message] : []));

describe('encodeFrames / Reassembler', () => {
  it('round-trips every message at every size, and no wire message exceeds the frame limit (fast-check)', () => {
    fc.assert(
      fc.property(message, frameSize, fc.integer({ min: 0, max: 0xffff_ffff }), (m, max, id) => {
        const frames = encodeFrames(m, id, max);
        for (const f of frames) expect(f.length).toBeLessThanOrEqual(max);
        const r = new Reassembler(limits({ maxFrameBytes: max, maxMessageBytes: 10_000 }));
        const out = feed(r, frames);
        expect(messages(out)).toStrictEqual([m]);
        expect(out.slice(0, -1).every((o) => o.kind === 'partial')).toBe(true);
        expect(r.partialCount).toBe(0);
      }),
    );
  });

  it('sends a message that fits and does not start with the tag unchanged (y-webrtc compatible)', () => {
    const m = new Uint8Array([0, 1, 2, 3]);
    expect(encodeFrames(m, 1, 64)).toStrictEqual([m]);
    expect(isChunkFrame(m)).toBe(false);
    const tagged = new Uint8Array([FRAME_TAG, 1, 2]);
    const frames = encodeFrames(tagged, 1, 64);
    expect(frames).toHaveLength(1);
    expect(isChunkFrame(frames[0]!)).toBe(true);
    expect(messages(feed(new Reassembler(), frames))).toStrictEqual([tagged]);
  });

  it('splits at exact boundaries: one byte over the payload size makes two frames', () => {
    const payload = 100 - FRAME_HEADER_BYTES;
    expect(encodeFrames(new Uint8Array(100).fill(1), 0, 100)).toHaveLength(1);
    expect(encodeFrames(new Uint8Array(101).fill(1), 0, 100)).toHaveLength(Math.ceil(101 / payload));
    expect(encodeFrames(new Uint8Array(payload * 3).fill(1), 0, 100)).toHaveLength(3);
  });

  it('reassembles frames that arrive in any order, and interleaved messages (fast-check)', () => {
    fc.assert(
      fc.property(message, message, frameSize, fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), (a, b, max, order) => {
        const frames = [...encodeFrames(a, 1, max), ...encodeFrames(b, 2, max)];
        const shuffled = shuffle(frames, order);
        const out = messages(feed(new Reassembler(limits({ maxFrameBytes: max, maxMessageBytes: 10_000 })), shuffled));
        expect(out).toHaveLength(2);
        expect(new Set(out.map((m) => m.length))).toStrictEqual(new Set([a.length, b.length]));
        for (const m of out) expect([a, b].some((x) => equal(x, m))).toBe(true);
      }),
    );
  });

  it('ignores duplicated chunk frames, also after their message completed (fast-check)', () => {
    // (A whole message has no id: a repeated one is delivered again, and the sync layer above is idempotent.)
    fc.assert(
      fc.property(message, frameSize, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (m, max, dups) => {
        const frames = encodeFrames(m, 7, max);
        fc.pre(isChunkFrame(frames[0]!));
        const withDups = [...frames];
        for (const d of dups) withDups.splice(d % (withDups.length + 1), 0, frames[d % frames.length]!);
        const out = feed(new Reassembler(limits({ maxFrameBytes: max, maxMessageBytes: 10_000 })), withDups);
        expect(messages(out)).toStrictEqual([m]);
        expect(out.some((o) => o.kind === 'rejected')).toBe(false);
      }),
    );
  });

  it('never completes a message with a frame missing, and the timeout discards it (fast-check)', () => {
    fc.assert(
      fc.property(message, frameSize, fc.nat(), (m, max, drop) => {
        const frames = encodeFrames(m, 3, max);
        fc.pre(frames.length > 1 && isChunkFrame(frames[0]!));
        const r = new Reassembler(limits({ maxFrameBytes: max, maxMessageBytes: 10_000, partialTimeoutMs: 1000 }));
        const kept = frames.filter((_, i) => i !== drop % frames.length);
        expect(messages(feed(r, kept, 0))).toStrictEqual([]);
        expect(r.partialCount).toBe(1);
        expect(r.nextDeadline()).toBe(1000);
        expect(r.expire(999)).toStrictEqual([]);
        const expired = r.expire(1000);
        expect(expired).toHaveLength(1);
        expect(expired[0]).toMatch(/incomplete/);
        expect(r.partialCount).toBe(0);
        expect(r.heldBytes).toBe(0);
      }),
    );
  });

  it('refreshes the timeout on every frame (a slow but steady message is not discarded)', () => {
    const frames = encodeFrames(new Uint8Array(1000).fill(9), 1, 100);
    const r = new Reassembler(limits({ maxFrameBytes: 100, partialTimeoutMs: 50 }));
    let out: PushResult = { kind: 'partial' };
    frames.forEach((f, i) => {
      expect(r.expire(i * 40)).toStrictEqual([]);
      out = r.push(f, i * 40);
    });
    expect(out.kind).toBe('message');
  });

  it('rejects a wire message over the frame limit and a message over the message limit', () => {
    const r = new Reassembler(limits({ maxFrameBytes: 100, maxMessageBytes: 500 }));
    expect(r.push(new Uint8Array(101), 0)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/frame limit/) });
    const big = encodeFrames(new Uint8Array(501).fill(1), 1, 100);
    expect(r.push(big[0]!, 0)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/exceeds the limit/) });
    expect(r.partialCount).toBe(0);
  });

  it('holds at most maxPartials partial messages', () => {
    const r = new Reassembler(limits({ maxFrameBytes: 100, maxPartials: 2 }));
    for (const id of [1, 2]) expect(r.push(encodeFrames(new Uint8Array(300).fill(id), id, 100)[0]!, 0).kind).toBe('partial');
    expect(r.push(encodeFrames(new Uint8Array(300).fill(3), 3, 100)[0]!, 0)).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/partial messages/),
    });
    expect(r.partialCount).toBe(2);
  });

  it('rejects frames that contradict their message: another count or total, a conflicting duplicate, too many bytes', () => {
    const frames = encodeFrames(new Uint8Array(300).fill(5), 9, 100);
    const r = new Reassembler(limits({ maxFrameBytes: 100 }));
    r.push(frames[0]!, 0);
    const otherTotal = frames[1]!.slice();
    new DataView(otherTotal.buffer).setUint32(14, 299);
    expect(r.push(otherTotal, 0).kind).toBe('rejected');
    expect(r.partialCount).toBe(0);

    r.push(frames[0]!, 0);
    const conflicting = frames[0]!.slice();
    conflicting[FRAME_HEADER_BYTES] = 6;
    expect(r.push(conflicting, 0)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/same index/) });

    // Frames whose payloads add up to more than the total (a lying sender).
    const liar = encodeFrames(new Uint8Array(300).fill(5), 10, 100).map((f) => {
      const g = f.slice();
      new DataView(g.buffer).setUint32(14, 200);
      new DataView(g.buffer).setUint32(10, 4);
      return g;
    });
    const out = feed(new Reassembler(limits({ maxFrameBytes: 100 })), liar);
    expect(out.some((o) => o.kind === 'rejected')).toBe(true);
    expect(messages(out)).toStrictEqual([]);
  });

  it('rejects frames whose pieces are shorter than the total when the last one arrives', () => {
    const f = (index: number, payload: number[]) => {
      const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
      const v = new DataView(frame.buffer);
      v.setUint8(0, FRAME_TAG);
      v.setUint8(1, 1);
      v.setUint32(2, 1);
      v.setUint32(6, index);
      v.setUint32(10, 2);
      v.setUint32(14, 10);
      frame.set(payload, FRAME_HEADER_BYTES);
      return frame;
    };
    const r = new Reassembler();
    expect(r.push(f(0, [1, 2]), 0).kind).toBe('partial');
    expect(r.push(f(1, [3]), 0)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/shorter/) });
  });

  it('reads no header out of garbage, and garbage never throws or completes a message (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 50 }), (garbage) => {
        const r = new Reassembler(limits({ maxFrameBytes: 150, maxMessageBytes: 1000, maxPartials: 3 }));
        for (const g of garbage) {
          const wire = g.length > 0 ? Uint8Array.of(FRAME_TAG, ...g.subarray(1)) : g;
          const out = r.push(wire, 0);
          expect(['partial', 'ignored', 'rejected', 'message']).toContain(out.kind);
          if (out.kind === 'message') expect(out.message.length).toBeLessThanOrEqual(1000);
        }
        expect(r.partialCount).toBeLessThanOrEqual(3);
        expect(r.heldBytes).toBeLessThanOrEqual(3 * 1000);
      }),
    );
  });

  it('explains why a header is invalid', () => {
    expect(readFrameHeader(Uint8Array.of(FRAME_TAG, 1))).toBe('truncated frame header');
    const frame = encodeFrames(new Uint8Array(200).fill(1), 1, 100)[0]!;
    const v2 = frame.slice();
    v2[1] = 2;
    expect(readFrameHeader(v2)).toMatch(/version 2/);
    const badIndex = frame.slice();
    new DataView(badIndex.buffer).setUint32(6, 5);
    expect(readFrameHeader(badIndex)).toMatch(/index 5/);
    const zeroCount = frame.slice();
    new DataView(zeroCount.buffer).setUint32(10, 0);
    expect(readFrameHeader(zeroCount)).toMatch(/count/);
    expect(readFrameHeader(frame.slice(0, FRAME_HEADER_BYTES))).toMatch(/without payload/);
    expect(new Reassembler().push(new Uint8Array(0), 0)).toMatchObject({ kind: 'ignored' });
  });

  it('refuses to encode what it cannot', () => {
    expect(() => encodeFrames(new Uint8Array(0), 1, 100)).toThrow(RangeError);
    expect(() => encodeFrames(new Uint8Array(10), 1, 10)).toThrow(RangeError);
  });
});

function shuffle<T>(items: readonly T[], order: readonly number[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = order[i % order.length]! % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
