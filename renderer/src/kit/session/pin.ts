/**
 * Operator PINs: only a salted PBKDF2-SHA-256 hash is stored. A 4–8 digit PIN
 * is weak against an attacker holding the laptop's disk, so the work factor
 * is what OWASP's password storage guidance gives for PBKDF2-HMAC-SHA256
 * (600,000 iterations); an unlock then costs a fraction of a second, which a
 * queue can afford, and guessing all 10^4..10^8 PINs offline cannot be done
 * quickly. The PIN gates the screen and approvals; the keys themselves are
 * protected by the host (safeStorage / non-extractable WebCrypto keys).
 */
import { equalBytes, fromBase64url, toBase64url } from '../../../../shared/bytes';

export const PIN_ITERATIONS = 600_000;
const PIN_PATTERN = /^[0-9]{4,8}$/;

export interface PinHash {
  readonly salt: string;
  readonly hash: string;
  readonly iterations: number;
}

export const isValidPin = (pin: string): boolean => PIN_PATTERN.test(pin);

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    material,
    256,
  );
  return new Uint8Array(bits);
}

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: toBase64url(salt), hash: toBase64url(await derive(pin, salt, iterations)), iterations };
}

export async function checkPin(pin: string, stored: PinHash): Promise<boolean> {
  if (!isValidPin(pin)) return false;
  const hash = await derive(pin, fromBase64url(stored.salt), stored.iterations);
  return equalBytes(hash, fromBase64url(stored.hash));
}
