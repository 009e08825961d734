/**
 * The LAN signaling server peers use to find each other (the team lead's kit
 * runs it; field devices join by the lead's address). It speaks y-webrtc's
 * signaling protocol, so y-webrtc clients and Aidtrail's own transport
 * (renderer/src/sync) both work with it:
 *
 *   client → server  {"type":"subscribe","topics":[…]}   {"type":"unsubscribe","topics":[…]}
 *                    {"type":"publish","topic":"…","data":…}   {"type":"ping"}
 *   server → client  {"type":"publish","topic":"…","data":…,"clients":n}   {"type":"pong"}
 *
 * Payloads are opaque here: clients encrypt them with the room password
 * (y-webrtc: AES-GCM with a PBKDF2 key), so the server never sees SDP or
 * presence in clear. Unlike y-webrtc's bin/server.js it binds only the host it
 * is given (default 127.0.0.1) and bounds what a hostile client can take:
 *
 *   - connections (HTTP 503 past the limit), message size (ws maxPayload),
 *     topics per connection and in total, topic name length
 *   - messages per second per connection (token bucket); past it, the
 *     connection is closed
 *   - a receiver that does not read (send buffer over the limit) is closed
 *     rather than buffered for
 *   - a peer must subscribe to a topic before it publishes to it
 *   - liveness: a WebSocket ping every interval, a connection that missed the
 *     previous pong is terminated
 *
 * Plain Node (node:http + ws): no Electron. `electron/main/signaling.ts`
 * starts it in the desktop app, `bin/signaling-server.mjs` from the command
 * line and from `bin/start.mjs --signaling PORT`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export interface SignalingLimits {
  readonly maxConnections: number;
  /** Largest WebSocket message accepted (bytes). */
  readonly maxMessageBytes: number;
  readonly maxTopicsPerConnection: number;
  /** Topics across all connections. */
  readonly maxTopics: number;
  readonly maxTopicLength: number;
  /** Sustained messages per second per connection (burst: twice that). */
  readonly maxMessagesPerSecond: number;
  /** Bytes queued towards one connection before it is dropped as a slow reader. */
  readonly maxBufferedBytes: number;
  readonly pingIntervalMs: number;
}

export const DEFAULT_SIGNALING_LIMITS: SignalingLimits = {
  maxConnections: 256,
  maxMessageBytes: 64 * 1024,
  maxTopicsPerConnection: 32,
  maxTopics: 4096,
  maxTopicLength: 200,
  maxMessagesPerSecond: 50,
  maxBufferedBytes: 1024 * 1024,
  pingIntervalMs: 30_000,
};

export interface SignalingOptions {
  /** Interface to bind: 127.0.0.1 (default) for tests and one machine; the LAN address in the field. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly limits?: Partial<SignalingLimits>;
  /** Why connections were refused or closed (no payloads are logged). */
  readonly log?: (message: string) => void;
}

export interface SignalingStats {
  readonly connections: number;
  readonly topics: number;
  /** Connections closed or refused for breaking a limit, since start. */
  readonly refused: number;
}

export interface SignalingServer {
  /** ws://host:port */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  stats(): SignalingStats;
  close(): Promise<void>;
}

/** WebSocket close codes used. */
const POLICY_VIOLATION = 1008;
const TRY_AGAIN_LATER = 1013;

interface Client {
  readonly socket: WebSocket;
  readonly topics: Set<string>;
  tokens: number;
  refilledAt: number;
  alive: boolean;
  closed: boolean;
}

/**
 * The topic hub, independent of sockets' origin so tests can drive it with
 * real `ws` clients or directly.
 */
export class SignalingHub {
  readonly #limits: SignalingLimits;
  readonly #log: (message: string) => void;
  readonly #topics = new Map<string, Set<Client>>();
  readonly #clients = new Set<Client>();
  #refused = 0;

  constructor(limits: SignalingLimits, log: (message: string) => void = () => {}) {
    this.#limits = limits;
    this.#log = log;
  }

  get connections(): number {
    return this.#clients.size;
  }

