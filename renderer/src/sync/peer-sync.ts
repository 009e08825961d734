/**
 * Sync with ONE connected peer over one ordered, reliable data channel: the
 * y-protocols exchange, streamed in bounded batches, over bounded frames.
 *
 *   on connect      both send SyncStep1 (their state vector) and their presence
 *   on SyncStep1    the cursor (what the peer has) := its state vector, and a
 *                   stream starts: Update, Update, … (slices of at most
 *                   `batchBytes`, ./slice.ts) and, once the cursor has
 *                   everything, SyncStep2 with an empty update = "that was all"
 *   afterwards      every change of the document (local, or from another peer)
 *                   goes out the same way, as Updates from the cursor
 *   on Update/Step2 the update passes the guard (shared/sync/guard.ts) and
 *                   the peer's budget (shared/sync/budget.ts: bytes, new
 *                   entries and new clients over time) and is applied; the
 *                   cursor learns what the peer has
 *   on SyncStep2    `synced` = true: we hold everything the peer had when it
 *                   received our SyncStep1
 *
 * Every message goes through shared/sync/frames.ts: nothing on the wire is
 * larger than `frames.maxFrameBytes`. Sending is flow-controlled: frames wait
 * in a small queue while the channel's bufferedAmount is over
 * `highWaterBytes`, and the next batch is only sliced when the queue is
 * empty, so memory per peer is one batch plus the channel buffer.
 *
 * Failure handling: a protocol violation (a bad frame, a reassembly timeout,
 * an update that cannot apply or is over the peer's budget, too many
 * malformed messages, a SyncStep1 flood) is reported and `onFatal` is
 * called — the room closes the connection, and a later connection starts
 * over from the state vectors, so nothing is ever stuck half-way and
 * `synced` is never claimed on a connection that broke. A peer that goes
 * silent, or a channel that closes, ends the connection the same way but as
 * `lost`, not a violation: the peer may only be frozen or slow, and must be
 * able to come back. Entries the guard drops are reported and the rest
 * applies.
 */
import { applyAwarenessUpdate, encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  EMPTY_UPDATE,
  PeerBudget,
  Reassembler,
  applyGuardedUpdate,
  decodeMessage,
  encodeAwareness,
  encodeFrames,
  encodeStep1,
  encodeStep2,
  encodeUpdate,
  guardUpdate,
  nextSlice,
  sanitizeAwarenessUpdate,
  stateMap,
  structsAhead,
} from '../../../shared/sync';
import { PeerOrigin, type FatalKind, type PeerChannel, type PeerSyncHooks, type PeerSyncStatus, type TransportLimits } from './peer-sync-contract';

const REPORTS_PER_MESSAGE = 5;

export class PeerSync {
  readonly peerId: string;
  readonly origin: PeerOrigin;
  readonly #doc: Y.Doc;
  readonly #awareness: Awareness;
  readonly #channel: PeerChannel;
  readonly #limits: TransportLimits;
  readonly #hooks: PeerSyncHooks;
  readonly #reassembler: Reassembler;
  readonly #budget: PeerBudget;
  readonly #now: () => number;
  readonly #queue: Uint8Array[] = [];
  #nextMessageId = 1;
  #cursor: Map<number, number> | undefined;
  #theirs = new Map<number, number>();
  #outbound: 'waiting' | 'streaming' | 'live' = 'waiting';
  #synced = false;
  #received = 0;
  #sent = 0;
  #bytesIn = 0;
  #bytesOut = 0;
  #strikes = 0;
  #step1Times: number[] = [];
  #presenceIds = new Set<number>();
  #pumpScheduled = false;
  #reassemblyTimer: ReturnType<typeof setTimeout> | undefined;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #lastHeard: number;

  constructor(
    options: {
      readonly scope: string;
      readonly peerId: string;
      readonly doc: Y.Doc;
      readonly awareness: Awareness;
      readonly channel: PeerChannel;
      readonly limits: TransportLimits;
      readonly presence: () => { did: string; label: string } | undefined;
      /** The clock (ms) of rate limits and liveness; tests pass their own. */
      readonly now?: () => number;
    },
    hooks: PeerSyncHooks,
  ) {
    this.#now = options.now ?? (() => Date.now());
    this.#lastHeard = this.#now();
    this.#budget = new PeerBudget(options.limits.guard.perPeer, this.#lastHeard);
    this.peerId = options.peerId;
    this.#doc = options.doc;
    this.#awareness = options.awareness;
    this.#channel = options.channel;
    this.#limits = options.limits;
    this.#hooks = hooks;
    this.#reassembler = new Reassembler(options.limits.frames);
    this.origin = new PeerOrigin(options.scope, options.peerId, options.presence);
  }

