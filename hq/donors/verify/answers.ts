/**
 * The ledger's public proof answers, checked against their shared schemas
 * (shared/ledger/proof-answers.ts, and receipt.ts for a receipt) before any
 * byte of them is used: a server, or whatever sits between it and the
 * visitor, may answer anything. Anything else is `bad-answer`, with what
 * was wrong, said as the kit and hq/common/http say it
 * (shared/ledger/checked-answer.ts). The page reads answers as text
 * (VerifyPorts), hence the text form rather than hq/common/http.
 */
import { fromHex } from '../../../shared/bytes';
import { checkedAnswerText } from '../../../shared/ledger/checked-answer';
import { consistencyAnswerSchema, inclusionAnswerSchema } from '../../../shared/ledger/proof-answers';
import { receiptSchema } from '../../../shared/ledger/receipt';
import { ok, type Result } from '../../../shared/result';

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

export function consistencyAnswerOf(text: string): Result<ConsistencyProof, 'bad-answer'> {
  const answer = checkedAnswerText(consistencyAnswerSchema, text, 'the consistency proof');
  if (!answer.ok) return answer;
  return ok({ from: answer.value.from, to: answer.value.to, proof: answer.value.proof.map(fromHex) });
}

export function inclusionAnswerOf(text: string): Result<InclusionProof, 'bad-answer'> {
  const answer = checkedAnswerText(inclusionAnswerSchema, text, 'the inclusion proof');
  if (!answer.ok) return answer;
  const { leafIndex, treeSize, leafHash, inclusion } = answer.value;
  return ok({ leafIndex, treeSize, leafHash: fromHex(leafHash), proof: inclusion.map(fromHex) });
}

/** The leaf index in a receipt answer (GET /receipts/:id): a hint the tiles then confirm or refute. */
export function receiptIndexOf(text: string): Result<number, 'bad-answer'> {
  const answer = checkedAnswerText(receiptSchema, text, 'the receipt');
  return answer.ok ? ok(answer.value.leafIndex) : answer;
}
