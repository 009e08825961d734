/**
 * Peer sync of the kit (issue "Peer sync without internet"): the bridge
 * between the event log in RxDB and the team's Yjs documents.
 *
 * - Scopes: the site's document carries what is not tied to the round in
 *   force; the round's own document carries that round's events, so a
 *   device's memory stays bounded as rounds pile up.
 * - Local first: events are written to RxDB, then to Yjs (every insert into
 *   the log is mirrored into its scope). At start the two are compared and
 *   each side gets what it lacks, so a crash between the two writes loses and
 *   duplicates nothing.
 * - Verify at the boundary: everything a peer writes into a scope reaches
 *   RxDB only through `KitApi.ingest` (schema, signature, certified device,
 *   hash chain); what fails is quarantined with the peer it came from.
 * - Rebuild what the guard would refuse: a stored scope document that holds
 *   entries whose id is not their hash, more than a document may, or (stored
 *   before issue 12) slots taken without their content (shared/sync/audit.ts)
 *   is discarded and made again from the verified log, under a fresh Yjs
 *   client; peers then send what it lacks, including the real events a
 *   squatter had hidden.
 */
import { err, ok, type Result } from '../../../../shared/result';
import { DEFAULT_GUARD_LIMITS, GUARD_VERSION, auditDocument, connectScope, eventEntries, openScope, PeerOrigin, LOCAL_ORIGIN, type Scope, type ScopePersistence, type SyncRoom } from '../../sync';
import type { RoomOptions } from '../../sync/room-options';
import type { EventEntry, EventsApi, LedgerApi, NetworkApi, SyncControl, SyncIdentity, SyncStartError, SyncStatus, TeamApi } from '../api';

/** What live sync needs of the kit: its identity in the team, the log's facade, checkpoint gossip, the lead's address allowed. */
export type SyncedKit = Pick<TeamApi, 'syncIdentity'> &
  Pick<EventsApi, 'ingest' | 'eventEntries' | 'onEventsStored'> &
  Pick<LedgerApi, 'heldCheckpoint' | 'gossipCheckpoint'> &
  Pick<NetworkApi, 'allowAddress'>;

export interface LiveSyncOptions {
  readonly persistence: ScopePersistence;
  /** Node tests pass `{ wrtc }` and a WebSocket implementation. */
  readonly peerOpts?: RoomOptions['peerOpts'];
  readonly WebSocket?: RoomOptions['WebSocket'];
  /** How long arriving events gather before one verified batch goes to the log. */
  readonly flushMs?: number;
  /** How long the lead's address may stay silent before the state says so (default 6 s). */
  readonly unreachableAfterMs?: number;
}

/** Seconds a field officer waits before the screen says the address does not answer. */
const UNREACHABLE_AFTER_MS = 6_000;

const EMPTY_PROGRESS = { toFetch: 0, verified: 0, stored: 0, quarantined: 0 };

interface Session {
  readonly identity: SyncIdentity;
  /** Checkpoint notes already handed to the kit, so each is judged once. */
  readonly gossiped: Set<string>;
  readonly scopes: Map<string, Scope>;
  readonly rooms: SyncRoom[];
  readonly cleanups: (() => void)[];
  readonly startedAt: number;
  unsubscribeStored?: () => void;
}

type ScopeNames = { readonly site: string; readonly round?: string };

const scopeNames = (identity: SyncIdentity): ScopeNames => ({
  site: `site:${identity.site}`,
  ...(identity.round !== undefined && { round: `round:${identity.round}` }),
});

/** Where an event travels: its round's scope when that round is in force, else the site's. */
const scopeOf = (entry: EventEntry, names: ScopeNames, round: string | undefined): string =>
  names.round !== undefined && entry.round === round ? names.round : names.site;

/** Entries grouped by the scope they travel in, as `[id, text]` pairs a scope adds. */
function byScope(entries: Iterable<EventEntry>, names: ScopeNames, round: string | undefined): Map<string, [string, string][]> {
  const groups = new Map<string, [string, string][]>();
  for (const entry of entries) {
    const scope = scopeOf(entry, names, round);
    const group = groups.get(scope) ?? [];
    group.push([entry.id, entry.text]);
    groups.set(scope, group);
  }
  return groups;
}

export class LiveSync implements SyncControl {
  private current: SyncStatus = { state: 'off', peers: [], progress: EMPTY_PROGRESS };
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private session: Session | undefined;
  private counters = { ...EMPTY_PROGRESS };

