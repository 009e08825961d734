/**
 * A WebSocket client of the signaling server (y-webrtc's protocol: see
 * electron/main/signaling-protocol.ts). It keeps one connection to one URL,
 * re-subscribes its topics and tells its owner after every (re)connect,
 * reconnects with backoff, and pings so a dead connection is noticed.
 *
 * It subscribes with `senders: true`, so Aidtrail's server names the sending
 * connection of each publish (`sender`, a random id per connection): the room
 * holds a signaling connection, not a self-chosen peer id, to account for
 * slots and bans. A stock y-webrtc server ignores the flag and names no one.
 *
 * What arrives is checked like any input from the network (a hostile server
 * or anyone between it and us may send anything): only a publish with string
 * topic and data of bounded size reaches the owner.
 */
import { z } from 'zod';

export interface SignalingClientOptions {
  readonly url: string;
  readonly topics: readonly string[];
  /** Called after each successful (re)connect, once the topics are subscribed. */
  readonly onOpen: () => void;
  /** `sender`: the server's id of the sending connection, when the server names it. */
  readonly onPublish: (topic: string, data: string, sender: string | undefined) => void;
  readonly onStatus?: (connected: boolean) => void;
  /** A WebSocket implementation (the global one by default: browsers, Node 22). */
  readonly WebSocket?: typeof WebSocket;
}

const PING_MS = 10_000;
const SILENCE_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;
/** The server relays at most 32 KiB of data; anything much larger is not from it. */
const MAX_MESSAGE_CHARS = 96 * 1024;

const Publish = z.object({
  type: z.literal('publish'),
  topic: z.string().max(200),
  data: z.string().max(64 * 1024),
  sender: z.string().max(64).optional(),
});

export class SignalingClient {
  readonly #options: SignalingClientOptions;
  #socket: WebSocket | undefined;
  #closed = false;
  #attempt = 0;
  #lastMessage = 0;
  #ping: ReturnType<typeof setInterval> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #connected = false;

  constructor(options: SignalingClientOptions) {
    this.#options = options;
    this.#connect();
  }

  get connected(): boolean {
    return this.#connected;
  }

  publish(topic: string, data: string): void {
    this.#send({ type: 'publish', topic, data });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retry);
    clearInterval(this.#ping);
    if (this.#connected) this.#send({ type: 'unsubscribe', topics: this.#options.topics });
    this.#socket?.close();
    this.#setConnected(false);
  }

  #send(message: unknown): void {
    const socket = this.#socket;
    if (socket === undefined || socket.readyState !== 1) return;
    try {
      socket.send(JSON.stringify(message));
    } catch {
      socket.close();
    }
  }

  #connect(): void {
    if (this.#closed) return;
    const Impl = this.#options.WebSocket ?? WebSocket;
    let socket: WebSocket;
    try {
      socket = new Impl(this.#options.url);
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#lastMessage = Date.now();
      this.#send({ type: 'subscribe', topics: this.#options.topics, senders: true });
      this.#setConnected(true);
      clearInterval(this.#ping);
      this.#ping = setInterval(() => {
        if (Date.now() - this.#lastMessage > SILENCE_MS) socket.close();
        else this.#send({ type: 'ping' });
      }, PING_MS);
      this.#options.onOpen();
    };
    socket.onmessage = (event: MessageEvent) => {
      this.#lastMessage = Date.now();
      if (typeof event.data !== 'string' || event.data.length > MAX_MESSAGE_CHARS) return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      const publish = Publish.safeParse(message);
      if (publish.success) this.#options.onPublish(publish.data.topic, publish.data.data, publish.data.sender);
    };
    socket.onclose = () => {
      clearInterval(this.#ping);
      if (this.#socket === socket) this.#socket = undefined;
      this.#setConnected(false);
      this.#scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows.
    };
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    clearTimeout(this.#retry);
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.#attempt) * (0.75 + Math.random() / 2);
    this.#attempt = Math.min(this.#attempt + 1, 10);
    this.#retry = setTimeout(() => this.#connect(), delay);
  }

  #setConnected(connected: boolean): void {
    if (this.#connected === connected) return;
    this.#connected = connected;
    this.#options.onStatus?.(connected);
  }
}
