/**
 * What a sync room (./room.ts) is opened with and what it reports: its
 * options and default transport limits, its name on the signaling server,
 * and the progress, peers and presence it answers.
 */
import { DEFAULT_FRAME_LIMITS, DEFAULT_GUARD_LIMITS, DEFAULT_PRESENCE_LIMITS, type Presence } from '../../../shared/sync';
import type { SimplePeerOptions } from 'simple-peer/simplepeer.min.js';
import type { TransportLimits } from './peer-sync-contract';

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
  /** Most peers connected at once (default 16). */
  readonly maxPeers?: number;
  /** How long a connection may take to open its data channel (default 10 s). */
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
