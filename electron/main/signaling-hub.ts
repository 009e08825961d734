/**
 * The topic hub of the signaling server: connections, their topics, and the
 * relay of each publish to the topic's subscribers, within the limits of
 * ./signaling-limits.ts. Independent of the HTTP server so tests can drive it
 * with real `ws` clients.
 *
 * Input never escapes as an exception: each message is parsed against the
 * protocol's schemas (./signaling-protocol.ts) and handled inside a
 * try/catch; a connection that sends something invalid, or too much, is
 * closed with a reason (1008, or 1013 when the server is full, 1011 if a bug
 * surfaces), and only that connection.
 */
import { randomBytes } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { SignalingLimits } from './signaling-limits';
import { clientMessageParser, PONG_TEXT, relayText, type ClientMessage, type Parsed } from './signaling-protocol';
import { AddressQuota, TokenBucket, type AddressUse } from './signaling-quota';

export interface SignalingStats {
  readonly connections: number;
  readonly topics: number;
  /** Connections closed or refused for breaking a limit, since start. */
  readonly refused: number;
}

/** WebSocket close codes used. */
const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;
const TRY_AGAIN_LATER = 1013;

const LOG_LINES_PER_SECOND = 10;

/** A closed connection that does not finish the closing handshake is cut off after this (ws itself waits 30 s). */
const CLOSE_GRACE_MS = 2_000;

interface Client {
  readonly socket: WebSocket;
  /** Random; what other connections see as `sender` of its publishes. */
  readonly id: string;
  readonly address: string;
  readonly use: AddressUse;
  readonly topics: Set<string>;
  readonly messages: TokenBucket;
  /** It asked to be told who sent each publish. */
  senders: boolean;
  alive: boolean;
  lastMessageAt: number;
  closed: boolean;
}

export class SignalingHub {
  readonly #limits: SignalingLimits;
  readonly #log: (message: string) => void;
  readonly #now: () => number;
  readonly #parse: (text: string) => Parsed;
  readonly #topics = new Map<string, Set<Client>>();
  readonly #clients = new Set<Client>();
  readonly #addresses: AddressQuota;
  #refused = 0;
  /** Log lines in the current second, and those left out (a flood of refusals must not flood the log). */
  #logged = { second: 0, lines: 0, skipped: 0 };

