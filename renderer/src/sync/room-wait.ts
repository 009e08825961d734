/**
 * Waiting for a room (./room.ts) to be synced, with a way out: the wait
 * ends with an error when its AbortSignal aborts (a timeout, a screen that
 * closes, the room being destroyed), and the error says what was still
 * missing — this device's events, the connected peers and how far each
 * exchange got — since "synced" depends on peers that may never come, and a
 * wait that ends without saying why cannot be told from a hang.
 */
import type { OnlinePeer, PeerRef, ScopeProgress } from './room-options';
import type { PeerSyncStatus } from './peer-sync-contract';

/** What of a room the wait reads. */
export interface Waitable {
  progress(): ScopeProgress;
  peers(): (PeerSyncStatus & PeerRef)[];
  online(): OnlinePeer[];
  subscribe(listener: (progress: ScopeProgress) => void): () => void;
}

/** Resolves with the progress once it says synced; rejects (see the module comment) when `signal` aborts first. */
export function untilSynced(room: Waitable, signal: AbortSignal): Promise<ScopeProgress> {
  return new Promise((resolve, reject) => {
    const now = room.progress();
    if (now.synced) return resolve(now);
    const onAbort = () => {
      off();
      const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
      reject(new Error(`${now.scope}: gave up waiting to be synced (${why}): ${describeSync(room)}`, { cause: signal.reason }));
    };
    const off = room.subscribe((p) => {
      if (!p.synced) return;
      off();
      signal.removeEventListener('abort', onAbort);
      resolve(p);
    });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A room's sync state in a line: this device, then each connected peer and both directions of its exchange. */
function describeSync(room: Waitable): string {
  const p = room.progress();
  const here = `${p.events} events here, ${p.received} received since the room opened; signaling ${p.signaling ? 'connected' : 'not connected'}`;
  const peers = room.peers();
  if (peers.length === 0) return `${here}; no peer connected`;
  const online = room.online();
  const described = peers.map((s) => {
    // The peer's own count, from its presence (claimed, not verified).
    const theirs = online.find((o) => !o.self && o.did === s.did)?.events;
    const who = [s.label, theirs !== undefined ? `${theirs} events` : 'no presence yet'].filter((x) => x !== undefined).join(', ');
    const exchange = s.synced ? 'their exchange complete' : `their exchange incomplete (${s.toFetch} to fetch)`;
    return `${s.peerId.slice(0, 8)}… (${who}): ${exchange}, ${s.received} received in ${s.bytesIn} B; ours ${s.outbound}, ${s.sent} sent`;
  });
  return `${here}; ${peers.length} peer${peers.length === 1 ? '' : 's'}: ${described.join('; ')}`;
}
