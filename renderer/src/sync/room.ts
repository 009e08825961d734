/**
 * A scope's sync room: peers found through the signaling server (y-webrtc's
 * protocol, payloads encrypted with the team secret), WebRTC data channels
 * through simple-peer (as y-webrtc; `iceServers: []` on a LAN), and one
 * PeerSync per connected peer (./peer-sync.ts).
 *
 * Why not y-webrtc's WebrtcProvider itself: it keeps one room per name in a
 * module-global registry (two kits cannot share a JS realm, as tests need),
 * also syncs over BroadcastChannel (bypassing the transport), applies every
 * peer update unchecked and sends the whole initial diff as one message
 * (dropped by Chromium over 256 KiB). This room keeps its wire formats
 * instead — signaling messages, encryption, data-channel messages — so a
 * stock y-webrtc client with the password can still join a room and exchange
 * small updates (tests use one as the "raw Yjs client").
 *
 * Connections: a peer announces itself when it (re)joins; of two peers the
 * one with the smaller peer id opens the connection (the other answers an
 * announce with a directed announce), and y-webrtc's glare tokens settle the
 * rare case of two offers. A connection that does not open in
 * `connectTimeoutMs` is dropped; one that breaks a protocol rule is closed
 * and its peer id ignored for a while (backing off); the room re-announces
 * after losing a peer so that reconnects happen without user action.
 */
import SimplePeer, { type SignalData, type SimplePeerOptions } from 'simple-peer/simplepeer.min.js';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import {
  DEFAULT_FRAME_LIMITS,
  DEFAULT_GUARD_LIMITS,
  DEFAULT_PRESENCE_LIMITS,
  eventCount,
  stateMap,
  toPresence,
  type Presence,
} from '../../../shared/sync';
import { PeerSync, type PeerSyncStatus, type TransportLimits } from './peer-sync';
import { SignalingClient } from './signaling-client';
import { decryptJson, deriveRoomKey, encryptJson } from './signaling-crypto';

export const DEFAULT_TRANSPORT_LIMITS: TransportLimits = {
  frames: DEFAULT_FRAME_LIMITS,
  guard: DEFAULT_GUARD_LIMITS,
  presence: DEFAULT_PRESENCE_LIMITS,
  batchBytes: 60 * 1024,
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  maxStrikes: 5,
  maxStep1PerMinute: 20,
  maxPresencePerPeer: 4,
  idleTimeoutMs: 30_000,
  stallTimeoutMs: 15_000,
};

/** The y-webrtc room name of a scope (the salt of its key, the topic on the signaling server). */
export const roomName = (scope: string): string => `aidtrail/v1/${scope}`;

export interface RoomOptions {
  /** Signaling server URL(s): the team lead's address, e.g. ws://192.168.1.10:4444. */
  readonly signaling: string | readonly string[];
  /** The team secret: y-webrtc's room password (encrypts signaling). */
  readonly secret: string;
  /** This device, as shown to others. */
  readonly presence: { readonly did: string; readonly label: string };
  /** simple-peer options merged over `{ config: { iceServers: [] } }` (Node: `{ wrtc }`). */
  readonly peerOpts?: SimplePeerOptions;
  readonly limits?: Partial<TransportLimits>;
  /** Most peers connected at once. */
  readonly maxPeers?: number;
  readonly connectTimeoutMs?: number;
  /** Anything refused from a peer, with the reason (for the team lead's screen). */
  readonly onRejected?: (peer: PeerRef, reason: string, eventId?: string) => void;
  /** A WebSocket implementation (default: the global one). */
  readonly WebSocket?: typeof WebSocket;
}

export interface PeerRef {
  readonly scope: string;
  /** The transport's random id of the peer's session. */
  readonly peerId: string;
  /** What the peer claims in its presence, when it sent one. */
  readonly did?: string;
  readonly label?: string;
}

export interface ScopeProgress {
  readonly scope: string;
  /** Connected to the signaling server. */
  readonly signaling: boolean;
  /** Peers with an open data channel. */
  readonly peers: number;
  /** Events (structs) known to exist at connected peers that this device lacks. */
  readonly toFetch: number;
  /** Events received from peers since the room opened (new to this device). */
  readonly received: number;
  /** Events sent to peers since the room opened. */
  readonly sent: number;
  /** Events in this device's document. */
  readonly events: number;
  /** True only when at least one peer is connected and every connected peer's full exchange arrived. */
  readonly synced: boolean;
}

export interface OnlinePeer extends Presence {
  /** Awareness client id. */
  readonly clientID: number;
  /** When this device last heard from it (its clock, ms since 1970). */
  readonly lastSeen: number;
  readonly self: boolean;
}

