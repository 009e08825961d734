/**
 * Verification of one event at a boundary (DESIGN.md principle 4): schema,
 * size, signature and the device's hash chain. Whatever arrives (a
 * peer's message, a file, HQ's answer) gets a verdict; nothing here throws on
 * input. Device certificates and revocations need the registry, which the
 * caller applies on top of a verified event.
 */
import { decodeSignature } from '../guards';
import { canonicalBytes } from '../canonical';
import { didToPublicKey, type DidKey } from '../crypto/did-key';
import type { SignatureVerifier } from '../crypto/verifier';
import { verify } from '../crypto/ed25519';
import { err, ok, type Result } from '../result';
import { MAX_EVENT_BYTES, signedEventSchema, READ_EVENT_VERSIONS, type SignedEvent } from './envelope';
import { eventSigningBytes } from './sign';
import { sha256Hex } from '../crypto/sha256';

export type EventErrorCode =
  | 'malformed'
  | 'unsupported-version'
  | 'oversized'
  | 'wrong-device'
  | 'bad-signature'
  | 'bad-chain'
  | 'bad-seq'
  | 'bad-prev';

export interface VerifiedEvent {
  readonly id: string;
  readonly event: SignedEvent;
}

/** The device's event just before this one, as the verifier already knows it. */
export interface ChainLink {
  readonly id: string;
  readonly seq: number;
}

export interface VerifyEventOptions {
  /** Only accept events signed by this device. */
  readonly device?: DidKey;
  /**
   * The device's previous event: the new one must follow it directly. `null`
   * means none is known, so this must be the device's first event. Leave it
   * out to check only the event's own consistency.
   */
  readonly previous?: ChainLink | null;
}

export function describeSchemaError(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (first === undefined) return 'event does not match the schema';
  const path = first.path.map(String).join('.');
  return path === '' ? first.message : `${path}: ${first.message}`;
}

/** What a signature check needs, taken apart once the event has passed its schema. */
interface SignatureClaim {
  readonly signature: Uint8Array;
  readonly message: Uint8Array;
  readonly publicKey: Uint8Array;
}

type Prepared = { readonly event: SignedEvent; readonly canonical: Uint8Array; readonly claim: SignatureClaim | undefined };

const wrongDevice = (event: SignedEvent, expected: DidKey): Result<never, 'wrong-device'> =>
  err('wrong-device', `event is signed by ${event.device}, not by the expected ${expected}`);

/** Every check but the signature's: schema, size, expected device; decodes what the signature check needs. */
function prepare(input: unknown, options: VerifyEventOptions): Result<Prepared, EventErrorCode> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err('malformed', 'an event must be a JSON object');
  }
  const version = (input as { v?: unknown }).v;
  if (typeof version !== 'number' || !READ_EVENT_VERSIONS.includes(version)) {
    return err(
      'unsupported-version',
      `event format version ${JSON.stringify(version) ?? 'missing'} is not one this kit reads (expected one of ${READ_EVENT_VERSIONS.join(', ')})`,
    );
  }
  const parsed = signedEventSchema.safeParse(input);
  if (!parsed.success) return err('malformed', describeSchemaError(parsed.error.issues));
  const event = parsed.data;

  // The schema only admits JSON values, so canonicalisation cannot fail here.
  // These bytes give both the size and, once verified, the id.
  const canonical = canonicalBytes(event);
  const size = canonical.length;
  if (size > MAX_EVENT_BYTES) {
    return err('oversized', `event is ${size} bytes, more than the ${MAX_EVENT_BYTES} allowed`);
  }
  if (options.device !== undefined && event.device !== options.device) return wrongDevice(event, options.device);
  const { sig, ...draft } = event;
  const key = didToPublicKey(event.device);
  const signature = decodeSignature(sig);
  const claim = key.ok && signature !== undefined ? { signature, message: eventSigningBytes(draft), publicKey: key.value } : undefined;
  return ok({ event, canonical, claim });
}

/** The signature verdict, then the device's hash chain. */
function conclude({ event, canonical }: Prepared, signatureValid: boolean, options: VerifyEventOptions): Result<VerifiedEvent, EventErrorCode> {
  if (!signatureValid) {
    return err('bad-signature', `the signature does not match the event and its device key (${event.type} #${event.seq})`);
  }
  const placed = chainCheck(event, options.previous);
  // DESIGN.md "Wire formats": the id is the SHA-256 of the JCS of the whole envelope.
  return placed.ok ? ok({ id: sha256Hex(canonical), event }) : placed;
}

/** Where the event stands in its device's chain, against the link before it when one is known. */
function chainCheck(event: SignedEvent, previous: ChainLink | null | undefined): Result<void, EventErrorCode> {
  // DESIGN.md principle 1: prev is null exactly for a device's first event.
  if ((event.seq === 1) !== (event.prev === null)) {
    return err('bad-chain', event.seq === 1 ? 'a first event (seq 1) cannot have a prev' : `event #${event.seq} has no prev`);
  }
  if (previous === null && event.seq !== 1) {
    return err('bad-seq', `expected the device's first event (seq 1), got #${event.seq}: events before it are missing`);
  }
  if (previous != null) {
    if (event.seq !== previous.seq + 1) {
      return err('bad-seq', `expected #${previous.seq + 1} after #${previous.seq}, got #${event.seq}`);
    }
    if (event.prev !== previous.id) {
      return err('bad-prev', `event #${event.seq} does not follow the known event #${previous.seq} (${previous.id.slice(0, 12)}…)`);
    }
  }
  return ok(undefined);
}

/**
 * The checks of `options` (device, place in the chain) on an event verified
 * on its own elsewhere (a raw verdict from the verify worker,
 * ./raw-verification.ts): the same verdicts `verifyEventWith` gives with them.
 */
export function placeVerified(verified: VerifiedEvent, options: VerifyEventOptions): Result<VerifiedEvent, EventErrorCode> {
  const { event } = verified;
  if (options.device !== undefined && event.device !== options.device) return wrongDevice(event, options.device);
  const placed = chainCheck(event, options.previous);
  return placed.ok ? ok(verified) : placed;
}

/** Verifies with the reference Ed25519 (noble, strict RFC 8032), synchronously. */
export function verifyEvent(input: unknown, options: VerifyEventOptions = {}): Result<VerifiedEvent, EventErrorCode> {
  const prepared = prepare(input, options);
  if (!prepared.ok) return prepared;
  const { claim } = prepared.value;
  return conclude(prepared.value, claim !== undefined && verify(claim.signature, claim.message, claim.publicKey), options);
}

/**
 * The same verdicts with another Ed25519 implementation: the native path
 * (WebCrypto, node:crypto), 10–20× faster than noble, for bulk work. Use only
 * a verifier shown to give noble's answers on the RFC 8032 and Wycheproof
 * vectors (test/conformance, test/e2e/webcrypto-ed25519.spec.ts).
 */
export async function verifyEventWith(
  verifier: SignatureVerifier,
  input: unknown,
  options: VerifyEventOptions = {},
): Promise<Result<VerifiedEvent, EventErrorCode>> {
  const prepared = prepare(input, options);
  if (!prepared.ok) return prepared;
  const { claim } = prepared.value;
  const valid = claim !== undefined && (await verifier(claim.signature, claim.message, claim.publicKey));
  return conclude(prepared.value, valid, options);
}
