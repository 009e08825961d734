/**
 * A room's side of signaling: the y-webrtc messages peers use to find each
 * other (`announce`, and `signal` carrying SDP and ICE candidates), sealed
 * with the room key (./signaling-crypto.ts) and published on the room's topic
 * through one SignalingClient per server URL.
 *
 * Outgoing messages are stamped (time and nonce inside the ciphertext).
 * Incoming ones are decrypted, checked for shape, and handed to the room
 * with what the room needs to judge them:
 *   - `sender`: the signaling connection that published it, as the server
 *     names it (or, from a server that does not, the claimed peer id): slots
 *     and bans are counted against it, since a peer id is whatever the peer
 *     says it is
 *   - `fresh` (announces): stamped, and either recent (a broadcast) or
 *     addressed to this room's current peer id; the nonce is checked when the
 *     room calls `firstSight`, after its own checks, so a copy the room
 *     refuses does not use it up
 *
 * `invite` (a directed announce: "connect to me") is what the room answers
 * to an announce it will not act on directly; y-webrtc clients answer it with
 * an offer, Aidtrail rooms by the usual rule. It is rate-limited, so replayed
 * announces cannot make this room flood the server (which would close its
 * connection).
 */
import type { SignalData } from 'simple-peer/simplepeer.min.js';
import { z } from 'zod';
import { SignalingClient } from './signaling-client';
import { decryptJson, deriveRoomKey, encryptJson, isRecent, ReplayFilter, stamp, stampOf, type Stamp } from './signaling-crypto';

export type Incoming =
  | { readonly kind: 'announce'; readonly from: string; readonly sender: string; readonly fresh: boolean; readonly stamp?: Stamp }
  | { readonly kind: 'signal'; readonly from: string; readonly sender: string; readonly signal: SignalData; readonly token: number; readonly stamp?: Stamp };

export interface RoomSignalingOptions {
  readonly room: string;
  readonly peerId: string;
  readonly secret: string;
  readonly urls: readonly string[];
  readonly WebSocket?: typeof WebSocket;
  /** After each (re)connect to a server. */
  readonly onOpen: () => void;
  readonly onStatus: () => void;
  readonly onMessage: (message: Incoming) => void;
}

const PeerId = z.string().min(1).max(100);
const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('announce'), from: PeerId, to: PeerId.optional() }),
  z.object({
    type: z.literal('signal'),
    from: PeerId,
    to: PeerId,
    token: z.number().optional(),
    signal: z.looseObject({ type: z.string().max(32).optional() }),
  }),
]);

/** Invitations: per sender one a second (burst 3), all together ten a second, and one per peer id every 2 s. */
const INVITES_PER_SENDER_PER_S = 1;
const INVITES_PER_S = 10;
const INVITE_SAME_PEER_MS = 2_000;

export class RoomSignaling {
  /** Resolves once the room key is derived and the servers are being contacted. */
  readonly ready: Promise<void>;
  readonly #options: RoomSignalingOptions;
  readonly #clients: SignalingClient[] = [];
  readonly #replays = new ReplayFilter();
  readonly #invites = new Budgets();
  #key: CryptoKey | undefined;
  #closed = false;

  constructor(options: RoomSignalingOptions) {
    this.#options = options;
    this.ready = deriveRoomKey(options.secret, options.room).then((key) => {
      if (this.#closed) return;
      this.#key = key;
      options.urls.forEach((url, index) => {
        this.#clients.push(
          new SignalingClient({
            url,
            topics: [options.room],
            onOpen: options.onOpen,
            onPublish: (topic, data, sender) => {
              if (topic === options.room) void this.#receive(data, `${index}/${sender ?? ''}`, sender === undefined);
            },
            onStatus: options.onStatus,
            ...(options.WebSocket !== undefined && { WebSocket: options.WebSocket }),
          }),
        );
      });
    });
  }

  get connected(): boolean {
    return this.#clients.some((c) => c.connected);
  }