  stats(): SignalingStats {
    return { connections: this.#clients.size, topics: this.#topics.size, refused: this.#refused };
  }

  /** False when the hub is full (the caller answers 503). */
  canAccept(): boolean {
    return this.#clients.size < this.#limits.maxConnections;
  }

  noteRefused(why: string): void {
    this.#refused++;
    this.#log(why);
  }

  attach(socket: WebSocket, now: () => number = Date.now): void {
    const client: Client = {
      socket,
      topics: new Set(),
      tokens: 2 * this.#limits.maxMessagesPerSecond,
      refilledAt: now(),
      alive: true,
      closed: false,
    };
    this.#clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', (data: RawData, isBinary: boolean) => this.#onMessage(client, data, isBinary, now()));
    socket.on('close', () => this.#detach(client));
    socket.on('error', () => this.#detach(client));
  }

  /** One liveness round: terminate connections that missed the last pong, ping the rest. */
  heartbeat(): void {
    for (const client of this.#clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.#detach(client);
        continue;
      }
      client.alive = false;
      try {
        client.socket.ping();
      } catch {
        this.#detach(client);
      }
    }
  }

  closeAll(): void {
    for (const client of this.#clients) client.socket.terminate();
    for (const client of [...this.#clients]) this.#detach(client);
  }

  #onMessage(client: Client, data: RawData, isBinary: boolean, now: number): void {
    if (client.closed) return;
    const limits = this.#limits;
    // Token bucket: maxMessagesPerSecond sustained, twice that as a burst.
    client.tokens = Math.min(2 * limits.maxMessagesPerSecond, client.tokens + ((now - client.refilledAt) / 1000) * limits.maxMessagesPerSecond);
    client.refilledAt = now;
    if (client.tokens < 1) return this.#kick(client, POLICY_VIOLATION, 'too many messages');
    client.tokens -= 1;
    if (isBinary) return this.#kick(client, POLICY_VIOLATION, 'binary message');
    let message: unknown;
    try {
      message = JSON.parse(rawText(data));
    } catch {
      return this.#kick(client, POLICY_VIOLATION, 'message is not JSON');
    }
    if (typeof message !== 'object' || message === null) return this.#kick(client, POLICY_VIOLATION, 'message is not an object');
    const m = message as Record<string, unknown>;
    switch (m['type']) {
      case 'subscribe': {
        const topics = this.#topicList(client, m['topics']);
        if (topics === undefined) return;
        for (const topic of topics) {
          if (client.topics.has(topic)) continue;
          if (client.topics.size >= limits.maxTopicsPerConnection) {
            return this.#kick(client, POLICY_VIOLATION, `more than ${limits.maxTopicsPerConnection} topics on one connection`);
          }
          let subscribers = this.#topics.get(topic);
          if (subscribers === undefined) {
            if (this.#topics.size >= limits.maxTopics) return this.#kick(client, TRY_AGAIN_LATER, 'the server holds its maximum of topics');
            subscribers = new Set();
            this.#topics.set(topic, subscribers);
          }
          subscribers.add(client);
          client.topics.add(topic);
        }
        return;
      }
      case 'unsubscribe': {
        const topics = this.#topicList(client, m['topics']);
        if (topics === undefined) return;
        for (const topic of topics) this.#leave(client, topic);
        return;
      }
      case 'publish': {
        const topic = m['topic'];
        if (typeof topic !== 'string' || topic.length === 0 || topic.length > limits.maxTopicLength) {
          return this.#kick(client, POLICY_VIOLATION, 'publish without a valid topic');
        }
        if (!client.topics.has(topic)) return; // only subscribers publish (a stale publish after unsubscribe is dropped)
        const receivers = this.#topics.get(topic)!;
        const text = JSON.stringify({ type: 'publish', topic, data: m['data'], clients: receivers.size });
        for (const receiver of receivers) this.#send(receiver, text);
        return;
      }
      case 'ping':
        this.#send(client, '{"type":"pong"}');
        return;
      default:
        return this.#kick(client, POLICY_VIOLATION, 'unknown message type');
    }
  }

  #topicList(client: Client, topics: unknown): string[] | undefined {
    const limits = this.#limits;
    if (
      !Array.isArray(topics) ||
      topics.length > limits.maxTopicsPerConnection ||
      !topics.every((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= limits.maxTopicLength)
    ) {
      this.#kick(client, POLICY_VIOLATION, 'invalid topic list');
      return undefined;
    }
    return topics;
  }

  #send(client: Client, text: string): void {
    if (client.closed) return;
    if (client.socket.bufferedAmount > this.#limits.maxBufferedBytes) {
      this.#kick(client, POLICY_VIOLATION, 'slow reader (send buffer full)');
      return;
    }
    try {
      client.socket.send(text);
    } catch {
      this.#detach(client);
    }
  }

  #kick(client: Client, code: number, why: string): void {
    this.noteRefused(`signaling: closing a connection: ${why}`);
    try {
      client.socket.close(code, why);
    } catch {
      client.socket.terminate();
    }
    this.#detach(client);
  }

  #leave(client: Client, topic: string): void {
    client.topics.delete(topic);
    const subscribers = this.#topics.get(topic);
    if (subscribers === undefined) return;
    subscribers.delete(client);
    if (subscribers.size === 0) this.#topics.delete(topic);
  }

  #detach(client: Client): void {
    if (client.closed) return;
    client.closed = true;
    for (const topic of [...client.topics]) this.#leave(client, topic);
    this.#clients.delete(client);
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Starts the signaling server; resolves once it listens. */
export async function startSignalingServer(options: SignalingOptions = {}): Promise<SignalingServer> {
  const limits: SignalingLimits = { ...DEFAULT_SIGNALING_LIMITS, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const hub = new SignalingHub(limits, log);
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  const server: Server = createServer((request, response) => {
    const ok = request.method === 'GET' && (request.url === '/' || request.url === '/health');
    response.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    response.end(ok ? 'aidtrail signaling\n' : 'not found\n');
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!hub.canAccept()) {
      hub.noteRefused('signaling: refusing a connection: server full');
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => hub.attach(ws));
  });
  const heartbeat = setInterval(() => hub.heartbeat(), limits.pingIntervalMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('signaling server: no TCP address');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    stats: () => hub.stats(),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        hub.closeAll();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
