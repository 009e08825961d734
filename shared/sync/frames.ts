/**
 * Bounded frames for sync messages on a WebRTC data channel.
 *
 * Chromium drops (or closes the channel on) data-channel messages over
 * 256 KiB (PLATFORM.md; upstream y-webrtc #20). The sync layer above keeps
 * most messages small on its own (it streams a document diff in batches,
 * see ./slice.ts); this codec is the guarantee underneath: NO wire message is
 * ever larger than `maxFrameBytes`, whatever the sync layer hands it.
 *
 * Wire format. A wire message is either
 *   - a WHOLE message: a sync message of at most `maxFrameBytes` whose first
 *     byte is not FRAME_TAG (every y-webrtc/y-protocols message: their first
 *     byte is a message type 0–4), sent unchanged, so stock y-webrtc peers
 *     still understand everything small; or
 *   - a CHUNK frame: FRAME_TAG, a fixed 18-byte header, then a non-empty slice
 *     of the message:
 *
 *       offset size
 *       0      1    FRAME_TAG (0x7f)
 *       1      1    FRAME_VERSION (1)
 *       2      4    message id   (u32 BE, per sender, wraps)
 *       6      4    chunk index  (u32 BE, 0-based)
 *       10     4    chunk count  (u32 BE, ≥ 1)
 *       14     4    total length (u32 BE, bytes of the whole message, ≥ 1)
 *       18     …    payload      (≥ 1 byte)
 *
 * The receiver (Reassembler) holds at most `maxPartials` partial messages of
 * at most `maxMessageBytes` each, so its memory is bounded; every frame is
 * checked against its message's header; a partial message that gets no frame
 * for `partialTimeoutMs` is discarded (`expire`), and the caller closes the
 * peer so a lost frame can never wedge it. Pure: the caller passes the time.
 */

export const FRAME_TAG = 0x7f;
export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 18;
/** A frame must carry at least this much payload to be worth its header. */
export const MIN_FRAME_BYTES = 64;

export interface FrameLimits {
  /** Largest wire message sent or accepted (header included). */
  readonly maxFrameBytes: number;
  /** Largest reassembled message accepted. */
  readonly maxMessageBytes: number;
  /** Partial (incomplete) messages held at once per sender. */
  readonly maxPartials: number;
  /** A partial message with no new frame for this long is discarded. */
  readonly partialTimeoutMs: number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = {
  maxFrameBytes: 64 * 1024,
  maxMessageBytes: 1024 * 1024,
  maxPartials: 2,
  partialTimeoutMs: 15_000,
};

/** True when a wire message is a chunk frame (else it is a whole message). */
export const isChunkFrame = (wire: Uint8Array): boolean => wire.length > 0 && wire[0] === FRAME_TAG;

/**
 * Splits one message into wire messages of at most `maxFrameBytes` each: the
 * message itself when it fits and cannot be mistaken for a frame, else chunk
 * frames carrying `messageId`. The result shares no memory with the input.
 */
export function encodeFrames(message: Uint8Array, messageId: number, maxFrameBytes: number): Uint8Array[] {
  if (message.length === 0) throw new RangeError('encodeFrames: an empty message cannot be sent');
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < MIN_FRAME_BYTES) {
    throw new RangeError(`encodeFrames: maxFrameBytes must be an integer ≥ ${MIN_FRAME_BYTES}`);
  }
  if (message.length > 0xffff_ffff) throw new RangeError('encodeFrames: message longer than 2^32-1 bytes');
  if (message.length <= maxFrameBytes && message[0] !== FRAME_TAG) return [message.slice()];
  const payloadBytes = maxFrameBytes - FRAME_HEADER_BYTES;
  const count = Math.ceil(message.length / payloadBytes);
  const id = messageId >>> 0;
  const frames: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const start = index * payloadBytes;
    const payload = message.subarray(start, Math.min(message.length, start + payloadBytes));
    const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
    const view = new DataView(frame.buffer);
    view.setUint8(0, FRAME_TAG);
    view.setUint8(1, FRAME_VERSION);
    view.setUint32(2, id);
    view.setUint32(6, index);
    view.setUint32(10, count);
    view.setUint32(14, message.length);
    frame.set(payload, FRAME_HEADER_BYTES);
    frames.push(frame);
  }
  return frames;
}

export interface FrameHeader {
  readonly messageId: number;
  readonly index: number;
  readonly count: number;
  readonly total: number;
}

/** Reads a chunk frame's header; a string is the reason it is not a valid frame. */
export function readFrameHeader(frame: Uint8Array): FrameHeader | string {
  if (frame.length < FRAME_HEADER_BYTES) return 'truncated frame header';
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.getUint8(0) !== FRAME_TAG) return 'not a chunk frame';
  const version = view.getUint8(1);
  if (version !== FRAME_VERSION) return `unknown frame version ${version}`;
  const header = { messageId: view.getUint32(2), index: view.getUint32(6), count: view.getUint32(10), total: view.getUint32(14) };
  if (header.total < 1) return 'frame of an empty message';
  if (header.count < 1 || header.count > header.total) return `impossible chunk count ${header.count} for ${header.total} bytes`;
  if (header.index >= header.count) return `chunk index ${header.index} out of ${header.count}`;
  if (frame.length === FRAME_HEADER_BYTES) return 'frame without payload';
  if (frame.length - FRAME_HEADER_BYTES > header.total) return 'frame payload longer than its message';
  return header;
}

