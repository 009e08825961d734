/**
 * What the vault signs, and only that (issue 13): it builds the bytes itself.
 *
 * Events (`vault:sign-events`): the kit names what each event is (type, body,
 * time, round, operator); the vault makes the drafts, each `v` =
 * `EVENT_VERSION`, its own `device`, and the `seq`/`prev` that continue the
 * chain head H it signed last (#1 with prev null before its first), and signs
 * `eventSigningBytes(draft)` (shared/events/sign.ts) of each in order. A call
 * may name the head it expects (`after`, the kit's log head): anything but H
 * is `out-of-order`, whose message names H (also in `vault:status`). A vault
 * that took over an older vault's keys (./create.ts `adopt`) has no head of
 * its own: its first call must name where the older chain ends, and is the
 * only one whose `after` is taken as given; the kit's log continues that
 * chain. A draft no verifier would accept refuses the whole call: nothing is
 * signed. Two events with one seq would be an equivocation no verifier
 * accepts, so the chain never forks here.
 *
 * The new head and the call's signed events (its batch: the events of one
 * call, not a ledger batch as below) are persisted in one record before any
 * signature is returned (write-ahead). A crash after that but before the
 * kit stored the events leaves the vault's head ahead of the kit's log by at
 * most that batch: `vault:signed-batch` answers its events after a seq, and
 * the kit stores them (checked like its own) before it goes on. The batch
 * keeps the events of the last `KEPT_SIGN_CALLS` (two) calls (./records.ts), so a kit may
 * sign a segment while it stores the one before, but must have stored the
 * one before that (renderer/src/db/event-store.ts).
 *
 * Ledger batches (`vault:sign-batch`): a header of this device whose events
 * the vault has signed (lastSeq ≤ head), bytes `batchSigningBytes(header)`.
 * Credentials (`vault:issue-credential`): ./credential-kinds.ts.
 */
import { canonicalBytes, CanonicalError } from '../canonical';
import { credentialSchema, type SignedCredential } from '../credentials/credential';
import { IssueError, issueCredentialWith } from '../credentials/issue';
import type { DidKey } from '../crypto/did-key';
import { sign } from '../crypto/ed25519';
import { sha256Hex } from '../crypto/sha256';
import {
  EVENT_VERSION,
  MAX_EVENT_BYTES,
  signedEventSchema,
  type NewEventEntry,
  type SignedEvent,
  type UnsignedEvent,
} from '../events/envelope';
import { describeSchemaError } from '../events/verify';
import { attachSignature, eventSigningBytes } from '../events/sign';
import type { ChainHead, CredentialRequest } from '../ipc';
import { batchHeaderSchema, batchSigningBytes, type BatchHeader } from '../ledger/batch';
import { err, ok, type Result } from '../result';
import { checkCredentialKind } from './credential-kinds';
import type { DeviceSigningKey } from './device-key';
import { MAX_SIGN_EVENTS } from './records';
import type { Chain } from './state';

/** The events of one call and the chain after them (what the vault persists before it answers). */
export type SignedRun = { readonly events: SignedEvent[]; readonly chain: Chain };

const PLACEHOLDER_SIG = 'A'.repeat(86);

const at = (head: ChainHead | null): string => (head === null ? 'the start of the chain' : `#${head.seq} (${head.id})`);

const headText = (chain: Chain): string =>
  chain.head === null
    ? 'it has signed no event yet, so the next one is #1 with prev null'
    : `its head is #${chain.head.seq} (${chain.head.id}), so the next event is #${chain.head.seq + 1} with that prev`;

const sameHead = (a: ChainHead | null, b: ChainHead | null): boolean => (a === null ? b === null : b !== null && a.seq === b.seq && a.id === b.id);

/**
 * Signs `entries` as the next events of `device`'s chain (./signing.ts, top).
 * `after`: the head the caller expects them to follow; `undefined` takes the
 * vault's own (not allowed before an adopted vault's first call).
 */
export async function signEntries(
  entries: readonly NewEventEntry[],
  after: ChainHead | null | undefined,
  device: DidKey,
  key: DeviceSigningKey,
  chain: Chain,
): Promise<Result<SignedRun, 'out-of-order' | 'refused'>> {
  if (entries.length === 0 || entries.length > MAX_SIGN_EVENTS) {
    return err('refused', `a call signs 1 to ${MAX_SIGN_EVENTS} events, not ${entries.length}`);
  }
  let previous: ChainHead | null;
  if (chain.head === null && chain.adopt) {
    if (after === undefined) {
      return err('out-of-order', "this vault took over an older vault's keys and has signed nothing yet: name the head of the chain it continues (after)");
    }
    previous = after;
  } else {
    if (after !== undefined && !sameHead(after, chain.head)) {
      return err('out-of-order', `the events would follow ${at(after)}, but ${headText(chain)}`);
    }
    previous = chain.head;
  }
  const events: SignedEvent[] = [];
  for (const [i, entry] of entries.entries()) {
    const draft = {
      v: EVENT_VERSION,
      type: entry.type,
      device,
      seq: previous === null ? 1 : previous.seq + 1,
      prev: previous === null ? null : previous.id,
      at: entry.at,
      ...(entry.round !== undefined && { round: entry.round }),
      ...(entry.operator !== undefined && { operator: entry.operator }),
      body: entry.body,
    };
    const signed = await signDraft(draft, key);
    if (!signed.ok) return err(signed.code, entries.length === 1 ? signed.message : `event ${i + 1} of ${entries.length} (nothing was signed): ${signed.message}`);
    events.push(signed.value.event);
    previous = { seq: signed.value.event.seq, id: signed.value.id };
  }
  return ok({ events, chain: { head: previous, batch: [...lastCallEvents(chain), ...events], lastCall: events.length, adopt: false } });
}

