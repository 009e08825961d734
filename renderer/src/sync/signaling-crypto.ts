/**
 * Signaling encryption, byte-compatible with y-webrtc's src/crypto.js: the
 * room password (the team secret) and the room name give an AES-GCM-256 key
 * (PBKDF2-SHA-256, 100,000 iterations, salt = room name); a signaling payload
 * is lib0 `writeAny` of the JSON value, encrypted with a random 96-bit IV and
 * framed as varString "AES-GCM", varUint8Array iv, varUint8Array ciphertext,
 * then base64 in the `data` field of a publish.
 *
 * The signaling server (and anyone on the LAN) sees only room names and
 * ciphertext; a peer without the secret cannot announce itself or read SDP.
 *
 * Ciphertext alone does not say when it was made: anyone on the LAN can
 * record a peer's announce and publish it again later, and each copy used to
 * make a room open a connection to a peer that is not there. So Aidtrail's
 * messages carry a stamp inside the encrypted value (`ts`, the sender's clock
 * in ms, and a random `nonce`; extra keys that y-webrtc's own clients
 * ignore), and a room keeps the nonces it has seen (ReplayFilter). Stock
 * y-webrtc clients send no stamp; ./signaling-messages.ts and ./room.ts say
 * what they may still do.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const ALGORITHM = 'AES-GCM';
const textEncoder = new TextEncoder();

export async function deriveRoomKey(secret: string, room: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', textEncoder.encode(secret), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt: textEncoder.encode(room), iterations: 100_000, hash: 'SHA-256' },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function encryptJson(value: unknown, key: CryptoKey): Promise<string> {
  const plain = encoding.createEncoder();
  encoding.writeAny(plain, value as Parameters<typeof encoding.writeAny>[1]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoding.toUint8Array(plain)));
  const out = encoding.createEncoder();
  encoding.writeVarString(out, ALGORITHM);
  encoding.writeVarUint8Array(out, iv);
  encoding.writeVarUint8Array(out, cipher);
  return toBase64(encoding.toUint8Array(out));
}

/** The decrypted value, or undefined for anything that does not decrypt under the key (never throws). */
export async function decryptJson(data: unknown, key: CryptoKey, maxLength = 64 * 1024): Promise<unknown> {
  if (typeof data !== 'string' || data.length > maxLength) return undefined;
  try {
    const decoder = decoding.createDecoder(fromBase64(data));
    if (decoding.readVarString(decoder) !== ALGORITHM) return undefined;
    const iv = new Uint8Array(decoding.readVarUint8Array(decoder));
    const cipher = new Uint8Array(decoding.readVarUint8Array(decoder));
    const plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, cipher));
    return decoding.readAny(decoding.createDecoder(plain));
  } catch {
    return undefined;
  }
}

/** When a signaling message was sealed, and a random nonce, both inside its ciphertext. */
export interface Stamp {
  readonly ts: number;
  readonly nonce: string;
}

export function stamp(now = Date.now()): Stamp {
  return { ts: now, nonce: toBase64(crypto.getRandomValues(new Uint8Array(16))) };
}

/** The stamp of a decrypted message, when it carries a well-formed one. */
export function stampOf(message: Readonly<Record<string, unknown>>): Stamp | undefined {
  const { ts, nonce } = message;
  return typeof ts === 'number' && Number.isFinite(ts) && typeof nonce === 'string' && nonce.length >= 16 && nonce.length <= 64 ? { ts, nonce } : undefined;
}

/**
 * How far a stamp may be from this laptop's clock, either way, for a
 * broadcast announce to count as fresh. Generous, because camp laptops keep
 * time offline; a message directed at a room's current peer id (random per
 * room) needs no window: it can only be replayed within the session, and the
 * nonce catches that.
 */
export const FRESHNESS_WINDOW_MS = 10 * 60_000;

export function isRecent(stamp: Stamp, now = Date.now(), windowMs = FRESHNESS_WINDOW_MS): boolean {
  return Math.abs(now - stamp.ts) <= windowMs;
}

/**
 * The nonces a room has accepted. Only holders of the key can make a nonce,
 * so the set grows with genuine traffic only (a few messages per peer met);
 * past `capacity` the oldest are forgotten.
 */
export class ReplayFilter {
  readonly #seen = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 4096) {
    this.#capacity = capacity;
  }

  /** Records the nonce; false when it was accepted before (a replay). */
  firstSight(nonce: string): boolean {
    if (this.#seen.has(nonce)) return false;
    this.#seen.add(nonce);
    if (this.#seen.size > this.#capacity) this.#seen.delete(this.#seen.values().next().value!);
    return true;
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