export type PushResult =
  /** A whole message, ready for the sync layer. */
  | { readonly kind: 'message'; readonly message: Uint8Array }
  /** A frame was stored; its message is not complete yet. */
  | { readonly kind: 'partial' }
  /** Harmless and dropped (an empty wire message, a repeated frame). */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** A protocol violation: the frame (and its partial message) is dropped; the caller should close the peer. */
  | { readonly kind: 'rejected'; readonly reason: string };

interface Partial {
  readonly count: number;
  readonly total: number;
  readonly chunks: Map<number, Uint8Array>;
  bytes: number;
  deadline: number;
}

const RECENT_IDS = 64;

/** Reassembles one sender's frames, within FrameLimits. */
export class Reassembler {
  readonly #limits: FrameLimits;
  readonly #partials = new Map<number, Partial>();
  readonly #recent: number[] = [];

  constructor(limits: FrameLimits = DEFAULT_FRAME_LIMITS) {
    this.#limits = limits;
  }

  /** Bytes held in partial messages. */
  get heldBytes(): number {
    let n = 0;
    for (const p of this.#partials.values()) n += p.bytes;
    return n;
  }

  get partialCount(): number {
    return this.#partials.size;
  }

  /** The earliest time at which `expire` would discard something. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const p of this.#partials.values()) if (next === undefined || p.deadline < next) next = p.deadline;
    return next;
  }

  push(wire: Uint8Array, now: number): PushResult {
    const limits = this.#limits;
    if (wire.length === 0) return { kind: 'ignored', reason: 'empty message' };
    if (wire.length > limits.maxFrameBytes) {
      return { kind: 'rejected', reason: `wire message of ${wire.length} bytes exceeds the frame limit of ${limits.maxFrameBytes}` };
    }
    if (wire[0] !== FRAME_TAG) return { kind: 'message', message: wire };
    const header = readFrameHeader(wire);
    if (typeof header === 'string') return { kind: 'rejected', reason: header };
    if (header.total > limits.maxMessageBytes) {
      return { kind: 'rejected', reason: `message of ${header.total} bytes exceeds the limit of ${limits.maxMessageBytes}` };
    }
    const payload = wire.subarray(FRAME_HEADER_BYTES);
    let partial = this.#partials.get(header.messageId);
    if (partial === undefined) {
      if (this.#recent.includes(header.messageId)) return { kind: 'ignored', reason: 'frame of a message already completed' };
      if (this.#partials.size >= limits.maxPartials) {
        return { kind: 'rejected', reason: `more than ${limits.maxPartials} partial messages at once` };
      }
      partial = { count: header.count, total: header.total, chunks: new Map(), bytes: 0, deadline: now + limits.partialTimeoutMs };
      this.#partials.set(header.messageId, partial);
    } else if (partial.count !== header.count || partial.total !== header.total) {
      this.#partials.delete(header.messageId);
      return { kind: 'rejected', reason: 'frame header disagrees with earlier frames of its message' };
    }
    const seen = partial.chunks.get(header.index);
    if (seen !== undefined) {
      if (sameBytes(seen, payload)) return { kind: 'ignored', reason: 'duplicate frame' };
      this.#partials.delete(header.messageId);
      return { kind: 'rejected', reason: 'two different frames with the same index' };
    }
    partial.bytes += payload.length;
    if (partial.bytes > partial.total) {
      this.#partials.delete(header.messageId);
      return { kind: 'rejected', reason: 'frames longer than their message' };
    }
    partial.chunks.set(header.index, payload.slice());
    partial.deadline = now + limits.partialTimeoutMs;
    if (partial.chunks.size < partial.count) return { kind: 'partial' };
    this.#partials.delete(header.messageId);
    if (partial.bytes !== partial.total) return { kind: 'rejected', reason: 'frames shorter than their message' };
    const message = new Uint8Array(partial.total);
    let at = 0;
    for (let i = 0; i < partial.count; i++) {
      const chunk = partial.chunks.get(i)!;
      message.set(chunk, at);
      at += chunk.length;
    }
    this.#recent.push(header.messageId);
    if (this.#recent.length > RECENT_IDS) this.#recent.shift();
    return { kind: 'message', message };
  }

  /** Discards partial messages whose deadline has passed; returns why, one reason each. */
  expire(now: number): string[] {
    const reasons: string[] = [];
    for (const [id, p] of this.#partials) {
      if (p.deadline <= now) {
        this.#partials.delete(id);
        reasons.push(`message ${id} incomplete: ${p.chunks.size} of ${p.count} frames (${p.bytes} of ${p.total} bytes) before the timeout`);
      }
    }
    return reasons;
  }

  /** Drops everything held (the peer is gone). */
  clear(): void {
    this.#partials.clear();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
