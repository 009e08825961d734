/**
 * Receipts (DESIGN.md "Wire formats"): what HQ answers for each anchored
 * event, and what any device, auditor or donor checks with nothing but the HQ
 * log's verifier key:
 *
 *   { "event": id, "leafIndex", "treeSize", "inclusion": [hex…], "checkpoint": "<signed note>" }
 *
 * The checkpoint (C2SP tlog-checkpoint) names the log and signs the root of
 * the first `treeSize` leaves; the inclusion proof (RFC 9162 §2.1.3) leads
 * from the leaf hashLeaf(32 id bytes) at `leafIndex` to that root. The
 * proof alone does not pin the size, the signed checkpoint does, hence the
 * size check against the checkpoint.
 */
import { z } from 'zod';
import { fromHex, toHex } from '../bytes';
import { openCheckpoint, type Checkpoint, type CheckpointErrorCode, type NoteVerifier } from '../checkpoint';
import { sha256HexSchema } from '../events/fields';
import { hashLeaf, verifyInclusion, type InclusionVerifyErrorCode } from '../merkle';
import { err, ok, type Result } from '../result';

/** A checkpoint note with its log signature and a few cosignatures stays far below this. */
export const MAX_CHECKPOINT_NOTE_CHARS = 8192;

const treeIndex = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const receiptSchema = z.strictObject({
  event: sha256HexSchema,
  leafIndex: treeIndex,
  treeSize: treeIndex.min(1),
  /** At most one hash per level of a 2^53-leaf tree. */
  inclusion: z.array(sha256HexSchema).max(53),
  checkpoint: z.string().min(1).max(MAX_CHECKPOINT_NOTE_CHARS),
});

type ParsedReceipt = z.infer<typeof receiptSchema>;

/**
 * A receipt, as the schema has it and read-only. Read-only in type alone:
 * the schema's `.readonly()` would freeze every receipt it parses.
 */
export type Receipt = { readonly [K in keyof ParsedReceipt]: Readonly<ParsedReceipt[K]> };

export type ReceiptErrorCode = 'malformed' | CheckpointErrorCode | 'size-mismatch' | InclusionVerifyErrorCode;

export interface VerifiedReceipt {
  readonly receipt: Receipt;
  /** What the receipt's checkpoint commits to: the log's size and root when it was signed. */
  readonly checkpoint: Checkpoint;
}

export interface ReceiptTrust {
  /** The HQ log's key (`parseVerifierKey` of the published verifier key string). */
  readonly logKey: NoteVerifier;
  /** The log's origin line, e.g. `aidtrail.example-agency.org/hq-log`. */
  readonly origin: string;
}

export const makeReceipt = (
  event: string,
  leafIndex: number,
  treeSize: number,
  inclusion: readonly Uint8Array[],
  checkpoint: string,
): Receipt => ({ event, leafIndex, treeSize, inclusion: inclusion.map(toHex), checkpoint });

function parseReceipt(input: unknown): Result<Receipt, 'malformed'> {
  const parsed = receiptSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return err('malformed', `receipt${path === '' ? '' : `.${path}`}: ${issue?.message ?? 'does not match the schema'}`);
}

/** The receipt's own claims against an already opened checkpoint: the size, then the inclusion proof. */
export function checkReceiptAgainst(
  receipt: Receipt,
  checkpoint: Checkpoint,
): Result<VerifiedReceipt, 'size-mismatch' | InclusionVerifyErrorCode> {
  if (checkpoint.size !== receipt.treeSize) {
    return err(
      'size-mismatch',
      `the receipt claims a ${receipt.treeSize}-leaf tree, its checkpoint signs a ${checkpoint.size}-leaf one`,
    );
  }
  const included = verifyInclusion({
    index: receipt.leafIndex,
    size: receipt.treeSize,
    leafHash: hashLeaf(fromHex(receipt.event)),
    proof: receipt.inclusion.map(fromHex),
    root: checkpoint.rootHash,
  });
  if (!included.ok) return included;
  return ok({ receipt, checkpoint });
}

/**
 * Verifies one receipt alone: the checkpoint's signature by the log key and
 * its origin, that the receipt's tree size is the checkpoint's, and the
 * inclusion proof of hashLeaf(event id) at leafIndex against the checkpoint
 * root. Never throws on input.
 */
export function verifyReceipt(input: unknown, trust: ReceiptTrust): Result<VerifiedReceipt, ReceiptErrorCode> {
  const receipt = parseReceipt(input);
  if (!receipt.ok) return receipt;
  const checkpoint = openCheckpoint(receipt.value.checkpoint, trust.origin, trust.logKey);
  if (!checkpoint.ok) return checkpoint;
  return checkReceiptAgainst(receipt.value, checkpoint.value);
}

/**
 * Verifies many receipts, opening each distinct checkpoint note once (a
 * batch's receipts share one): the same verdicts as verifyReceipt on each.
 */
export function verifyReceipts(inputs: readonly unknown[], trust: ReceiptTrust): Result<VerifiedReceipt, ReceiptErrorCode>[] {
  const opened = new Map<string, Result<Checkpoint, CheckpointErrorCode>>();
  return inputs.map((input) => {
    const receipt = parseReceipt(input);
    if (!receipt.ok) return receipt;
    const note = receipt.value.checkpoint;
    let checkpoint = opened.get(note);
    if (checkpoint === undefined) {
      checkpoint = openCheckpoint(note, trust.origin, trust.logKey);
      opened.set(note, checkpoint);
    }
    if (!checkpoint.ok) return checkpoint;
    return checkReceiptAgainst(receipt.value, checkpoint.value);
  });
}