  /** Tells every peer in the room that this one is here. */
  announce(): void {
    this.#publish({ type: 'announce', from: this.#options.peerId });
  }

  /** Asks one peer to connect (rate-limited: silently skipped past the budget). */
  invite(to: string, sender: string): void {
    if (!this.#invites.take(to, sender)) return;
    this.#publish({ type: 'announce', from: this.#options.peerId, to });
  }

  signal(to: string, token: number, signal: SignalData): void {
    this.#publish({ type: 'signal', from: this.#options.peerId, to, token, signal });
  }

  /** True the first time a stamped message's nonce is accepted; false for a replay or an unstamped message. */
  firstSight(message: Incoming): boolean {
    return message.stamp !== undefined && this.#replays.firstSight(message.stamp.nonce);
  }

  close(): void {
    this.#closed = true;
    for (const c of this.#clients) c.close();
  }

  #publish(message: Record<string, unknown>): void {
    const key = this.#key;
    if (key === undefined || this.#closed) return;
    void encryptJson({ ...message, ...stamp() }, key).then((ciphertext) => {
      for (const c of this.#clients) c.publish(this.#options.room, ciphertext);
    });
  }

  async #receive(data: string, server: string, untagged: boolean): Promise<void> {
    const key = this.#key;
    if (key === undefined || this.#closed) return;
    const value = await decryptJson(data, key);
    if (this.#closed || typeof value !== 'object' || value === null) return;
    const parsed = Message.safeParse(value);
    if (!parsed.success) return;
    const m = parsed.data;
    const self = this.#options.peerId;
    if (m.from === self || (m.to !== undefined && m.to !== self)) return;
    const s = stampOf(value as Record<string, unknown>);
    // A server that names no sender leaves only the claimed peer id to count against.
    const sender = untagged ? `${server}peer:${m.from}` : server;
    const stamped = s !== undefined ? { stamp: s } : {};
    if (m.type === 'announce') {
      const fresh = s !== undefined && (m.to !== undefined || isRecent(s));
      this.#options.onMessage({ kind: 'announce', from: m.from, sender, fresh, ...stamped });
    } else {
      this.#options.onMessage({ kind: 'signal', from: m.from, sender, signal: m.signal as SignalData, token: m.token ?? 0, ...stamped });
    }
  }
}

/** The invitation budgets (token buckets refilled by the clock). */
class Budgets {
  readonly #senders = new Map<string, { tokens: number; at: number }>();
  readonly #peers = new Map<string, number>();
  #all = { tokens: 2 * INVITES_PER_S, at: Date.now() };

  take(peer: string, sender: string, now = Date.now()): boolean {
    const last = this.#peers.get(peer);
    if (last !== undefined && now - last < INVITE_SAME_PEER_MS) return false;
    this.#prune(now);
    const bucket = this.#senders.get(sender) ?? { tokens: 3 * INVITES_PER_SENDER_PER_S, at: now };
    const mine = refill(bucket, now, INVITES_PER_SENDER_PER_S, 3);
    this.#all = refill(this.#all, now, INVITES_PER_S, 2 * INVITES_PER_S);
    if (mine.tokens < 1 || this.#all.tokens < 1) {
      this.#senders.set(sender, mine);
      return false;
    }
    this.#senders.set(sender, { tokens: mine.tokens - 1, at: now });
    this.#all = { tokens: this.#all.tokens - 1, at: now };
    this.#peers.set(peer, now);
    return true;
  }

  /** Forgets what no longer limits anything (a full bucket, an old invitation). */
  #prune(now: number): void {
    for (const [peer, at] of this.#peers) if (now - at >= INVITE_SAME_PEER_MS) this.#peers.delete(peer);
    for (const [sender, bucket] of this.#senders) if (refill(bucket, now, INVITES_PER_SENDER_PER_S, 3).tokens >= 3) this.#senders.delete(sender);
  }
}

function refill(bucket: { tokens: number; at: number }, now: number, perSecond: number, max: number): { tokens: number; at: number } {
  return { tokens: Math.min(max, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * perSecond), at: now };
}
