/**
 * The donor page's checks, one pure function each (no fetch, no storage):
 * given what the server answered, is it what an honest log would answer?
 * ./verify.ts runs them in order against the ledger; the tests feed them
 * forged answers.
 */
import { openCheckpoint, type Checkpoint } from '../../../shared/checkpoint';
import { equalBytes, fromHex, toHex } from '../../../shared/bytes';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../../../shared/merkle';
import { err, ok, type Result } from '../../../shared/result';
import { consistencyAnswerOf, inclusionAnswerOf } from './answers';
import type { PinnedKey } from './pinned-key';

/** The checkpoint a browser last verified for a log, as kept in localStorage. */
export interface Seen {
  readonly size: number;
  /** Hex of the root hash. */
  readonly root: string;
}

export type CheckpointError = 'bad-checkpoint';
export type ConsistencyError = 'rolled-back' | 'forked' | 'bad-answer';
export type InclusionError = 'not-included' | 'bad-answer';

/** The signed checkpoint text, opened with the pinned key for the pinned key's origin. */
export function checkCheckpoint(text: string, key: PinnedKey): Result<Checkpoint, CheckpointError> {
  const opened = openCheckpoint(text, key.origin, key.verifier);
  return opened.ok ? opened : err('bad-checkpoint', `${opened.code}: ${opened.message}`);
}

export const seenOf = (checkpoint: Checkpoint): Seen => ({ size: checkpoint.size, root: toHex(checkpoint.rootHash) });

/** A stored value read back: anything but a well-formed Seen counts as none. */
export function parseSeen(text: string | null): Seen | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Seen> | null;
    if (
      typeof value?.size === 'number' && Number.isSafeInteger(value.size) && value.size > 0 &&
      typeof value.root === 'string' && /^[0-9a-f]{64}$/.test(value.root)
    ) {
      return { size: value.size, root: value.root };
    }
  } catch {
    // fall through: a garbled entry is no evidence of anything
  }
  return undefined;
}

/**
 * What comparing with the checkpoint seen before needs: nothing (first
 * visit, or an empty log then), the same root (same size), or a consistency
 * proof from the old size. A smaller log than seen is a rollback, whatever
 * the server says next.
 */
export type ConsistencyNeed =
  | { readonly kind: 'first' }
  | { readonly kind: 'same' }
  | { readonly kind: 'proof'; readonly from: number; readonly to: number };

export function consistencyNeed(seen: Seen | undefined, current: Checkpoint): Result<ConsistencyNeed, ConsistencyError> {
  if (seen === undefined) return ok({ kind: 'first' });
  if (current.size < seen.size) {
    return err('rolled-back', `the log signs ${current.size} entries now; this browser saw it sign ${seen.size} before: a log never shrinks`);
  }
  if (current.size === seen.size) {
    return seen.root === toHex(current.rootHash)
      ? ok({ kind: 'same' })
      : err('forked', `two different roots signed for the same size ${seen.size}: the log shows two histories`);
  }
  return ok({ kind: 'proof', from: seen.size, to: current.size });
}

/** The server's consistency proof between the checkpoint seen and the current one. */
export function checkConsistency(seen: Seen, current: Checkpoint, answerText: string): Result<true, ConsistencyError> {
  const answer = consistencyAnswerOf(answerText);
  if (!answer.ok) return answer;
  if (answer.value.from !== seen.size || answer.value.to !== current.size) {
    return err('bad-answer', `asked for a proof from ${seen.size} to ${current.size}, got one from ${answer.value.from} to ${answer.value.to}`);
  }
  const verified = verifyConsistency({
    size1: seen.size,
    size2: current.size,
    root1: fromHex(seen.root),
    root2: current.rootHash,
    proof: answer.value.proof,
  });
  return verified.ok
    ? verified
    : err('forked', `the log cannot prove that its ${current.size} entries extend the ${seen.size} this browser saw (${verified.code}): it shows two histories`);
}

/** The leaf hash of an event id (RFC 9162: the leaf is the 32 id bytes). */
export const leafHashOf = (id: string): Uint8Array => hashLeaf(fromHex(id));

/**
 * The server's inclusion proof for event `id` in the tree of the verified
 * checkpoint. The leaf hash is computed here from the id: the one in the
 * answer is only compared, never trusted.
 */
export function checkInclusion(id: string, checkpoint: Checkpoint, answerText: string): Result<number, InclusionError> {
  if (!/^[0-9a-f]{64}$/.test(id)) return err('bad-answer', `${JSON.stringify(id.slice(0, 80))} is not an event id`);
  const answer = inclusionAnswerOf(answerText);
  if (!answer.ok) return answer;
  const { leafIndex, treeSize, leafHash, proof } = answer.value;
  if (treeSize !== checkpoint.size) return err('bad-answer', `asked for a proof in the tree of ${checkpoint.size}, got one for ${treeSize}`);
  const expected = leafHashOf(id);
  if (!equalBytes(leafHash, expected)) return err('not-included', `the answer proves another leaf than event ${id}`);
  const verified = verifyInclusion({ index: leafIndex, size: checkpoint.size, leafHash: expected, proof, root: checkpoint.rootHash });
  return verified.ok
    ? ok(leafIndex)
    : err('not-included', `the proof does not lead from event ${id} to the signed root of ${checkpoint.size} entries (${verified.code})`);
}
