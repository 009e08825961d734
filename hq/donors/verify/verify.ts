/**
 * "Verify" on the donor page, in the visitor's browser: step by step, each
 * step's outcome reported as it is known, stopping at the first failure
 * with its reason (a failure is evidence; nothing after it would mean
 * anything).
 *
 *   key          the address pins a log key, and the server publishes the same
 *                (and whatever else the address pins, ./pins.ts, is well formed)
 *   checkpoint   GET /checkpoint verifies under the pinned key, for its origin
 *   witnesses    (when the address pins witnesses) it carries valid cosignatures
 *                of at least `quorum` of them (./witnesses.ts)
 *   consistency  it extends the checkpoint this browser saw last (GET /proof/consistency),
 *                which is then replaced by it; a rollback or a fork is refused
 *   totals       the totals were computed over a tree the checkpoint covers
 *   tiles        (when the address pins a tile prefix) the tiles' checkpoint verifies
 *                under the pinned key, covers the totals, and is the same tree as the
 *                checkpoint, or is proven consistent with it
 *   inclusion    each sampled handout behind a total is in that tree: GET /proof/inclusion,
 *                or, with tiles, a proof computed from the tiles alone (see below)
 *
 * I/O comes through `VerifyPorts` (fetch and localStorage in the page, fakes
 * in the tests); the judgements are ./checks.ts.
 */
import { equalBytes, fromHex } from '../../../shared/bytes';
import type { Checkpoint } from '../../../shared/checkpoint';
import { checkedAnswerText } from '../../../shared/ledger/checked-answer';
import { logInfoSchema } from '../../../shared/ledger/log-info';
import type { Result } from '../../../shared/result';
import { fetchTiles, proveConsistency, proveInclusion, readCheckpoint, type FetchLike, type TileGetter } from '../../../shared/tlog';
import { receiptIndexOf } from './answers';
import { checkCheckpoint, checkConsistency, checkInclusion, consistencyNeed, parseSeen, seenOf } from './checks';
import type { PinnedKey, PinnedKeyError } from './pinned-key';
import type { TilesPinError, WitnessPins, WitnessPinsError } from './pins';
import { checkWitnesses, cosignersText } from './witnesses';

export interface VerifyPorts {
  /** GET a path of the page's own origin. Rejects when the server cannot be reached. */
  get(path: string): Promise<{ readonly status: number; readonly text: string }>;
  /** The checkpoint last seen for a log key, as stored (or null). */
  loadSeen(key: string): string | null;
  saveSeen(key: string, value: string): void;
  /** Fetches a tile, entry bundle or tile checkpoint (binary) of the page's own origin; needed only when tiles are pinned. */
  readonly fetchTile?: FetchLike;
  /** Milliseconds since the epoch (a cosignature dated in the future is refused); Date.now by default. */
  now?(): number;
}

export interface VerifyInput {
  readonly key: Result<PinnedKey, PinnedKeyError>;
  /** The log size the totals were computed at (GET /funds/donors/:org `size`). */
  readonly totalsSize: number;
  /** Handout ids behind the totals, as sampled with the visitor's seed. */
  readonly sample: readonly string[];
  /** `#witnesses=…&quorum=k` (./pins.ts): undefined or ok(undefined) when none are pinned. */
  readonly witnesses?: Result<WitnessPins | undefined, WitnessPinsError>;
  /** `#tiles=<prefix>`, a path of the page's origin (./pins.ts): undefined or ok(undefined) to ask the ledger for proofs. */
  readonly tiles?: Result<string | undefined, TilesPinError>;
}

export type StepId = 'key' | 'checkpoint' | 'witnesses' | 'consistency' | 'totals' | 'tiles' | 'inclusion';

export interface Step {
  readonly step: StepId;
  readonly ok: boolean;
  /** Passed: what was established (`pinned`, `signed`, `cosigned`, `first`, `same`, `extends`, `covered`, `same-tree`, `tiles-extend`, `extend-tiles`, `included`); failed: the error code. */
  readonly code: string;
  /** Numbers and ids the page shows with the step. */
  readonly values: Readonly<Record<string, string | number>>;
  /** Failed: the technical reason, for the record. */
  readonly reason?: string;
}

const pass = (step: StepId, code: string, values: Step['values'] = {}): Step => ({ step, ok: true, code, values });
const fail = (step: StepId, code: string, reason: string, values: Step['values'] = {}): Step => ({ step, ok: false, code, values, reason });