  constructor(limits: SignalingLimits, log: (message: string) => void = () => {}, now: () => number = Date.now) {
    this.#limits = limits;
    this.#log = log;
    this.#now = now;
    this.#parse = clientMessageParser(limits);
    this.#addresses = new AddressQuota({
      messagesPerSecond: limits.maxMessagesPerSecondPerAddress,
      bytesPerSecond: limits.maxBytesPerSecondPerAddress,
      connectsPerSecond: limits.maxConnectsPerSecondPerAddress,
    });
  }

  stats(): SignalingStats {
    return { connections: this.#clients.size, topics: this.#topics.size, refused: this.#refused };
  }

  /** Why a new connection from `address` is refused (the HTTP status and reason), or undefined to admit it. */
  refusal(address: string): { status: 429 | 503; why: string } | undefined {
    if (!this.#addresses.arrive(address, this.#now())) return { status: 429, why: 'connecting too often from one address' };
    if (this.#clients.size >= this.#limits.maxConnections) return { status: 503, why: 'server full' };
    if (this.#addresses.connections(address) >= this.#limits.maxConnectionsPerAddress) {
      return { status: 429, why: `more than ${this.#limits.maxConnectionsPerAddress} connections from one address` };
    }
    return undefined;
  }

  noteRefused(why: string): void {
    this.#refused++;
    const second = Math.floor(this.#now() / 1000);
    if (second !== this.#logged.second) {
      if (this.#logged.skipped > 0) this.#log(`signaling: ${this.#logged.skipped} more refusals not logged`);
      this.#logged = { second, lines: 0, skipped: 0 };
    }
    if (this.#logged.lines >= LOG_LINES_PER_SECOND) {
      this.#logged.skipped++;
      return;
    }
    this.#logged.lines++;
    this.#log(why);
  }

  attach(socket: WebSocket, address: string): void {
    const now = this.#now();
    const client: Client = {
      socket,
      id: randomBytes(9).toString('base64url'),
      address,
      use: this.#addresses.open(address, now),
      topics: new Set(),
      messages: new TokenBucket(this.#limits.maxMessagesPerSecond, now),
      senders: false,
      alive: true,
      lastMessageAt: now,
      closed: false,
    };
    this.#clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      try {
        this.#onMessage(client, data, isBinary);
      } catch (error) {
        this.#kick(client, INTERNAL_ERROR, 'internal error');
        this.#log(`signaling: bug while handling a message: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    socket.on('close', () => this.#detach(client));
    socket.on('error', () => this.#detach(client));
  }

  /** One liveness round: close idle connections (no topic, nothing sent) and those that missed the last pong, ping the rest. */
  heartbeat(): void {
    const now = this.#now();
    for (const client of [...this.#clients]) {
      if (!client.alive) {
        this.noteRefused('signaling: terminating a connection: no pong');
        client.socket.terminate();
        this.#detach(client);
        continue;
      }
      if (client.topics.size === 0 && now - client.lastMessageAt > this.#limits.idleTimeoutMs) {
        this.#kick(client, POLICY_VIOLATION, 'idle');
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
    for (const client of [...this.#clients]) {
      client.socket.terminate();
      this.#detach(client);
    }
  }

  #onMessage(client: Client, data: RawData, isBinary: boolean): void {
    if (client.closed) return;
    const now = this.#now();
    client.lastMessageAt = now;
    if (!client.messages.take(now)) return this.#kick(client, POLICY_VIOLATION, 'too many messages');
    if (!client.use.messages.take(now)) return this.#kick(client, POLICY_VIOLATION, 'too many messages from this address');
    if (isBinary) return this.#kick(client, POLICY_VIOLATION, 'binary message');
    const text = rawText(data);
    if (!client.use.bytes.take(now, text.length)) return this.#kick(client, POLICY_VIOLATION, 'too many bytes from this address');
    const parsed = this.#parse(text);
    if (!parsed.ok) return this.#kick(client, POLICY_VIOLATION, parsed.why);
    this.#handle(client, parsed.message);
  }

  #handle(client: Client, message: ClientMessage): void {
    const limits = this.#limits;
    switch (message.type) {
      case 'subscribe': {
        if (message.senders) client.senders = true;
        for (const topic of message.topics) {
          if (client.topics.has(topic)) continue;
          if (client.topics.size >= limits.maxTopicsPerConnection) {
            return this.#kick(client, POLICY_VIOLATION, `more than ${limits.maxTopicsPerConnection} topics on one connection`);
          }
          if (client.use.topics >= limits.maxTopicsPerAddress) {
            return this.#kick(client, POLICY_VIOLATION, `more than ${limits.maxTopicsPerAddress} topics from one address`);
          }
          let subscribers = this.#topics.get(topic);
          if (subscribers === undefined) {
            if (this.#topics.size >= limits.maxTopics) return this.#kick(client, TRY_AGAIN_LATER, 'the server holds its maximum of topics');
            subscribers = new Set();
            this.#topics.set(topic, subscribers);
          }
          subscribers.add(client);
          client.topics.add(topic);
          client.use.topics++;
        }
        return;
      }
      case 'unsubscribe':
        for (const topic of message.topics) this.#leave(client, topic);
        return;
      case 'publish': {
        // Only subscribers publish (a stale publish after unsubscribe is dropped).
        if (!client.topics.has(message.topic)) return;
        const receivers = [...this.#topics.get(message.topic)!];
        let plain: string | undefined;
        let tagged: string | undefined;
        for (const receiver of receivers) {
          const text = receiver.senders
            ? (tagged ??= relayText(message.topic, message.data, receivers.length, client.id))
            : (plain ??= relayText(message.topic, message.data, receivers.length));
          this.#send(receiver, text);
        }
        return;
      }
      case 'ping':
        this.#send(client, PONG_TEXT);
        return;
    }
  }

  #send(client: Client, text: string): void {
    if (client.closed) return;
    if (client.socket.bufferedAmount > this.#limits.maxBufferedBytes) {
      // A closing frame would queue behind what it does not read: cut it off.
      this.noteRefused('signaling: terminating a connection: slow reader (send buffer full)');
      client.socket.terminate();
      this.#detach(client);
      return;
    }
    try {
      client.socket.send(text);
    } catch {
      this.#detach(client);
    }
  }

  #kick(client: Client, code: number, why: string): void {
    if (client.closed) return;
    this.noteRefused(`signaling: closing a connection: ${why}`);
    const socket = client.socket;
    try {
      socket.close(code, why);
      const cutOff = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      cutOff.unref();
      socket.once('close', () => clearTimeout(cutOff));
    } catch {
      socket.terminate();
    }
    this.#detach(client);
  }

  #leave(client: Client, topic: string): void {
    if (!client.topics.delete(topic)) return;
    client.use.topics--;
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
    this.#addresses.close(client.address);
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
