/**
 * What a peer connection's sync (./peer-sync.ts) is given and what it
 * reports: its limits, the data channel it writes to, the hooks it calls,
 * its status, and the origin its updates carry into the document.
 */
import type { FrameLimits, GuardLimits, PresenceLimits } from '../../../shared/sync';

export interface TransportLimits {
  readonly frames: FrameLimits;
  readonly guard: GuardLimits;
  readonly presence: PresenceLimits;
  /** Target size of one streamed batch (bytes of Yjs update). */
  readonly batchBytes: number;
  /** Stop handing frames to the channel while its bufferedAmount is above this. */
  readonly highWaterBytes: number;
  /** Resume below this (the channel's bufferedAmountLowThreshold). */
  readonly lowWaterBytes: number;
  /** Malformed messages tolerated on one connection before it is closed. */
  readonly maxStrikes: number;
  /** SyncStep1 messages accepted per minute (each restarts a stream to the peer). */
  readonly maxStep1PerMinute: number;
  /** Distinct presence client ids one connection may announce. */
  readonly maxPresencePerPeer: number;
  /** A peer silent this long is dropped (peers publish presence every 10 s, so a live one never is). */
  readonly idleTimeoutMs: number;
  /** A peer silent this long while its exchange to us is incomplete is dropped (it died mid-transfer). */
  readonly stallTimeoutMs: number;
}

/** What PeerSync needs from a data channel. */
export interface PeerChannel {
  /** False when the channel is gone. */
  send(frame: Uint8Array): boolean;
  bufferedAmount(): number;
  /**
   * True when the channel fires `bufferedamountlow` (browsers, Electron) and
   * the owner calls `drained()` on it; else PeerSync polls bufferedAmount
   * (@roamhq/wrtc has neither the threshold nor the event).
   */
  readonly lowEvent?: boolean;
}

/** The transaction origin of updates applied from a peer: the kit's bridge reads it to attribute events. */
export class PeerOrigin {
  constructor(
    readonly scope: string,
    readonly peerId: string,
    /** The peer's presence when known (claimed by the peer, not verified). */
    readonly presence: () => { did: string; label: string } | undefined,
  ) {}
}

export interface PeerSyncStatus {
  readonly peerId: string;
  /** We hold everything the peer had when the exchange started (its SyncStep2 arrived). */
  readonly synced: boolean;
  /** Structs (≈ events) the peer has that we lack, as far as we know. */
  readonly toFetch: number;
  /** Structs received from this peer that were new here. */
  readonly received: number;
  /** Structs sent to this peer. */
  readonly sent: number;
  /** Our stream to the peer: not started (no SyncStep1 yet), in progress, or done and live. */
  readonly outbound: 'waiting' | 'streaming' | 'live';
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/**
 * Why a connection must end: the peer broke the protocol, or it was `lost`
 * (silent too long, or the channel closed: it died, froze or walked away,
 * which a laptop does without fault).
 */
export type FatalKind = 'violation' | 'lost';

export interface PeerSyncHooks {
  /** Something was refused; `id` names the event concerned when there is one. */
  readonly onRejected: (reason: string, id?: string) => void;
  /** The connection must be closed (after onRejected explained why). */
  readonly onFatal: (reason: string, kind: FatalKind) => void;
  /** Progress or state changed. */
  readonly onChange: () => void;
}
