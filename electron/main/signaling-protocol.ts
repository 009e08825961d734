/**
 * The y-webrtc signaling protocol as this server accepts it: one zod schema
 * per message type, everything bounded, and the one relay message it sends.
 *
 *   client → server  {"type":"subscribe","topics":[…],"senders"?:true}   {"type":"unsubscribe","topics":[…]}
 *                    {"type":"publish","topic":"…","data":"<base64>"}   {"type":"ping"}
 *   server → client  {"type":"publish","topic":"…","data":"…","clients":n[,"sender":"…"]}   {"type":"pong"}
 *
 * `data` is a string because y-webrtc with a room password sends its
 * AES-GCM ciphertext base64-encoded, and so does Aidtrail's client
 * (renderer/src/sync/signaling-crypto.ts); a JSON value there (y-webrtc
 * without a password) is refused, so nothing this server relays is deeper
 * than one level or larger than `maxDataLength`.
 *
 * `senders: true` (Aidtrail's extension, ignored by stock servers) asks the
 * server to name, in each publish it relays to this connection, the sending
 * connection by a random id: a room can then hold a misbehaving or greedy
 * signaling connection to account, which a peer id (chosen by the peer) does
 * not allow. Stock clients do not ask and receive exactly y-webrtc's message.
 */
import { z } from 'zod';

export interface ProtocolLimits {
  readonly maxTopicLength: number;
  /** Topics in one subscribe or unsubscribe. */
  readonly maxTopicsPerConnection: number;
  /** Characters of a publish's `data`. */
  readonly maxDataLength: number;
}

export type ClientMessage =
  | { readonly type: 'subscribe'; readonly topics: readonly string[]; readonly senders: boolean }
  | { readonly type: 'unsubscribe'; readonly topics: readonly string[] }
  | { readonly type: 'publish'; readonly topic: string; readonly data: string }
  | { readonly type: 'ping' };

export type Parsed = { readonly ok: true; readonly message: ClientMessage } | { readonly ok: false; readonly why: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The parser of one server's messages (its limits built in). Never throws. */
export function clientMessageParser(limits: ProtocolLimits): (text: string) => Parsed {
  const topic = z.string().min(1).max(limits.maxTopicLength);
  const topics = z.array(topic).max(limits.maxTopicsPerConnection);
  const schema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('subscribe'), topics, senders: z.boolean().optional() }),
    z.object({ type: z.literal('unsubscribe'), topics }),
    z.object({ type: z.literal('publish'), topic, data: z.string().max(limits.maxDataLength).regex(BASE64) }),
    z.object({ type: z.literal('ping') }),
  ]);
  return (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, why: 'message is not JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, why: 'message is not an object' };
    const parsed = schema.safeParse(value);
    if (!parsed.success) return { ok: false, why: reason(parsed.error.issues[0]?.path[0]) };
    const m = parsed.data;
    return { ok: true, message: m.type === 'subscribe' ? { type: 'subscribe', topics: m.topics, senders: m.senders === true } : m };
  };
}

function reason(field: PropertyKey | undefined): string {
  switch (field) {
    case 'topics':
      return 'invalid topic list';
    case 'topic':
      return 'publish without a valid topic';
    case 'data':
      return 'publish data is not a bounded base64 string';
    case 'senders':
      return 'invalid senders flag';
    default:
      return 'unknown message type';
  }
}

/** What a subscriber receives for a publish (only strings and a count: stringifying cannot fail). */
export function relayText(topic: string, data: string, clients: number, sender?: string): string {
  return JSON.stringify({ type: 'publish', topic, data, clients, ...(sender !== undefined && { sender }) });
}

export const PONG_TEXT = '{"type":"pong"}';