/** GET, with an unreachable server or a non-200 answer as a failed step. */
async function fetched(ports: VerifyPorts, step: StepId, path: string): Promise<{ text: string } | Step> {
  let answer: { status: number; text: string };
  try {
    answer = await ports.get(path);
  } catch (e) {
    return fail(step, 'unreachable', `GET ${path}: ${(e as Error).message}`);
  }
  if (answer.status !== 200) return fail(step, 'bad-answer', `GET ${path} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  return { text: answer.text };
}

const isStep = (value: { text: string } | Step): value is Step => 'step' in value;

/**
 * The log key GET / publishes, or a failed step. The whole answer must fit
 * the ledger's info (the schema the page's header reads it with too): a
 * server answering something else is not the ledger the address pins.
 */
async function publishedKey(ports: VerifyPorts): Promise<string | Step> {
  const info = await fetched(ports, 'key', '/');
  if (isStep(info)) return info;
  const parsed = checkedAnswerText(logInfoSchema, info.text, 'GET /');
  return parsed.ok ? parsed.value.logKey : fail('key', parsed.code, parsed.message);
}

export async function verify(ports: VerifyPorts, input: VerifyInput, onStep: (step: Step) => void = () => undefined): Promise<readonly Step[]> {
  const steps: Step[] = [];
  const record = (step: Step): void => {
    steps.push(step);
    onStep(step);
  };
  const stop = (step: Step): readonly Step[] => {
    record(step);
    return steps;
  };

  // 1. The key.
  if (!input.key.ok) return stop(fail('key', input.key.code, input.key.message));
  const key = input.key.value;
  // What else the address pins is read before anything is fetched: a malformed pin is refused, never ignored.
  if (input.witnesses !== undefined && !input.witnesses.ok) return stop(fail('key', input.witnesses.code, input.witnesses.message));
  if (input.tiles !== undefined && !input.tiles.ok) return stop(fail('key', input.tiles.code, input.tiles.message));
  const pins = input.witnesses?.ok ? input.witnesses.value : undefined;
  const tilesPrefix = input.tiles?.ok ? input.tiles.value : undefined;
  const published = await publishedKey(ports);
  if (typeof published !== 'string') return stop(published);
  if (published !== key.text) {
    return stop(fail('key', 'key-mismatch', `the server publishes ${published}, the address pins ${key.text}`, { published }));
  }
  record(pass('key', 'pinned', { key: key.text, origin: key.origin }));

  // 2. The checkpoint.
  const note = await fetched(ports, 'checkpoint', '/checkpoint');
  if (isStep(note)) return stop(note);
  const checkpoint = checkCheckpoint(note.text, key);
  if (!checkpoint.ok) return stop(fail('checkpoint', checkpoint.code, checkpoint.message));
  const current = checkpoint.value;
  const root = seenOf(current).root;
  record(pass('checkpoint', 'signed', { size: current.size, root }));

  // 2b. Witnesses: the same note must carry enough cosignatures of the pinned witnesses.
  if (pins !== undefined) {
    const now = Math.floor((ports.now?.() ?? Date.now()) / 1000);
    const { cosigned, error } = checkWitnesses(note.text, pins, now);
    const values = { count: cosigned.length, quorum: pins.quorum, of: pins.witnesses.length, cosigners: cosignersText(cosigned) || '—' };
    if (error !== undefined) return stop(fail('witnesses', error.code, error.message, values));
    record(pass('witnesses', 'cosigned', values));
  }

  // 3. Consistency with what this browser saw before; only then is the new checkpoint remembered.
  const seen = parseSeen(ports.loadSeen(key.text));
  const need = consistencyNeed(seen, current);
  if (!need.ok) return stop(fail('consistency', need.code, need.message, { seen: seen?.size ?? 0, size: current.size }));
  if (need.value.kind === 'proof') {
    const { from, to } = need.value;
    const proof = await fetched(ports, 'consistency', `/proof/consistency?from=${from}&to=${to}`);
    if (isStep(proof)) return stop(proof);
    const consistent = checkConsistency(seen!, current, proof.text);
    if (!consistent.ok) return stop(fail('consistency', consistent.code, consistent.message, { seen: from, size: to }));
  }
  if (current.size > 0) ports.saveSeen(key.text, JSON.stringify(seenOf(current)));
  const how = need.value.kind === 'proof' ? 'extends' : need.value.kind;
  record(pass('consistency', how, { seen: seen?.size ?? 0, size: current.size }));

  // 4. The totals come from a tree the checkpoint covers.
  if (input.totalsSize > current.size) {
    return stop(fail('totals', 'beyond-checkpoint', `the totals count ${input.totalsSize} entries, the signed checkpoint only ${current.size}`));
  }
  record(pass('totals', 'covered', { totals: input.totalsSize, size: current.size, sampled: input.sample.length }));

  // 4b, 5 from tiles.
  if (tilesPrefix !== undefined) return proveFromTiles(ports, tilesPrefix, key, current, input, steps, record, stop);

  // 5. Each sampled handout is in the signed tree.
  for (const id of input.sample) {
    const answer = await fetched(ports, 'inclusion', `/proof/inclusion?id=${encodeURIComponent(id)}&size=${current.size}`);
    if (isStep(answer)) return stop({ ...answer, values: { id } });
    const included = checkInclusion(id, current, answer.text);
    if (!included.ok) return stop(fail('inclusion', included.code, included.message, { id }));
    record(pass('inclusion', 'included', { id, leaf: included.value }));
  }
  return steps;
}

/**
 * With `#tiles=`: the inclusion proofs are computed from the tiles alone
 * (shared/tlog/tile-reader.ts), against the tiles' own signed checkpoint,
 * which is first tied to the checkpoint verified above (and cosigned, when
 * witnesses are pinned): the same tree, a later one the tiles prove extends
 * it, or an earlier one (the tile writer trails the log by seconds) that
 * still covers the totals and that the ledger proves consistent with it.
 *
 * The leaf index of each sampled id is asked of the ledger (GET
 * /receipts/:id), and is only a hint: proveInclusion reads the id from the
 * tiles' entry bundle at that index and the path from the tiles to the
 * signed root, so a wrong index cannot pass, it fails as `entry-mismatch`.
 * Searching the entry bundles instead (findEntry) needs no hint but fetches
 * one bundle per 256 records, thousands of requests per visit on a large
 * log, and is no sounder: either way the tiles decide, not the ledger.
 */
async function proveFromTiles(
  ports: VerifyPorts,
  prefix: string,
  key: PinnedKey,
  current: Checkpoint,
  input: VerifyInput,
  steps: readonly Step[],
  record: (step: Step) => void,
  stop: (step: Step) => readonly Step[],
): Promise<readonly Step[]> {
  if (ports.fetchTile === undefined) return stop(fail('tiles', 'tile-unavailable', 'this page cannot fetch tiles'));
  const get: TileGetter = fetchTiles(prefix, ports.fetchTile);
  const read = await readCheckpoint(get, key.origin, key.verifier);
  if (!read.ok) return stop(fail('tiles', read.code, `${prefix}/checkpoint: ${read.message}`, { prefix }));
  const tiled = read.value.checkpoint;
  const values = { prefix, size: tiled.size, root: seenOf(tiled).root, signed: current.size };
  if (tiled.size < input.totalsSize) {
    return stop(fail('tiles', 'tiles-behind', `the tiles' checkpoint signs ${tiled.size} entries, the totals count ${input.totalsSize}`, values));
  }
  if (tiled.size === current.size) {
    if (!equalBytes(tiled.rootHash, current.rootHash)) return stop(fail('tiles', 'forked', `the tiles and the ledger sign two different roots for size ${tiled.size}`, values));
    record(pass('tiles', 'same-tree', values));
  } else if (tiled.size > current.size) {
    const proven = await proveConsistency(get, current, tiled);
    if (!proven.ok) {
      return stop(fail('tiles', proven.code === 'proof-mismatch' ? 'forked' : proven.code, `the tiles do not prove that they extend the checkpoint of ${current.size}: ${proven.message}`, values));
    }
    record(pass('tiles', 'tiles-extend', values));
  } else {
    // Every tree extends the empty one (and RFC 9162 has no proof for it).
    if (tiled.size > 0) {
      const proof = await fetched(ports, 'tiles', `/proof/consistency?from=${tiled.size}&to=${current.size}`);
      if (isStep(proof)) return stop({ ...proof, values });
      const consistent = checkConsistency(seenOf(tiled), current, proof.text);
      if (!consistent.ok) return stop(fail('tiles', consistent.code, consistent.message, values));
    }
    record(pass('tiles', 'extend-tiles', values));
  }

  for (const id of input.sample) {
    if (!/^[0-9a-f]{64}$/.test(id)) return stop(fail('inclusion', 'bad-answer', `${JSON.stringify(id.slice(0, 80))} is not an event id`, { id }));
    const receipt = await fetched(ports, 'inclusion', `/receipts/${id}`);
    if (isStep(receipt)) return stop({ ...receipt, values: { id } });
    const index = receiptIndexOf(receipt.text);
    if (!index.ok) return stop(fail('inclusion', index.code, index.message, { id }));
    const proven = await proveInclusion(get, tiled, fromHex(id), index.value);
    if (!proven.ok) return stop(fail('inclusion', proven.code, `handout ${id}, record ${index.value}: ${proven.message}`, { id, leaf: index.value }));
    record(pass('inclusion', 'included', { id, leaf: index.value }));
  }
  return steps;
}

/** Every step passed (and there was at least the checkpoint). */
export const verified = (steps: readonly Step[]): boolean => steps.length >= 4 && steps.every((s) => s.ok);
