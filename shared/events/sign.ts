/**
 * Signing and ids, byte for byte as DESIGN.md "Wire formats" fixes them:
 *   signed bytes = "aidtrail/v1/event\n" ‖ JCS(envelope without sig)
 *   sig          = base64url(Ed25519(signed bytes)), no padding
 *   id           = lowercase hex SHA-256(JCS(envelope with sig))
 * The domain prefix keeps an event signature from ever being valid as a batch
 * header or anything else the same key signs.
 */
import { concatBytes, toBase64url, utf8 } from '../bytes';
import { canonicalBytes } from '../canonical';
import { sign } from '../crypto/ed25519';
import { sha256Hex } from '../crypto/sha256';
import type { SignedEvent, UnsignedEvent } from './envelope';

export const EVENT_DOMAIN = 'aidtrail/v1/event\n';

export const eventSigningBytes = (draft: UnsignedEvent): Uint8Array =>
  concatBytes(utf8(EVENT_DOMAIN), canonicalBytes(draft));

export const eventId = (event: SignedEvent): string => sha256Hex(canonicalBytes(event));

/** For signers that live elsewhere (the Electron key vault): sign `eventSigningBytes`, then attach. */
export const attachSignature = (draft: UnsignedEvent, signature: Uint8Array): SignedEvent =>
  ({ ...draft, sig: toBase64url(signature) }) as SignedEvent;

export const signEvent = (draft: UnsignedEvent, seed: Uint8Array): SignedEvent =>
  attachSignature(draft, sign(eventSigningBytes(draft), seed));
