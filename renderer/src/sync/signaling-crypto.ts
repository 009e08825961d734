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
