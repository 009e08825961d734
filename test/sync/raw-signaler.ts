/**
 * A hand-driven signaling client for the attack tests: a raw WebSocket from
 * a chosen local address (127.0.0.x: the server counts each as its own host),
 * subscribed to a room's topic, recording every publish there — the raw
 * ciphertext, as anyone on the LAN sees it, and, since tests hold the team
 * secret, what it says.
 */
import { WebSocket } from 'ws';
import { decryptJson, deriveRoomKey, encryptJson, stamp } from '../../renderer/src/sync/signaling-crypto';
import { waitFor } from './helpers';

export interface Seen {
  /** The ciphertext as published. */
  readonly data: string;
  /** Its plaintext (the room's messages are objects). */
  readonly message: Record<string, unknown>;
}

export class RawSignaler {
  readonly seen: Seen[] = [];
  readonly #ws: WebSocket;
  readonly #room: string;
  readonly #key: CryptoKey;

  private constructor(ws: WebSocket, room: string, key: CryptoKey) {
    this.#ws = ws;
    this.#room = room;
    this.#key = key;
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { type: string; topic?: string; data?: string };
      if (m.type !== 'publish' || m.topic !== room || typeof m.data !== 'string') return;
      const data = m.data;
      void decryptJson(data, key).then((message) => {
        if (typeof message === 'object' && message !== null) this.seen.push({ data, message: message as Record<string, unknown> });
      });
    });
  }

  static async open(url: string, room: string, secret: string, localAddress: string): Promise<RawSignaler> {
    const key = await deriveRoomKey(secret, room);
    const ws = new WebSocket(url, { localAddress });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const signaler = new RawSignaler(ws, room, key);
    signaler.#send({ type: 'subscribe', topics: [room] });
    return signaler;
  }

  /** Seals and publishes a message, stamped now unless told otherwise (`stamp: false` = as y-webrtc sends it). */
  async publish(message: Record<string, unknown>, options: { stamp?: false | { ts: number; nonce: string } } = {}): Promise<string> {
    const stamped = options.stamp === false ? message : { ...message, ...(options.stamp ?? stamp()) };
    const data = await encryptJson(stamped, this.#key);
    this.publishRaw(data);
    return data;
  }

  /** Publishes a ciphertext as it is (a replay). */
  publishRaw(data: string): void {
    this.#send({ type: 'publish', topic: this.#room, data });
  }

  /** The messages seen so far that match. */
  find(predicate: (m: Record<string, unknown>) => boolean): Seen[] {
    return this.seen.filter((s) => predicate(s.message));
  }

  async waitFor(what: string, predicate: (m: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<Seen> {
    await waitFor(what, () => this.find(predicate).length > 0, timeoutMs);
    return this.find(predicate)[0]!;
  }

  close(): void {
    this.#ws.terminate();
  }

  #send(message: unknown): void {
    this.#ws.send(JSON.stringify(message));
  }
}

/** A signal message of `from` to `to` of the given SDP type. */
export const signalOf = (from: string, to: string, type?: string) => (m: Record<string, unknown>) =>
  m['type'] === 'signal' && m['from'] === from && m['to'] === to && (type === undefined || (m['signal'] as { type?: string } | undefined)?.type === type);
