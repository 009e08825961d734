/**
 * What a device does with each checkpoint it sees, from HQ or gossiped by a
 * peer (DESIGN.md "Ledger protocol"): keep the newest one, and accept a new
 * one only with a consistency proof (RFC 9162 §2.1.4) that one tree extends
 * the other. Anything else means HQ has shown two histories: a fork, which
 * the kit raises as an alarm. Pure: the caller opens the notes (signature and
 * origin) and fetches the proof between the two sizes.
 */
import { equalBytes, toBase64 } from '../bytes';
import { openCheckpoint, type Checkpoint, type CheckpointErrorCode } from '../checkpoint';
import { verifyConsistency } from '../merkle';
import { err, ok, type Result } from '../result';
import type { ReceiptTrust } from './receipt';

export type CheckpointAcceptance =
  /** No checkpoint was held: this one is kept (trust on first use). */
  | { readonly status: 'first'; readonly keep: Checkpoint }
  /** The same tree head as the one held. */
  | { readonly status: 'same'; readonly keep: Checkpoint }
  /** A larger tree that provably extends the held one: keep the new one. */
  | { readonly status: 'extends'; readonly keep: Checkpoint };

/**
 * - `fork`: the two checkpoints cannot both be honest: same size and
 *   different roots, or the proof does not show one extending the other.
 *   Keep both signed notes: together they are the evidence.
 * - `older`: a smaller tree, shown to be a prefix of the held one: fine,
 *   but keep the held checkpoint.
 * - `origin-mismatch`: the checkpoints are of different logs.
 */
export type CheckpointConflictCode = 'fork' | 'older' | 'origin-mismatch';

const short = (c: Checkpoint) => `size ${c.size} root ${toBase64(c.rootHash)}`;

/**
 * Decides whether `next` may replace `held`. `proof` is the consistency proof
 * from the smaller of the two sizes to the larger, whichever is newer (from
 * held to next when next is larger; from next to held when next is older);
 * it is ignored when the sizes are equal or one of them is 0.
 */
export function acceptCheckpoint(
  held: Checkpoint | undefined,
  next: Checkpoint,
  proof: readonly Uint8Array[],
): Result<CheckpointAcceptance, CheckpointConflictCode> {
  if (held === undefined) return ok({ status: 'first', keep: next });
  if (held.origin !== next.origin) {
    return err('origin-mismatch', `the checkpoints are of logs ${JSON.stringify(held.origin)} and ${JSON.stringify(next.origin)}`);
  }
  if (held.size === next.size) {
    if (equalBytes(held.rootHash, next.rootHash)) return ok({ status: 'same', keep: held });
    return err('fork', `two different roots for the same size ${held.size}: ${short(held)} and ${short(next)}`);
  }
  const [small, large] = held.size < next.size ? [held, next] : [next, held];
  // Every tree extends the empty one; RFC 9162 defines no proof from size 0.
  if (small.size > 0) {
    const consistent = verifyConsistency({
      size1: small.size,
      size2: large.size,
      root1: small.rootHash,
      root2: large.rootHash,
      proof,
    });
    if (!consistent.ok) {
      return err('fork', `the ${small.size}-leaf tree is not shown to be a prefix of the ${large.size}-leaf tree (${consistent.code}: ${consistent.message})`);
    }
  }
  if (next.size < held.size) {
    return err('older', `checkpoint of size ${next.size} is older than the held one of size ${held.size} (consistent with it)`);
  }
  return ok({ status: 'extends', keep: next });
}

export type CheckpointNoteErrorCode = CheckpointErrorCode | CheckpointConflictCode;

/**
 * acceptCheckpoint over signed notes: opens both with the log key (a held
 * note is re-checked too, since it comes from storage), then decides. On
 * success `note` is the note to keep.
 */
export function acceptCheckpointNote(
  heldNote: string | undefined,
  nextNote: string,
  proof: readonly Uint8Array[],
  trust: ReceiptTrust,
): Result<CheckpointAcceptance & { readonly note: string }, CheckpointNoteErrorCode> {
  const next = openCheckpoint(nextNote, trust.origin, trust.logKey);
  if (!next.ok) return next;
  let held: Checkpoint | undefined;
  if (heldNote !== undefined) {
    const opened = openCheckpoint(heldNote, trust.origin, trust.logKey);
    if (!opened.ok) return err(opened.code, `the held checkpoint: ${opened.message}`);
    held = opened.value;
  }
  const decision = acceptCheckpoint(held, next.value, proof);
  if (!decision.ok) return decision;
  return ok({ ...decision.value, note: decision.value.status === 'extends' || heldNote === undefined ? nextNote : heldNote });
}