  /** Opens the exchange: our state vector, then our presence. */
  start(): void {
    this.#sendMessage(encodeStep1(Y.encodeStateVector(this.#doc)));
    this.sendPresence();
  }

  sendPresence(): void {
    const a = this.#awareness;
    if (a.getLocalState() === null) return;
    this.#sendMessage(encodeAwareness(encodeAwarenessUpdate(a, [a.clientID])));
  }

  /** The document changed: stream what the peer lacks (coalesced). */
  docChanged(): void {
    this.#schedulePump();
  }

  /** The channel drained below the low-water mark. */
  drained(): void {
    this.#flush();
    this.#schedulePump();
  }

  status(): PeerSyncStatus {
    return {
      peerId: this.peerId,
      synced: this.#synced,
      toFetch: this.toFetch(),
      received: this.#received,
      sent: this.#sent,
      outbound: this.#outbound,
      bytesIn: this.#bytesIn,
      bytesOut: this.#bytesOut,
    };
  }

  get synced(): boolean {
    return this.#synced;
  }

  /** The peer's state as far as we know (its SyncStep1, plus what it sent since). */
  get theirState(): ReadonlyMap<number, number> {
    return this.#theirs;
  }

  toFetch(local: ReadonlyMap<number, number> = stateMap(this.#doc)): number {
    return structsAhead(this.#theirs, local);
  }

  /** Presence client ids this peer announced (removed when it goes). */
  get presenceIds(): ReadonlySet<number> {
    return this.#presenceIds;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#synced = false;
    clearTimeout(this.#reassemblyTimer);
    clearTimeout(this.#pollTimer);
    this.#reassembler.clear();
    this.#queue.length = 0;
  }

  /** Drops a peer that went silent: mid-exchange after `stallTimeoutMs`, else after `idleTimeoutMs`. */
  checkLiveness(now: number): void {
    if (this.#closed) return;
    const silent = now - this.#lastHeard;
    if (!this.#synced && silent > this.#limits.stallTimeoutMs) this.#fatal(`peer silent for ${Math.round(silent / 1000)} s before its exchange completed`, 'lost');
    else if (silent > this.#limits.idleTimeoutMs) this.#fatal(`peer silent for ${Math.round(silent / 1000)} s`, 'lost');
  }

  /** One wire message from the peer. Never throws. */
  receive(data: Uint8Array): void {
    if (this.#closed) return;
    try {
      this.#lastHeard = this.#now();
      this.#bytesIn += data.length;
      const result = this.#reassembler.push(data, this.#lastHeard);
      switch (result.kind) {
        case 'ignored':
          return;
        case 'partial':
          this.#armReassemblyTimer();
          return;
        case 'rejected':
          return this.#fatal(`bad frame: ${result.reason}`);
        case 'message':
          this.#armReassemblyTimer();
          return this.#handle(result.message);
      }
    } catch (cause) {
      this.#fatal(`internal error while receiving: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  }

  #handle(bytes: Uint8Array): void {
    const decoded = decodeMessage(bytes);
    if (!decoded.ok) return this.#strike(decoded.message);
    const message = decoded.value;
    switch (message.type) {
      case 'step1': {
        const now = this.#now();
        this.#step1Times = this.#step1Times.filter((t) => now - t < 60_000);
        this.#step1Times.push(now);
        if (this.#step1Times.length > this.#limits.maxStep1PerMinute) return this.#fatal('too many sync requests (SyncStep1 flood)');
        this.#cursor = new Map(message.stateVector);
        for (const [client, clock] of message.stateVector) this.#theirs.set(client, Math.max(clock, this.#theirs.get(client) ?? 0));
        this.#outbound = 'streaming';
        this.#schedulePump();
        this.#hooks.onChange();
        return;
      }
      case 'update':
      case 'step2': {
        const unpaid = this.#budget.charge({ bytes: message.update.length }, this.#now());
        if (unpaid !== undefined) return this.#fatal(`update refused: the peer is ${unpaid}`);
        const guarded = guardUpdate(this.#doc, message.update, this.#limits.guard);
        // Only the continuation of what the guard left behind (content we never saw): nothing to take.
        if (!guarded.ok && guarded.code === 'gap') return this.#updated(message.type);
        if (!guarded.ok) return this.#fatal(`update refused (${guarded.code}): ${guarded.message}`);
        const { update, ends, structs, items, newClients, dropped } = guarded.value;
        const over = this.#budget.charge({ entries: items, clients: newClients }, this.#now());
        if (over !== undefined) return this.#fatal(`update refused: the peer is ${over}`);
        dropped.slice(0, REPORTS_PER_MESSAGE).forEach((d) => this.#hooks.onRejected(d.reason, d.id));
        if (dropped.length > REPORTS_PER_MESSAGE) this.#hooks.onRejected(`…and ${dropped.length - REPORTS_PER_MESSAGE} more entries dropped from one update`);
        for (const [client, end] of ends) {
          this.#theirs.set(client, Math.max(end, this.#theirs.get(client) ?? 0));
          if (this.#cursor !== undefined) this.#cursor.set(client, Math.max(end, this.#cursor.get(client) ?? 0));
        }
        if (update !== null) {
          this.#received += structs;
          const failure = applyGuardedUpdate(this.#doc, update, this.origin);
          if (failure !== undefined) this.#hooks.onRejected(`a document observer failed: ${failure}`);
        }
        return this.#updated(message.type);
      }
      case 'awareness': {
        const clean = sanitizeAwarenessUpdate(message.update, this.#limits.presence);
        if (!clean.ok) return this.#strike(clean.message);
        const entries = clean.value.entries.filter((e) => e.clientID !== this.#awareness.clientID);
        for (const e of entries) {
          if (!this.#presenceIds.has(e.clientID) && this.#presenceIds.size >= this.#limits.maxPresencePerPeer) {
            return this.#strike('too many presence entries from one peer');
          }
          this.#presenceIds.add(e.clientID);
        }
        if (entries.length > 0) {
          applyAwarenessUpdate(this.#awareness, clean.value.update, this.origin);
        }
        return;
      }
      case 'query-awareness':
        this.sendPresence();
        return;
      case 'bc-peer-id':
        return;
    }
  }

  /** An Update or SyncStep2 was handled; the step closes the peer's stream. */
  #updated(type: 'update' | 'step2'): void {
    if (type === 'step2') this.#synced = true;
    this.#hooks.onChange();
  }

  #strike(reason: string): void {
    this.#hooks.onRejected(reason);
    if (++this.#strikes >= this.#limits.maxStrikes) this.#fatal(`${this.#strikes} malformed messages`);
  }

  #fatal(reason: string, kind: FatalKind = 'violation'): void {
    if (this.#closed) return;
    this.#hooks.onRejected(reason);
    this.close();
    this.#hooks.onFatal(reason, kind);
  }

  #armReassemblyTimer(): void {
    clearTimeout(this.#reassemblyTimer);
    const deadline = this.#reassembler.nextDeadline();
    if (deadline === undefined) return;
    this.#reassemblyTimer = setTimeout(() => {
      const expired = this.#reassembler.expire(this.#now());
      if (expired.length > 0) this.#fatal(`incomplete message: ${expired[0]}`);
      else this.#armReassemblyTimer();
    }, Math.max(0, deadline - this.#now()) + 1);
  }

  #sendMessage(message: Uint8Array): void {
    if (this.#closed) return;
    for (const frame of encodeFrames(message, this.#nextMessageId++, this.#limits.frames.maxFrameBytes)) this.#queue.push(frame);
    this.#flush();
  }

  /** Hands queued frames to the channel while its buffer is below the high-water mark. */
  #flush(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      if (this.#channel.bufferedAmount() > this.#limits.highWaterBytes) {
        this.#poll();
        return;
      }
      const frame = this.#queue.shift()!;
      if (!this.#channel.send(frame)) return this.#fatal('the data channel closed', 'lost');
      this.#bytesOut += frame.length;
    }
  }

  /** Checks the buffer again later: a safety net with the event, the mechanism without it. */
  #poll(): void {
    clearTimeout(this.#pollTimer);
    this.#pollTimer = setTimeout(() => this.drained(), this.#channel.lowEvent === true ? 250 : 4);
  }

  #schedulePump(): void {
    if (this.#pumpScheduled || this.#closed) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  /** Slices and sends batches while the channel has room. */
  #pump(): void {
    const cursor = this.#cursor;
    if (cursor === undefined || this.#closed) return;
    while (this.#queue.length === 0 && this.#channel.bufferedAmount() <= this.#limits.highWaterBytes && !this.#closed) {
      const slice = nextSlice(this.#doc, cursor, this.#limits.batchBytes);
      if (slice === null) {
        if (this.#outbound === 'streaming') {
          this.#outbound = 'live';
          this.#sendMessage(encodeStep2(EMPTY_UPDATE));
          this.#hooks.onChange();
        }
        return;
      }
      for (const [client, clock] of slice.cursor) cursor.set(client, clock);
      this.#sent += slice.structs;
      this.#sendMessage(encodeUpdate(slice.update));
    }
    if (this.#queue.length > 0 || this.#channel.bufferedAmount() > this.#limits.highWaterBytes) this.#poll();
  }
}