  constructor(
    private readonly kit: SyncedKit,
    private readonly options: LiveSyncOptions,
  ) {}

  status(): SyncStatus {
    return this.current;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(next: Partial<SyncStatus>): void {
    // A problem is said only while the state is `error`.
    const { problem: _problem, message: _message, ...kept } = this.current;
    this.current = { ...(next.state === undefined || next.state === 'error' ? this.current : kept), ...next };
    for (const listener of this.listeners) listener(this.current);
  }

  /**
   * Issue 11: an address that does not answer is said within seconds (the
   * signaling client goes on retrying with backoff, and the state recovers as
   * soon as it connects), never "connecting" for ever.
   *
   * The desktop page reaches only the addresses its CSP lists: the lead's is
   * allowed first (any signed-in operator may), and when the page must
   * reload to use it the answer is `reload-needed`, before anything starts.
   */
  async start(signaling: string): Promise<Result<void, SyncStartError>> {
    if (!/^wss?:\/\/[^\s/]+/.test(signaling)) return err('bad-address', 'the lead\'s address looks like ws://192.168.1.10:4444');
    const identity = await this.kit.syncIdentity();
    if (identity === undefined) return err('no-team', 'this device is not set up for a team');
    const allowed = await this.kit.allowAddress(signaling, 'lan');
    if (!allowed.ok) return err(allowed.code === 'locked' ? 'locked' : 'bad-address', allowed.message);
    if (allowed.value.reload) return err('reload-needed', 'the app must reload to reach this address');
    this.stop();
    this.counters = { ...EMPTY_PROGRESS };
    this.publish({ state: 'connecting', signaling, peers: [], progress: this.counters });
    const names = scopeNames(identity);
    const session: Session = { identity, scopes: new Map(), rooms: [], cleanups: [], gossiped: new Set(), startedAt: Date.now() };
    const unanswered = setTimeout(() => this.refresh(), this.options.unreachableAfterMs ?? UNREACHABLE_AFTER_MS);
    session.cleanups.push(() => clearTimeout(unanswered));
    this.session = session;
    const local = await this.kit.eventEntries();
    const groups = byScope(local, names, identity.round);
    for (const name of [names.site, ...(names.round ? [names.round] : [])]) {
      session.scopes.set(name, await this.openSound(name, groups.get(name) ?? []));
    }
    await this.repair(session, local, groups);
    for (const scope of session.scopes.values()) this.bridge(session, scope);
    // Local first: every event the log gains (recorded here, or verified from a
    // peer or a file) goes on to its scope, and so to the other peers.
    session.unsubscribeStored = this.kit.onEventsStored((entries) => {
      for (const [name, added] of byScope(entries, names, identity.round)) session.scopes.get(name)?.add(added);
    });
    for (const scope of session.scopes.values()) {
      const room = connectScope(scope, {
        signaling,
        secret: identity.secret,
        presence: { did: identity.device, label: identity.label },
        ...(this.options.peerOpts !== undefined && { peerOpts: this.options.peerOpts }),
        ...(this.options.WebSocket !== undefined && { WebSocket: this.options.WebSocket }),
        onRejected: () => {
          this.counters.quarantined++;
        },
      });
      session.rooms.push(room);
      session.cleanups.push(room.subscribe(() => this.refresh()));
    }
    this.refresh();
    return ok(undefined);
  }

  /**
   * Opens a scope. One the guard would not have let grow is cleared and opened
   * empty (`repair` refills it from `entries`, the log's share of it), unless
   * the log's share alone is past the caps: then a rebuild would only grow
   * every peer's copy by a duplicate of each event, at every start.
   */
  private async openSound(name: string, entries: readonly [string, string][]): Promise<Scope> {
    let scope = await openScope(name, { persistence: this.options.persistence });
    const problem = auditDocument(scope.doc, { known: new Map(entries), legacy: scope.grewUnder !== GUARD_VERSION });
    const caps = DEFAULT_GUARD_LIMITS.perDocument;
    const bytes = entries.reduce((n, [id, text]) => n + id.length + text.length, 0);
    if (problem !== undefined && entries.length <= caps.entries && bytes <= caps.bytes) {
      await scope.clearStorage();
      scope = await openScope(name, { persistence: this.options.persistence });
    }
    await scope.markCurrent();
    return scope;
  }

  /** Start-up repair: each side gets the events it lacks (a crash between the two writes). */
  private async repair(session: Session, local: readonly EventEntry[], groups: ReadonlyMap<string, [string, string][]>): Promise<void> {
    const localIds = new Set(local.map((entry) => entry.id));
    for (const [name, entries] of groups) session.scopes.get(name)?.add(entries);
    for (const scope of session.scopes.values()) {
      const missing = [...eventEntries(scope.doc)].filter(([id]) => !localIds.has(id)).map(([, text]) => text);
      if (missing.length > 0) await this.take(missing, 'repair');
    }
  }

  /** Entries peers write into a scope gather briefly, then go to the kit's verification in one batch. */
  private bridge(session: Session, scope: Scope): void {
    let pending: string[] = [];
    let source = 'peer';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      if (batch.length > 0) void this.take(batch, source);
    };
    const observer = (event: { keysChanged: Set<string> }, tx: { origin: unknown }) => {
      if (tx.origin === LOCAL_ORIGIN) return;
      if (tx.origin instanceof PeerOrigin) {
        // The peer id is the connection's; a label is only what the peer claims
        // (presence is not authenticated), so the quarantine says which is which.
        const who = tx.origin.presence();
        const next = `peer ${tx.origin.peerId.slice(0, 8)}${who?.label ? ` (says “${who.label.slice(0, 60)}”)` : ''}`;
        // One batch, one source: what a second peer sends waits for the next batch.
        if (next !== source && pending.length > 0) flush();
        source = next;
      }
      for (const key of event.keysChanged) {
        const text = scope.events.get(key);
        if (typeof text === 'string') pending.push(text);
      }
      if (pending.length >= 500) flush();
      else timer ??= setTimeout(flush, this.options.flushMs ?? 150);
    };
    scope.events.observe(observer);
    session.cleanups.push(() => {
      scope.events.unobserve(observer);
      if (timer !== undefined) clearTimeout(timer);
    });
  }

