/**
 * What the ledger's proof routes answer (GET /proof/inclusion, GET
 * /proof/consistency; ledger/service/ledger.ts builds them) and the donor
 * page checks in the visitor's browser before any byte of a proof is used
 * (a server, or whatever sits between it and the visitor, may answer
 * anything): hashes are 64 lowercase hex, sizes safe integers, proofs no
 * longer than a tree can need. GET /receipts/:id answers a receipt, whose
 * schema is ./receipt.ts's.
 */
import { z } from 'zod';
import { sha256HexSchema } from '../events/fields';
import { MAX_CHECKPOINT_NOTE_CHARS } from './receipt';

const size = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A proof is O(log n) hashes: 64 is more than any tree of 2^53 leaves needs. */
const proof = z.array(sha256HexSchema).max(64).readonly();

/** The path from leaf `leafIndex` to the root of the first `treeSize` leaves. */
export const inclusionAnswerSchema = z.object({
  leafIndex: size,
  treeSize: size,
  /** The leaf hash the log holds: a verifier computes its own from the event id and only compares. */
  leafHash: sha256HexSchema,
  inclusion: proof,
  /** The signed checkpoint of that size, when HQ signed one (after every append it does). */
  checkpoint: z.string().min(1).max(MAX_CHECKPOINT_NOTE_CHARS).nullable(),
});

/** That the tree of `to` leaves extends the tree of `from`. */
export const consistencyAnswerSchema = z.object({ from: size, to: size, proof });

export type InclusionAnswer = z.infer<typeof inclusionAnswerSchema>;
export type ConsistencyAnswer = z.infer<typeof consistencyAnswerSchema>;