/** The events of the call before this one, which the batch keeps beside this call's (`KEPT_SIGN_CALLS`, two). */
const lastCallEvents = (chain: Chain): SignedEvent[] => chain.batch.slice(chain.batch.length - chain.lastCall);

/**
 * One draft the vault made, checked as a verifier would check the event
 * (its schema and the rules of its version: v1 events without v2 fields),
 * then signed; with its id. One parse of the whole envelope, a placeholder
 * where the signature goes, checks both (issue 14: the draft's own schema
 * first and the envelope's after it parsed every body twice).
 */
async function signDraft(input: object, key: DeviceSigningKey): Promise<Result<{ event: SignedEvent; id: string }, 'refused'>> {
  const envelope = signedEventSchema.safeParse({ ...input, sig: PLACEHOLDER_SIG });
  if (!envelope.success) return err('refused', `no verifier would accept this event: ${describeSchemaError(envelope.error.issues)}`);
  const { sig: _placeholder, ...parsed } = envelope.data;
  // Absent and `undefined` optional fields are one thing in JSON; JCS takes only the former.
  const draft = JSON.parse(JSON.stringify(parsed)) as UnsignedEvent;
  let bytes: Uint8Array;
  try {
    bytes = eventSigningBytes(draft);
  } catch (cause) {
    if (cause instanceof CanonicalError) return err('refused', `the event is not I-JSON: ${cause.message}`);
    throw cause;
  }
  const event = attachSignature(draft, await key.sign(bytes));
  // One canonical form for the size a verifier checks and the id (`eventId`) the next event's prev names.
  const canonical = canonicalBytes(event);
  if (canonical.length > MAX_EVENT_BYTES) return err('refused', `the event would be ${canonical.length} bytes, more than the ${MAX_EVENT_BYTES} a verifier accepts`);
  return ok({ event, id: sha256Hex(canonical) });
}

/** The events of the last two calls after seq `after`, as they were signed (none when they signed none after it). */
export const batchAfter = (chain: Chain, after: number): SignedEvent[] => chain.batch.filter((event) => event.seq > after);

export async function signBatchHeader(input: BatchHeader, device: DidKey, key: DeviceSigningKey, chain: Chain): Promise<Result<Uint8Array, 'refused'>> {
  const parsed = batchHeaderSchema.safeParse(input);
  if (!parsed.success) return err('refused', `not a batch header: ${describeSchemaError(parsed.error.issues)}`);
  const header = parsed.data;
  if (header.device !== device) return err('refused', `the batch names the device ${header.device}; this vault signs as ${device}`);
  if (header.lastSeq < header.firstSeq || header.lastSeq - header.firstSeq + 1 !== header.count) {
    return err('refused', `a batch of #${header.firstSeq}–#${header.lastSeq} holds ${header.lastSeq - header.firstSeq + 1} events, not ${header.count}`);
  }
  if (chain.head === null || header.lastSeq > chain.head.seq) {
    return err('refused', `the batch reaches #${header.lastSeq}, but this vault has signed events ${chain.head === null ? 'not at all' : `only up to #${chain.head.seq}`}`);
  }
  return ok(await key.sign(batchSigningBytes(header)));
}

/** The credential signed with the issuer seed (eddsa-jcs-2022), when it is of its kind and issuer. */
export async function issueWith(request: CredentialRequest, issuer: DidKey, seed: Uint8Array): Promise<Result<SignedCredential, 'refused'>> {
  const parsed = credentialSchema.safeParse(request.credential);
  if (!parsed.success) return err('refused', `not a VC 2.0 credential: ${describeSchemaError(parsed.error.issues)}`);
  if ('proof' in request.credential) return err('refused', 'the credential already has a proof');
  const kind = checkCredentialKind(request, issuer);
  if (!kind.ok) return kind;
  const key = Uint8Array.from(seed);
  try {
    return ok(await issueCredentialWith(parsed.data, { did: issuer, sign: (bytes) => Promise.resolve(sign(bytes, key)) }, { created: request.created }));
  } catch (cause) {
    if (cause instanceof IssueError || cause instanceof CanonicalError) return err('refused', cause.message);
    throw cause;
  } finally {
    key.fill(0);
  }
}
