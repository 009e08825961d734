/**
 * The shapes of the ledger's public proof answers, checked before any byte
 * of them is used (a server, or whatever sits between it and the visitor,
 * may answer anything): hex of the right lengths, sizes that are safe
 * integers. Anything else is `bad-answer`, with what was wrong.
 */
import { z } from 'zod';
import { fromHex } from '../../../shared/bytes';
import { err, ok, type Result } from '../../../shared/result';

const hash = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');
const size = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A proof is O(log n) hashes: 64 is more than any tree of 2^53 leaves needs. */
const path = z.array(hash).max(64);

const consistencyAnswer = z.object({ from: size, to: size, proof: path });

const inclusionAnswer = z.object({
  leafIndex: size,
  treeSize: size,
  leafHash: hash,
  inclusion: path,
});

/** GET /receipts/:id: only the leaf index is read, as a hint the tiles then confirm or refute. */
const receiptAnswer = z.object({ leafIndex: size });

export interface ConsistencyAnswer {
  readonly from: number;
  readonly to: number;
  readonly proof: readonly Uint8Array[];
}

export interface InclusionAnswer {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/** Parses a body as JSON of `schema`, or says which of the two it failed. */
function parsed<T>(text: string, schema: z.ZodType<T>, what: string): Result<T, 'bad-answer'> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err('bad-answer', `the ${what} is not JSON`);
  }
  const checked = schema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return err('bad-answer', `the ${what} is malformed: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim());
  }
  return ok(checked.data);
}

export function consistencyAnswerOf(text: string): Result<ConsistencyAnswer, 'bad-answer'> {
  const answer = parsed(text, consistencyAnswer, 'consistency proof');
  if (!answer.ok) return answer;
  return ok({ from: answer.value.from, to: answer.value.to, proof: answer.value.proof.map(fromHex) });
}

export function inclusionAnswerOf(text: string): Result<InclusionAnswer, 'bad-answer'> {
  const answer = parsed(text, inclusionAnswer, 'inclusion proof');
  if (!answer.ok) return answer;
  const { leafIndex, treeSize, leafHash, inclusion } = answer.value;
  return ok({ leafIndex, treeSize, leafHash: fromHex(leafHash), proof: inclusion.map(fromHex) });
}

/** The leaf index in a receipt answer (GET /receipts/:id). */
export function receiptIndexOf(text: string): Result<number, 'bad-answer'> {
  const answer = parsed(text, receiptAnswer, 'receipt');
  return answer.ok ? ok(answer.value.leafIndex) : answer;
}
