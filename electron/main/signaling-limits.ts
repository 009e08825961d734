/**
 * What the signaling server grants, per connection, per host (remote
 * address) and in total, and why each default is what it is. A kit uses one
 * connection per sync scope (two: the site and the round) and a few small
 * messages per peer it meets; everything here is far above that and far
 * below what one hostile host would need to crowd out the others.
 */
import type { ProtocolLimits } from './signaling-protocol';

export interface SignalingLimits extends ProtocolLimits {
  /** Connections in total (HTTP 503 past it). */
  readonly maxConnections: number;
  /** Connections from one host (HTTP 429 past it): 16 hosts are needed to fill the server. */
  readonly maxConnectionsPerAddress: number;
  /** New connections per second from one host (burst: twice that; HTTP 429 past it). */
  readonly maxConnectsPerSecondPerAddress: number;
  /** Largest WebSocket message accepted (bytes; ws closes with 1009 past it). */
  readonly maxMessageBytes: number;
  /** Subscriptions of one host's connections together. */
  readonly maxTopicsPerAddress: number;
  /** Topics across all connections. */
  readonly maxTopics: number;
  /** Sustained messages per second per connection (burst: twice that). */
  readonly maxMessagesPerSecond: number;
  /** Sustained messages per second of one host's connections together (burst: twice that). */
  readonly maxMessagesPerSecondPerAddress: number;
  /**
   * Sustained bytes per second one host may publish (burst: twice that):
   * each publish goes out to every subscriber, so a fast publisher would
   * otherwise make honest receivers look like slow readers.
   */
  readonly maxBytesPerSecondPerAddress: number;
  /** Bytes queued towards one connection before it is dropped as a slow reader. */
  readonly maxBufferedBytes: number;
  /** A WebSocket ping every interval; a connection that missed the previous pong is terminated. */
  readonly pingIntervalMs: number;
  /**
   * A connection that holds no topic and sends nothing this long is closed.
   * (A subscriber may only listen: y-webrtc's client pings only after 15 s
   * without hearing anything; the WebSocket ping tells whether it is there.)
   */
  readonly idleTimeoutMs: number;
}

export const DEFAULT_SIGNALING_LIMITS: SignalingLimits = {
  maxConnections: 256,
  maxConnectionsPerAddress: 16,
  // A kit opens two at start and reconnects with backoff.
  maxConnectsPerSecondPerAddress: 10,
  maxMessageBytes: 64 * 1024,
  // An encrypted SDP offer is 2–4 KB of base64.
  maxDataLength: 32 * 1024,
  maxTopicsPerConnection: 32,
  maxTopicsPerAddress: 64,
  maxTopics: 4096,
  maxTopicLength: 200,
  maxMessagesPerSecond: 50,
  maxMessagesPerSecondPerAddress: 100,
  // A kit publishes a few KB per peer it meets.
  maxBytesPerSecondPerAddress: 128 * 1024,
  maxBufferedBytes: 1024 * 1024,
  pingIntervalMs: 30_000,
  idleTimeoutMs: 60_000,
};
