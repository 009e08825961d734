/**
 * A WebSocket client of the signaling server (y-webrtc's protocol: see
 * electron/main/signaling-server.ts). It keeps one connection to one URL,
 * re-subscribes its topics and tells its owner after every (re)connect,
 * reconnects with backoff, and pings so a dead connection is noticed.
 */

export interface SignalingClientOptions {
  readonly url: string;
  readonly topics: readonly string[];
  /** Called after each successful (re)connect, once the topics are subscribed. */
  readonly onOpen: () => void;
  readonly onPublish: (topic: string, data: unknown) => void;
  readonly onStatus?: (connected: boolean) => void;
  /** A WebSocket implementation (the global one by default: browsers, Node 22). */
  readonly WebSocket?: typeof WebSocket;
}

const PING_MS = 10_000;
const SILENCE_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;

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

  publish(topic: string, data: unknown): void {
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
      this.#send({ type: 'subscribe', topics: this.#options.topics });
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
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null) return;
      const m = message as Record<string, unknown>;
      if (m['type'] === 'publish' && typeof m['topic'] === 'string') this.#options.onPublish(m['topic'], m['data']);
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
