/**
 * A donor's audit bundle: anchored events with personal fields removed, their
 * receipts, and the checkpoints with the consistency proofs that chain them,
 * so that someone with only HQ's log key can check offline that the events
 * are in the ledger and that the ledger's history, as far as the bundle
 * shows it, is one history (principle 5: no personal data leaves HQ in it).
 *
 * Redaction: an enrolment's `body.pii` (the sealed personal fields) is
 * dropped. An event id is the SHA-256 of the whole signed event, so a
 * redacted event's content can no longer be tied to its id or signature:
 * for those the bundle proves that the id is anchored, and says which fields
 * were withheld. Every other event type carries no personal data (principle
 * 5) and goes in whole, so its signature and id are checked too.
 */
import { z } from 'zod';
import { fromHex } from '../bytes';
import { openCheckpoint, type Checkpoint } from '../checkpoint';
import type { SignedEvent } from '../events/envelope';
import { sha256HexSchema } from '../events/fields';
import { nobleVerifier, type SignatureVerifier } from '../crypto/verifier';
import { verifyEventWith } from '../events/verify';
import { verifyConsistency } from '../merkle';
import { err, ok, type Result } from '../result';
import { checkReceiptAgainst, receiptSchema, type Receipt, type ReceiptTrust } from './receipt';

export const BUNDLE_VERSION = 1;

export interface BundleEntry {
  readonly id: string;
  /** The event, whole, or with the fields in `withheld` removed. */
  readonly event: Record<string, unknown>;
  /** Dotted paths of removed fields, e.g. ["body.pii"]; empty when the event is whole. */
  readonly withheld: readonly string[];
}

/** Removes personal fields from an event for a bundle. */
export function redactEvent(id: string, event: SignedEvent): BundleEntry {
  if (event.type === 'enrolment') {
    const { pii: _pii, ...body } = event.body;
    return { id, event: { ...event, body }, withheld: ['body.pii'] };
  }
  return { id, event: { ...event }, withheld: [] };
}

export interface BundleConsistency {
  readonly from: number;
  readonly to: number;
  readonly proof: readonly string[];
}

export interface Bundle {
  readonly v: 1;
  readonly origin: string;
  readonly entries: readonly BundleEntry[];
  readonly receipts: readonly Receipt[];
  /** Signed checkpoint notes, by increasing size. */
  readonly checkpoints: readonly string[];
  /** A proof from each checkpoint to the next. */
  readonly consistency: readonly BundleConsistency[];
}

export const bundleEntrySchema = z.strictObject({
  id: sha256HexSchema,
  event: z.record(z.string(), z.unknown()),
  withheld: z.array(z.enum(['body.pii'])).max(1),
});

export const bundleConsistencySchema = z.strictObject({
  from: z.number().int().min(1),
  to: z.number().int().min(1),
  proof: z.array(sha256HexSchema).max(128),
});

export const bundleSchema = z.strictObject({
  v: z.literal(BUNDLE_VERSION),
  origin: z.string().min(1),
  entries: z.array(bundleEntrySchema),
  receipts: z.array(receiptSchema),
  checkpoints: z.array(z.string()).min(1),
  consistency: z.array(bundleConsistencySchema),
});

export interface BundleReport {
  /** Events whose signature, id and receipt verified. */
  readonly whole: number;
  /** Redacted events whose id's receipt verified (content withheld). */
  readonly redacted: number;
  readonly checkpoints: number;
  /** The largest checkpoint of the bundle. */
  readonly latest: Checkpoint;
}

export type BundleErrorCode =
  | 'malformed'
  | 'bad-event'
  | 'id-mismatch'
  | 'missing-receipt'
  | 'bad-receipt'
  | 'bad-checkpoint'
  | 'unlisted-checkpoint'
  | 'inconsistent-history';

/**
 * Checks a bundle offline. Every entry must have a receipt that verifies
 * under the log key, and a whole event must verify and hash to its id; every
 * checkpoint must verify, and consecutive checkpoints must be consistent, so
 * the receipts' checkpoints (which must be among them) are one history.
 */
export async function verifyBundle(
  input: unknown,
  trust: ReceiptTrust & { readonly verifier?: SignatureVerifier },
): Promise<Result<BundleReport, BundleErrorCode>> {
  const verifier = trust.verifier ?? nobleVerifier;
  const parsed = bundleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err('malformed', `${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'not a bundle'}`);
  }
  const bundle: Bundle = parsed.data;
  if (bundle.origin !== trust.origin) {
    return err('malformed', `the bundle is of log ${JSON.stringify(bundle.origin)}, not ${JSON.stringify(trust.origin)}`);
  }
  const opened: Checkpoint[] = [];
  for (const [i, note] of bundle.checkpoints.entries()) {
    const c = openCheckpoint(note, trust.origin, trust.logKey);
    if (!c.ok) return err('bad-checkpoint', `checkpoint ${i + 1}: ${c.code}: ${c.message}`);
    if (i > 0 && c.value.size <= opened[i - 1]!.size) return err('malformed', 'checkpoints must be listed by increasing size');
    opened.push(c.value);
  }
  const latest = opened.at(-1);
  if (latest === undefined) return err('malformed', 'the bundle has no checkpoint');
  for (let i = 1; i < opened.length; i++) {
    const [a, b] = [opened[i - 1]!, opened[i]!];
    const step = bundle.consistency.find((s) => s.from === a.size && s.to === b.size);
    if (step === undefined) return err('inconsistent-history', `no consistency proof from size ${a.size} to ${b.size}`);
    const proof = step.proof.map(fromHex);
    const consistent = verifyConsistency({ size1: a.size, size2: b.size, root1: a.rootHash, root2: b.rootHash, proof });
    if (!consistent.ok) {
      return err('inconsistent-history', `checkpoint ${b.size} does not extend checkpoint ${a.size}: ${consistent.message}`);
    }
  }
  const byNote = new Map(bundle.checkpoints.map((note, i) => [note, opened[i]!]));
  const receipts = new Map(bundle.receipts.map((r) => [r.event, r]));
  let whole = 0;
  let redacted = 0;
  for (const entry of bundle.entries) {
    const receipt = receipts.get(entry.id);
    if (receipt === undefined) return err('missing-receipt', `no receipt for event ${entry.id}`);
    // Each listed checkpoint was opened above; a receipt under any other one is refused.
    const checkpoint = byNote.get(receipt.checkpoint);
    if (checkpoint === undefined) {
      return err('unlisted-checkpoint', `the receipt of ${entry.id} is under a checkpoint the bundle does not list`);
    }
    const verified = checkReceiptAgainst(receipt, checkpoint);
    if (!verified.ok) return err('bad-receipt', `event ${entry.id}: ${verified.code}: ${verified.message}`);
    if (entry.withheld.length === 0) {
      const event = await verifyEventWith(verifier, entry.event);
      if (!event.ok) return err('bad-event', `event ${entry.id}: ${event.code}: ${event.message}`);
      if (event.value.id !== entry.id) return err('id-mismatch', `event listed as ${entry.id} hashes to ${event.value.id}`);
      whole++;
    } else {
      redacted++;
    }
  }
  return ok({ whole, redacted, checkpoints: opened.length, latest });
}