interface Connection {
  readonly peer: SimplePeer;
  readonly initiator: boolean;
  glareToken: number | undefined;
  sync: PeerSync | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Messages that arrived before this side's 'connect' event (the other side may start first). */
  early: Uint8Array[] | undefined;
}

/** Messages held from a peer before 'connect' (its SyncStep1 and presence; more is a misbehaving peer). */
const MAX_EARLY_MESSAGES = 16;

/** Opens a sync room for a scope's document. Closing it (`destroy`) leaves the document alone. */
export function connectScope(scope: { readonly name: string; readonly doc: Y.Doc }, options: RoomOptions): SyncRoom {
  return new SyncRoom(scope.name, scope.doc, options);
}

export class SyncRoom {
  readonly scope: string;
  readonly room: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly peerId: string = crypto.randomUUID();
  readonly #options: RoomOptions;
  readonly #limits: TransportLimits;
  readonly #conns = new Map<string, Connection>();
  readonly #banned = new Map<string, { until: number; strikes: number }>();
  readonly #listeners = new Set<(progress: ScopeProgress) => void>();
  readonly #signaling: SignalingClient[] = [];
  #key: CryptoKey | undefined;
  #destroyed = false;
  #changeQueued = false;
  #received = 0;
  #sent = 0;
  #presenceTimer: ReturnType<typeof setInterval> | undefined;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onUpdate = () => {
    for (const c of this.#conns.values()) c.sync?.docChanged();
    this.#changed();
  };
  readonly #onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === 'local' && [...added, ...updated, ...removed].includes(this.awareness.clientID)) {
      for (const c of this.#conns.values()) c.sync?.sendPresence();
    }
    this.#changed();
  };

  /** Resolves once the room key is derived and signaling has started. */
  readonly ready: Promise<void>;

  constructor(scope: string, doc: Y.Doc, options: RoomOptions) {
    this.scope = scope;
    this.room = roomName(scope);
    this.doc = doc;
    this.#options = options;
    this.#limits = { ...DEFAULT_TRANSPORT_LIMITS, ...options.limits };
    this.awareness = new Awareness(doc);
    this.#publishPresence();
    this.#presenceTimer = setInterval(() => {
      this.#publishPresence();
      const now = Date.now();
      for (const c of this.#conns.values()) c.sync?.checkLiveness(now);
    }, Math.min(10_000, this.#limits.stallTimeoutMs / 3, this.#limits.idleTimeoutMs / 3));
    doc.on('update', this.#onUpdate);
    this.awareness.on('update', this.#onAwareness);
    this.ready = deriveRoomKey(options.secret, this.room).then((key) => {
      if (this.#destroyed) return;
      this.#key = key;
      const urls = typeof options.signaling === 'string' ? [options.signaling] : options.signaling;
      for (const url of urls) {
        this.#signaling.push(
          new SignalingClient({
            url,
            topics: [this.room],
            onOpen: () => this.#announce(),
            onPublish: (topic, data) => {
              if (topic === this.room) void this.#onSignal(data);
            },
            onStatus: () => this.#changed(),
            ...(options.WebSocket !== undefined && { WebSocket: options.WebSocket }),
          }),
        );
      }
    });
  }

  progress(): ScopeProgress {
    const local = stateMap(this.doc);
    const syncs = this.#syncs();
    // What the peers have beyond us, without counting a struct twice when two peers have it.
    const best = new Map<number, number>();
    for (const s of syncs) for (const [client, clock] of s.theirState) best.set(client, Math.max(clock, best.get(client) ?? 0));
    let toFetch = 0;
    for (const [client, clock] of best) toFetch += Math.max(0, clock - (local.get(client) ?? 0));
    return {
      scope: this.scope,
      signaling: this.#signaling.some((s) => s.connected),
      peers: syncs.length,
      toFetch,
      received: this.#received + syncs.reduce((n, s) => n + s.status().received, 0),
      sent: this.#sent + syncs.reduce((n, s) => n + s.status().sent, 0),
      events: eventCount(this.doc),
      synced: syncs.length > 0 && syncs.every((s) => s.synced),
    };
  }

  /** Per connected peer: sync state and traffic. */
  peers(): (PeerSyncStatus & PeerRef)[] {
    return this.#syncs().map((s) => ({ ...this.#peerRef(s.peerId), ...s.status() }));
  }

  /** Devices online in this scope (from presence), this one included. */
  online(): OnlinePeer[] {
    const out: OnlinePeer[] = [];
    for (const [clientID, state] of this.awareness.getStates()) {
      const presence = toPresence(state);
      if (presence === undefined) continue;
      const meta = this.awareness.meta.get(clientID);
      out.push({ ...presence, clientID, lastSeen: meta?.lastUpdated ?? presence.at, self: clientID === this.awareness.clientID });
    }
    return out;
  }

  /** Called (coalesced) whenever progress, peers or presence change; returns an unsubscribe function. */
  subscribe(listener: (progress: ScopeProgress) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when `progress().synced` is true. */
  whenSynced(): Promise<ScopeProgress> {
    const now = this.progress();
    if (now.synced) return Promise.resolve(now);
    return new Promise((resolve) => {
      const off = this.subscribe((p) => {
        if (p.synced) {
          off();
          resolve(p);
        }
      });
    });
  }

  /** Closes one peer's connection (tests; a lead's "disconnect this device"). */
  disconnectPeer(peerId: string): void {
    this.#conns.get(peerId)?.peer.destroy();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    clearInterval(this.#presenceTimer);
    clearTimeout(this.#announceTimer);
    this.doc.off('update', this.#onUpdate);
    this.awareness.off('update', this.#onAwareness);
    removeAwarenessStates(this.awareness, [this.awareness.clientID], 'local');
    for (const c of this.#conns.values()) this.#drop(c);
    this.#conns.clear();
    for (const s of this.#signaling) s.close();
    this.awareness.destroy();
    this.#listeners.clear();
  }

  #syncs(): PeerSync[] {
    const out: PeerSync[] = [];
    for (const c of this.#conns.values()) if (c.sync !== undefined) out.push(c.sync);
    return out;
  }

  #publishPresence(): void {
    if (this.#destroyed) return;
    const checkpoint = this.#checkpoint;
    this.awareness.setLocalState({ ...this.#options.presence, events: eventCount(this.doc), at: Date.now(), ...(checkpoint !== undefined && { checkpoint }) });
  }

  #checkpoint: string | undefined;

  /** The HQ checkpoint this device holds, passed on in its presence. */
  setCheckpoint(note: string | undefined): void {
    if (note === this.#checkpoint) return;
    this.#checkpoint = note;
    this.#publishPresence();
  }

  #peerRef(peerId: string): PeerRef {
    const sync = this.#conns.get(peerId)?.sync;
    let presence: Presence | undefined;
    if (sync !== undefined) {
      for (const id of sync.presenceIds) {
        presence = toPresence(this.awareness.getStates().get(id));
        if (presence !== undefined) break;
      }
    }
    return { scope: this.scope, peerId, ...(presence !== undefined && { did: presence.did, label: presence.label }) };
  }

  #rejected(peerId: string, reason: string, eventId?: string): void {
    this.#options.onRejected?.(this.#peerRef(peerId), reason, eventId);
  }

  #changed(): void {
    if (this.#changeQueued || this.#destroyed) return;
    this.#changeQueued = true;
    setTimeout(() => {
      this.#changeQueued = false;
      if (this.#destroyed) return;
      const p = this.progress();
      for (const l of this.#listeners) l(p);
    }, 0);
  }

  // --- signaling ------------------------------------------------------------

  #publish(data: Record<string, unknown>): void {
    const key = this.#key;
    if (key === undefined) return;
    void encryptJson(data, key).then((ciphertext) => {
      for (const s of this.#signaling) s.publish(this.room, ciphertext);
    });
  }

  #announce(to?: string): void {
    if (this.#destroyed) return;
    if (to === undefined && this.#conns.size >= this.#maxPeers()) return;
    this.#publish({ type: 'announce', from: this.peerId, ...(to !== undefined && { to }) });
  }

  /** Announce again soon (after losing a peer), once for several losses. */
  #reannounce(delayMs = 1000): void {
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => this.#announce(), delayMs);
  }

  #maxPeers(): number {
    return this.#options.maxPeers ?? 16;
  }

  #isBanned(peerId: string): boolean {
    const ban = this.#banned.get(peerId);
    return ban !== undefined && ban.until > Date.now();
  }

  async #onSignal(data: unknown): Promise<void> {
    const key = this.#key;
    if (key === undefined || this.#destroyed) return;
    const message = await decryptJson(data, key);
    if (this.#destroyed || typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    const from = m['from'];
    if (typeof from !== 'string' || from === this.peerId || from.length > 100) return;
    if (m['to'] !== undefined && m['to'] !== this.peerId) return;
    if (this.#isBanned(from)) return;
    if (m['type'] === 'announce') {
      if (this.#conns.has(from) || this.#conns.size >= this.#maxPeers()) return;
      // The smaller id opens the connection; the other one asks it to.
      if (this.peerId < from) this.#open(from, true);
      else this.#announce(from);
      return;
    }
    if (m['type'] !== 'signal') return;
    const signal = m['signal'];
    if (typeof signal !== 'object' || signal === null) return;
    const s = signal as SignalData;
    const token = typeof m['token'] === 'number' ? m['token'] : 0;
    let conn = this.#conns.get(from);
    if (s.type === 'offer' && conn !== undefined && conn.initiator && conn.sync === undefined) {
      // Glare: both sides offered. y-webrtc's rule: the larger token wins.
      if (conn.glareToken !== undefined && conn.glareToken > token) return;
      this.#drop(conn);
      this.#conns.delete(from);
      conn = undefined;
    }
    if (conn === undefined) {
      if (s.type !== 'offer' || this.#conns.size >= this.#maxPeers()) return;
      conn = this.#open(from, false);
    }
    if (s.type === 'answer') conn.glareToken = undefined;
    try {
      conn.peer.signal(s);
    } catch {
      this.#drop(conn);
      this.#conns.delete(from);
    }
  }

  // --- connections ----------------------------------------------------------

  #open(remote: string, initiator: boolean): Connection {
    const peer = new SimplePeer({
      ...this.#options.peerOpts,
      initiator,
      config: { iceServers: [], ...(this.#options.peerOpts?.config ?? {}) },
    });
    const conn: Connection = { peer, initiator, glareToken: undefined, sync: undefined, timer: undefined, early: [] };
    this.#conns.set(remote, conn);
    conn.timer = setTimeout(() => {
      if (conn.sync === undefined) peer.destroy();
    }, this.#options.connectTimeoutMs ?? 20_000);
    peer.on('signal', (signal) => {
      if (conn.glareToken === undefined) conn.glareToken = Date.now() + Math.random();
      this.#publish({ type: 'signal', from: this.peerId, to: remote, token: conn.glareToken, signal });
    });
    peer.on('connect', () => {
      clearTimeout(conn.timer);
      if (this.#destroyed || this.#conns.get(remote) !== conn) return;
      const channel = peer._channel;
      const lowEvent = channel !== null && typeof channel.bufferedAmountLowThreshold === 'number';
      if (lowEvent) {
        channel.bufferedAmountLowThreshold = this.#limits.lowWaterBytes;
        channel.addEventListener('bufferedamountlow', () => conn.sync?.drained());
      }
      conn.sync = new PeerSync(
        {
          scope: this.scope,
          peerId: remote,
          doc: this.doc,
          awareness: this.awareness,
          channel: {
            send: (frame) => {
              if (peer.destroyed || !peer.connected) return false;
              try {
                peer.send(frame);
                return true;
              } catch {
                return false;
              }
            },
            bufferedAmount: () => peer.bufferSize,
            lowEvent,
          },
          limits: this.#limits,
          presence: () => {
            const ref = this.#peerRef(remote);
            return ref.did !== undefined ? { did: ref.did, label: ref.label ?? '' } : undefined;
          },
        },
        {
          onRejected: (reason, eventId) => this.#rejected(remote, reason, eventId),
          onFatal: () => {
            const ban = this.#banned.get(remote);
            const strikes = (ban?.strikes ?? 0) + 1;
            this.#banned.set(remote, { strikes, until: Date.now() + Math.min(300_000, 5_000 * 2 ** (strikes - 1)) });
            peer.destroy();
          },
          onChange: () => this.#changed(),
        },
      );
      conn.sync.start();
      const early = conn.early ?? [];
      conn.early = undefined;
      for (const data of early) conn.sync?.receive(data);
      this.#changed();
    });
    peer.on('data', (data) => {
      if (conn.sync !== undefined) conn.sync.receive(data);
      else if (conn.early !== undefined && conn.early.length < MAX_EARLY_MESSAGES) conn.early.push(data);
      else peer.destroy();
    });
    peer.on('close', () => {
      const current = this.#conns.get(remote) === conn;
      this.#drop(conn);
      if (current) this.#conns.delete(remote);
      if (!this.#destroyed) {
        this.#changed();
        this.#reannounce();
      }
    });
    peer.on('error', () => {
      // 'close' follows.
    });
    return conn;
  }

  #drop(conn: Connection): void {
    clearTimeout(conn.timer);
    const sync = conn.sync;
    if (sync !== undefined) {
      const status = sync.status();
      this.#received += status.received;
      this.#sent += status.sent;
      sync.close();
      conn.sync = undefined;
      const ids = [...sync.presenceIds].filter((id) => id !== this.awareness.clientID);
      if (ids.length > 0 && !this.#destroyed) {
        removeAwarenessStates(this.awareness, ids, sync.origin);
        for (const id of ids) this.awareness.meta.delete(id);
      }
    }
    if (!conn.peer.destroyed) conn.peer.destroy();
  }
}

