/**
 * What the vault signs, and only that (issue 13): it builds the bytes itself.
 *
 * Events (`vault:sign-event`): the bytes are `eventSigningBytes(draft)`
 * (shared/events/sign.ts), the draft must name this device and follow the
 * chain head H the vault signed last: seq = H.seq + 1 and prev = H.id.
 * Before its first signature a vault accepts only seq 1 with prev null; a
 * vault that took over an older vault's keys (./create.ts `adopt`) accepts
 * the first draft's seq and prev as they come, once, since the older vault
 * kept no head: the kit's log continues that chain.
 *
 * The new head is persisted before the signed event is returned
 * (write-ahead). A crash after that but before the kit stored the event
 * leaves the vault's head one ahead of the kit's log. The kit recovers by
 * keeping each draft durable (its outbox) before asking for the signature
 * and asking again after a restart: the vault signs the draft it signed
 * last once more (it keeps the SHA-256 of its signing bytes; Ed25519 is
 * deterministic, so the answer is the same event). Any other draft at a
 * position already signed is `out-of-order`, whose message names the vault's
 * head (also in `vault:status`): two events with one seq would be an
 * equivocation no verifier accepts.
 *
 * Batches (`vault:sign-batch`): a header of this device whose events the
 * vault has signed (lastSeq ≤ head), bytes `batchSigningBytes(header)`.
 * Credentials (`vault:issue-credential`): ./credential-kinds.ts.
 */
import { canonicalBytes, CanonicalError } from '../canonical';
import { credentialSchema, type SignedCredential } from '../credentials/credential';
import { IssueError, issueCredentialWith } from '../credentials/issue';
import type { DidKey } from '../crypto/did-key';
import { sign } from '../crypto/ed25519';
import { sha256Hex } from '../crypto/sha256';
import { MAX_EVENT_BYTES, signedEventSchema, unsignedEventSchema, type SignedEvent, type UnsignedEvent } from '../events/envelope';
import { describeSchemaError } from '../events/verify';
import { attachSignature, eventId, eventSigningBytes } from '../events/sign';
import type { CredentialRequest } from '../ipc';
import { batchHeaderSchema, batchSigningBytes, type BatchHeader } from '../ledger/batch';
import { err, ok, type Result } from '../result';
import { checkCredentialKind } from './credential-kinds';
import type { Chain } from './state';

/** A signed draft and the chain after it (unchanged when the draft was the one signed last). */
export type SignedDraft = { readonly event: SignedEvent; readonly chain: Chain; readonly again: boolean };

const PLACEHOLDER_SIG = 'A'.repeat(86);

const headText = (chain: Chain): string =>
  chain.head === null
    ? 'it has signed no event yet, so the next one is #1 with prev null'
    : `its head is #${chain.head.seq} (${chain.head.id}), so the next event is #${chain.head.seq + 1} with that prev`;

export function signDraft(input: UnsignedEvent, device: DidKey, seed: Uint8Array, chain: Chain): Result<SignedDraft, 'out-of-order' | 'refused'> {
  const parsed = unsignedEventSchema.safeParse(input);
  if (!parsed.success) return err('refused', `not an event draft: ${describeSchemaError(parsed.error.issues)}`);
  // Absent and `undefined` optional fields are one thing in JSON; JCS takes only the former.
  const draft = JSON.parse(JSON.stringify(parsed.data)) as UnsignedEvent;
  if (draft.device !== device) return err('out-of-order', `the draft names the device ${draft.device}; this vault signs as ${device}`);
  if ((draft.seq === 1) !== (draft.prev === null)) {
    return err('out-of-order', `event #${draft.seq} ${draft.seq === 1 ? 'cannot have a prev' : 'needs the prev of its device\'s chain'}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = eventSigningBytes(draft);
  } catch (cause) {
    if (cause instanceof CanonicalError) return err('refused', `the draft is not I-JSON: ${cause.message}`);
    throw cause;
  }
  const digest = sha256Hex(bytes);
  const { head } = chain;
  const again = head !== null && chain.last === digest && draft.seq === head.seq;
  const follows = head === null ? chain.adopt || draft.seq === 1 : draft.seq === head.seq + 1 && draft.prev === head.id;
  if (!again && !follows) {
    return err('out-of-order', `event #${draft.seq} does not follow the chain this vault signed: ${headText(chain)}`);
  }
  // The rules a verifier applies beyond the draft's own schema (v1 events without v2 fields): checked before signing.
  const envelope = signedEventSchema.safeParse({ ...draft, sig: PLACEHOLDER_SIG });
  if (!envelope.success) return err('refused', `no verifier would accept this event: ${describeSchemaError(envelope.error.issues)}`);
  const event = attachSignature(draft, sign(bytes, seed));
  const size = canonicalBytes(event).length;
  if (size > MAX_EVENT_BYTES) return err('refused', `the event would be ${size} bytes, more than the ${MAX_EVENT_BYTES} a verifier accepts`);
  return ok({ event, chain: again ? chain : { head: { seq: draft.seq, id: eventId(event) }, last: digest, adopt: false }, again });
}

export function signBatchHeader(input: BatchHeader, device: DidKey, seed: Uint8Array, chain: Chain): Result<Uint8Array, 'refused'> {
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
  return ok(sign(batchSigningBytes(header), seed));
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
