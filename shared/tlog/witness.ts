/**
 * A witness's side of C2SP tlog-witness `add-checkpoint`, pure: the request
 * body (an `old <size>` line, up to 63 consistency-proof hashes, a blank
 * line, the signed checkpoint) and the decision, with the spec's status for
 * each refusal. The witness keeps, per log origin, the size and root it last
 * cosigned; it cosigns a checkpoint only when it is signed by the log's key
 * and proven consistent with that, so a forked or rolled-back log gets no
 * cosignature (issue 17). The service around it (ledger/witness/) stores
 * that state and speaks HTTP.
 */
import { equalBytes, fromBase64, toBase64 } from '../bytes';
import { openCheckpoint, type NoteSigner, type NoteVerifier } from '../checkpoint';
import { emptyRoot, verifyConsistency } from '../merkle';
import { err, ok, type Result } from '../result';
import { cosign } from './cosignature';

/** tlog-witness: a client MUST NOT send more than 63 consistency proof lines. */
export const MAX_PROOF_LINES = 63;

export interface AddCheckpoint {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, as received. */
  readonly checkpoint: string;
}

/** The request body a log sends a witness. */
export const formatAddCheckpoint = ({ oldSize, proof, checkpoint }: AddCheckpoint): string =>
  `old ${oldSize}\n${proof.map((h) => `${toBase64(h)}\n`).join('')}\n${checkpoint}`;

/** The request body read back; `bad-request` (400) when it is not one. */
export function parseAddCheckpoint(body: string): Result<AddCheckpoint, 'bad-request'> {
  const blank = body.indexOf('\n\n');
  if (blank < 0) return err('bad-request', 'no blank line separates the proof from the checkpoint');
  const [first, ...lines] = body.slice(0, blank).split('\n');
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(first ?? '');
  if (old === null || !Number.isSafeInteger(Number(old[1]))) return err('bad-request', 'the first line must be "old <size>"');
  if (lines.length > MAX_PROOF_LINES) return err('bad-request', `more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof: Uint8Array[] = [];
  for (const line of lines) {
    const hash = /^[A-Za-z0-9+/]{43}=$/.test(line) ? fromBase64(line) : undefined;
    if (hash?.length !== 32) return err('bad-request', 'a consistency proof line is not one base64 hash');
    proof.push(hash);
  }
  return ok({ oldSize: Number(old[1]), proof, checkpoint: body.slice(blank + 2) });
}

/** What the witness last cosigned for a log. */
export interface WitnessedTree {
  readonly size: number;
  readonly root: Uint8Array;
}

/** A log the witness follows: its origin and the key its checkpoints must carry. */
export interface WitnessedLog {
  readonly origin: string;
  readonly key: NoteVerifier;
}

export type WitnessAnswer =
  | { readonly status: 200; readonly body: string; readonly next: WitnessedTree }
  | { readonly status: 400 | 403 | 404 | 422; readonly body: string }
  | { readonly status: 409; readonly body: string; readonly contentType: 'text/x.tlog.size' };

const refuse = (status: 400 | 403 | 404 | 422, body: string): WitnessAnswer => ({ status, body: `${body}\n` });

/** The origin line of a note, before anything is verified (which log's key to check it with). */
const originOf = (note: string): string => note.slice(0, Math.max(0, note.indexOf('\n')));

/**
 * tlog-witness "add-checkpoint", in the spec's order: unknown origin 404; no
 * valid signature of the log 403; old size above the checkpoint's 400; old
 * size not the one last cosigned 409 (body: that size); a consistency proof
 * that does not hold, a non-empty proof from 0, a size-0 checkpoint whose
 * root is not the empty tree's, or the same size with another root 422;
 * else 200 with the cosignature line and the tree to remember.
 */
export function addCheckpoint(
  request: AddCheckpoint,
  logs: ReadonlyMap<string, WitnessedLog>,
  last: WitnessedTree | undefined,
  witness: { readonly signer: NoteSigner; readonly now: number },
): WitnessAnswer {
  const log = logs.get(originOf(request.checkpoint));
  if (log === undefined) return refuse(404, 'unknown log origin');
  const opened = openCheckpoint(request.checkpoint, log.origin, log.key);
  if (!opened.ok) return refuse(403, `the checkpoint does not carry a valid signature of the log: ${opened.message}`);
  const { size, rootHash } = opened.value;
  if (request.oldSize > size) return refuse(400, `old size ${request.oldSize} is above the checkpoint's ${size}`);
  const known = last ?? { size: 0, root: emptyRoot() };
  if (request.oldSize !== known.size) return { status: 409, body: `${known.size}\n`, contentType: 'text/x.tlog.size' };
  if (size === 0 && !equalBytes(rootHash, emptyRoot())) return refuse(422, 'a checkpoint of size 0 must have the empty tree root');
  if (known.size === 0) {
    if (request.proof.length > 0) return refuse(422, 'a proof from size 0 must be empty');
  } else {
    const consistent = verifyConsistency({ size1: known.size, size2: size, root1: known.root, root2: rootHash, proof: request.proof });
    if (!consistent.ok) return refuse(422, `not consistent with the tree of ${known.size} cosigned before: ${consistent.message}`);
  }
  const body = request.checkpoint.slice(0, request.checkpoint.indexOf('\n\n') + 1);
  const line = cosign(body, witness.signer.name, witness.signer.seed, witness.now);
  if (!line.ok) throw new Error(`the witness cannot cosign: ${line.message}`);
  return { status: 200, body: line.value, next: { size, root: rootHash } };
}
