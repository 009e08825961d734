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
 * announce with an invitation, a directed announce), and y-webrtc's glare
 * tokens settle the rare case of two offers. A connection that does not open
 * in `connectTimeoutMs` is dropped; one that breaks a protocol rule is closed
 * and its signaling connection banned for a while (one that goes silent is
 * only closed: it may be back); the room re-announces after losing a peer,
 * and when a ban ends, so that reconnects happen without user action.
 *
 * Slots and bans hold against a hostile network and a hostile key holder:
 * see ./room-slots.ts.
 */
import SimplePeer from 'simple-peer/simplepeer.min.js';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { eventCount, stateMap, toPresence, type Presence } from '../../../shared/sync';
import { PeerSync } from './peer-sync';
import type { PeerSyncStatus, TransportLimits } from './peer-sync-contract';
import { DEFAULT_TRANSPORT_LIMITS, roomName, type OnlinePeer, type PeerRef, type RoomOptions, type ScopeProgress } from './room-options';
import { PeerSlots } from './room-slots';
import { untilSynced } from './room-wait';
import { RoomSignaling, type Incoming } from './signaling-messages';

interface Connection {
  readonly peer: SimplePeer;
  readonly initiator: boolean;
  /** The signaling connection it is charged to (./signaling-messages.ts). */
  readonly sender: string;
  glareToken: number | undefined;
  sync: PeerSync | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Messages that arrived before this side's 'connect' event (the other side may start first). */
  early: Uint8Array[] | undefined;
}

/** Messages held from a peer before 'connect' (its SyncStep1 and presence; more is a misbehaving peer). */
const MAX_EARLY_MESSAGES = 16;
const DEFAULT_MAX_PEERS = 16;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

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
  readonly #slots: PeerSlots;
  readonly #listeners = new Set<(progress: ScopeProgress) => void>();
  readonly #signaling: RoomSignaling;
  /** Aborted by `destroy`: it ends the waits of `whenSynced`. */
  readonly #lifetime = new AbortController();
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
    this.#slots = new PeerSlots(options.maxPeers ?? DEFAULT_MAX_PEERS, () => this.#announce());
    this.awareness = new Awareness(doc);
    this.#publishPresence();
    this.#presenceTimer = setInterval(() => {
      this.#publishPresence();
      const now = Date.now();
      for (const c of this.#conns.values()) c.sync?.checkLiveness(now);
    }, Math.min(10_000, this.#limits.stallTimeoutMs / 3, this.#limits.idleTimeoutMs / 3));
    doc.on('update', this.#onUpdate);
    this.awareness.on('update', this.#onAwareness);
    this.#signaling = new RoomSignaling({
      room: this.room,
      peerId: this.peerId,
      secret: options.secret,
      urls: typeof options.signaling === 'string' ? [options.signaling] : options.signaling,
      ...(options.WebSocket !== undefined && { WebSocket: options.WebSocket }),
      onOpen: () => this.#announce(),
      onStatus: () => this.#changed(),
      onMessage: (message) => this.#onSignal(message),
    });
    this.ready = this.#signaling.ready;
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
      signaling: this.#signaling.connected,
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

  /**
   * Resolves when `progress().synced` is true. Rejects when `signal` aborts
   * or the room is destroyed first, saying what was still missing
   * (./room-wait.ts).
   */
  whenSynced(options: { readonly signal?: AbortSignal } = {}): Promise<ScopeProgress> {
    const signals = [this.#lifetime.signal, ...(options.signal !== undefined ? [options.signal] : [])];
    return untilSynced(this, AbortSignal.any(signals));
  }

  /** Closes one peer's connection (tests; a lead's "disconnect this device"). */
  disconnectPeer(peerId: string): void {
    this.#conns.get(peerId)?.peer.destroy();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#lifetime.abort(new Error('the room was destroyed'));
    clearInterval(this.#presenceTimer);
    clearTimeout(this.#announceTimer);
    this.#slots.close();
    this.doc.off('update', this.#onUpdate);
    this.awareness.off('update', this.#onAwareness);
    removeAwarenessStates(this.awareness, [this.awareness.clientID], 'local');
    for (const c of this.#conns.values()) this.#drop(c);
    this.#conns.clear();
    this.#signaling.close();
    this.awareness.destroy();
    this.#listeners.clear();
  }

  get #destroyed(): boolean {
    return this.#lifetime.signal.aborted;
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

  #announce(): void {
    if (this.#destroyed || this.#conns.size >= this.#slots.max) return;
    this.#signaling.announce();
  }

  /** Announce again soon (after losing a peer), once for several losses. */
  #reannounce(delayMs = 1000): void {
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => this.#announce(), delayMs);
  }

  #onSignal(m: Incoming): void {
    if (this.#destroyed || this.#slots.isBanned(m.sender)) return;
    if (m.kind === 'announce') {
      if (this.#conns.has(m.from) || !this.#slots.hasSlotFor(m.sender, this.#conns)) return;
      // The smaller id opens the connection, on a fresh announce only; otherwise invite.
      if (this.peerId < m.from && m.fresh && this.#signaling.firstSight(m)) this.#open(m.from, true, m.sender);
      else this.#signaling.invite(m.from, m.sender);
      return;
    }
    const s = m.signal;
    let conn = this.#conns.get(m.from);
    // Only the signaling connection a connection is charged to speaks for its peer.
    if (conn !== undefined && conn.sender !== m.sender) return;
    if (m.stamp !== undefined && !this.#signaling.firstSight(m)) return;
    if (s.type === 'offer' && conn !== undefined && conn.initiator && conn.sync === undefined) {
      // Glare: both sides offered. y-webrtc's rule: the larger token wins.
      if (conn.glareToken !== undefined && conn.glareToken > m.token) return;
      this.#drop(conn);
      this.#conns.delete(m.from);
      conn = undefined;
    }
    if (conn === undefined) {
      if (s.type !== 'offer' || !this.#slots.hasSlotFor(m.sender, this.#conns)) return;
      conn = this.#open(m.from, false, m.sender);
    }
    if (s.type === 'answer') conn.glareToken = undefined;
    try {
      conn.peer.signal(s);
    } catch {
      this.#drop(conn);
      this.#conns.delete(m.from);
    }
  }

  // --- connections ----------------------------------------------------------

  #open(remote: string, initiator: boolean, sender: string): Connection {
    const peer = new SimplePeer({
      ...this.#options.peerOpts,
      initiator,
      config: { iceServers: [], ...(this.#options.peerOpts?.config ?? {}) },
    });
    const conn: Connection = { peer, initiator, sender, glareToken: undefined, sync: undefined, timer: undefined, early: [] };
    this.#conns.set(remote, conn);
    conn.timer = setTimeout(() => {
      if (conn.sync === undefined) peer.destroy();
    }, this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    peer.on('signal', (signal) => {
      if (conn.glareToken === undefined) conn.glareToken = Date.now() + Math.random();
      this.#signaling.signal(remote, conn.glareToken, signal);
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
          onFatal: (_reason, kind) => {
            if (kind === 'violation') this.#slots.ban(sender);
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

