/**
 * The ledger's public proof answers, checked against their shared schemas
 * (shared/ledger/proof-answers.ts, and receipt.ts for a receipt) before any
 * byte of them is used: a server, or whatever sits between it and the
 * visitor, may answer anything. Anything else is `bad-answer`, with what
 * was wrong (describeSchemaError, as the kit and hq/common/http say it). The page reads answers as text (VerifyPorts), hence the JSON
 * parse here rather than hq/common/http.
 */
import type { z } from 'zod';
import { fromHex } from '../../../shared/bytes';
import { consistencyAnswerSchema, inclusionAnswerSchema } from '../../../shared/ledger/proof-answers';
import { describeSchemaError } from '../../../shared/events/verify';
import { receiptSchema } from '../../../shared/ledger/receipt';
import { err, ok, type Result } from '../../../shared/result';

/** A consistency answer with its hashes as bytes. */
export interface ConsistencyProof {
  readonly from: number;
  readonly to: number;
  readonly proof: readonly Uint8Array[];
}

/** An inclusion answer with its hashes as bytes. */
export interface InclusionProof {
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
  return checked.success ? ok(checked.data) : err('bad-answer', `the ${what} is malformed: ${describeSchemaError(checked.error.issues)}`);
}

export function consistencyAnswerOf(text: string): Result<ConsistencyProof, 'bad-answer'> {
  const answer = parsed(text, consistencyAnswerSchema, 'consistency proof');
  if (!answer.ok) return answer;
  return ok({ from: answer.value.from, to: answer.value.to, proof: answer.value.proof.map(fromHex) });
}

export function inclusionAnswerOf(text: string): Result<InclusionProof, 'bad-answer'> {
  const answer = parsed(text, inclusionAnswerSchema, 'inclusion proof');
  if (!answer.ok) return answer;
  const { leafIndex, treeSize, leafHash, inclusion } = answer.value;
  return ok({ leafIndex, treeSize, leafHash: fromHex(leafHash), proof: inclusion.map(fromHex) });
}

/** The leaf index in a receipt answer (GET /receipts/:id): a hint the tiles then confirm or refute. */
export function receiptIndexOf(text: string): Result<number, 'bad-answer'> {
  const answer = parsed(text, receiptSchema, 'receipt');
  return answer.ok ? ok(answer.value.leafIndex) : answer;
}