  private async take(texts: readonly string[], source: string): Promise<void> {
    const r = await this.kit.ingest(texts, source);
    this.counters.verified += texts.length;
    this.counters.stored += r.stored;
    this.counters.quarantined += r.quarantined;
    this.refresh();
  }

  private refresh(): void {
    const session = this.session;
    if (session === undefined) return;
    const progress = session.rooms.map((r) => r.progress());
    const peers = new Map<string, SyncStatus['peers'][number]>();
    void this.gossip(session);
    for (const room of session.rooms) {
      for (const p of room.online()) {
        if (p.self) continue;
        const known = peers.get(p.did);
        peers.set(p.did, { device: p.did, label: p.label, events: (known?.events ?? 0) + p.events, lastSeen: new Date(p.lastSeen).toISOString() });
      }
    }
    const connected = progress.some((p) => p.signaling);
    const synced = progress.length > 0 && progress.every((p) => p.synced);
    const unreachable = !connected && Date.now() - session.startedAt >= (this.options.unreachableAfterMs ?? UNREACHABLE_AFTER_MS);
    this.publish({
      state: unreachable ? 'error' : !connected ? 'connecting' : synced ? 'synced' : 'syncing',
      ...(unreachable && { problem: 'unreachable' as const, message: `no answer from ${this.current.signaling ?? 'the lead'}; retrying` }),
      ...(synced && { lastSyncedAt: new Date().toISOString() }),
      peers: [...peers.values()],
      progress: { ...this.counters, toFetch: progress.reduce((n, p) => n + p.toFetch, 0) },
    });
  }

  /**
   * Checkpoints travel in presence: this device shows the one it holds, and
   * each one a peer shows is checked against it (a fork raises the kit's alarm).
   */
  private async gossip(session: Session): Promise<void> {
    const held = await this.kit.heldCheckpoint();
    for (const room of session.rooms) room.setCheckpoint(held);
    for (const room of session.rooms) {
      for (const p of room.online()) {
        if (p.self || p.checkpoint === undefined || p.checkpoint === held || session.gossiped.has(p.checkpoint)) continue;
        session.gossiped.add(p.checkpoint);
        await this.kit.gossipCheckpoint(p.checkpoint);
      }
    }
  }

  stop(): void {
    const session = this.session;
    if (session === undefined) return;
    this.session = undefined;
    session.unsubscribeStored?.();
    for (const cleanup of session.cleanups) cleanup();
    for (const room of session.rooms) room.destroy();
    for (const scope of session.scopes.values()) void scope.close();
    this.publish({ state: 'off', peers: [] });
  }
}
