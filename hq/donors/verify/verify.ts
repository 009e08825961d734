/**
 * "Verify" on the donor page, in the visitor's browser: step by step, each
 * step's outcome reported as it is known, stopping at the first failure
 * with its reason (a failure is evidence; nothing after it would mean
 * anything).
 *
 *   key          the address pins a log key, and the server publishes the same
 *   checkpoint   GET /checkpoint verifies under the pinned key, for its origin
 *   consistency  it extends the checkpoint this browser saw last (GET /proof/consistency),
 *                which is then replaced by it; a rollback or a fork is refused
 *   totals       the totals were computed over a tree the checkpoint covers
 *   inclusion    each sampled handout behind a total is in that tree (GET /proof/inclusion)
 *
 * I/O comes through `VerifyPorts` (fetch and localStorage in the page, fakes
 * in the tests); the judgements are ./checks.ts.
 */
import type { Result } from '../../../shared/result';
import { checkCheckpoint, checkConsistency, checkInclusion, consistencyNeed, parseSeen, seenOf } from './checks';
import type { PinnedKey, PinnedKeyError } from './pinned-key';

export interface VerifyPorts {
  /** GET a path of the page's own origin. Rejects when the server cannot be reached. */
  get(path: string): Promise<{ readonly status: number; readonly text: string }>;
  /** The checkpoint last seen for a log key, as stored (or null). */
  loadSeen(key: string): string | null;
  saveSeen(key: string, value: string): void;
}

export interface VerifyInput {
  readonly key: Result<PinnedKey, PinnedKeyError>;
  /** The log size the totals were computed at (GET /funds/donors/:org `size`). */
  readonly totalsSize: number;
  /** Handout ids behind the totals, as sampled with the visitor's seed. */
  readonly sample: readonly string[];
}

export type StepId = 'key' | 'checkpoint' | 'consistency' | 'totals' | 'inclusion';

export interface Step {
  readonly step: StepId;
  readonly ok: boolean;
  /** Passed: what was established (`pinned`, `signed`, `first`, `same`, `extends`, `covered`, `included`); failed: the error code. */
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

/** The log key GET / publishes, or a failed step. */
async function publishedKey(ports: VerifyPorts): Promise<string | Step> {
  const info = await fetched(ports, 'key', '/');
  if (isStep(info)) return info;
  try {
    const { logKey } = JSON.parse(info.text) as { logKey?: unknown };
    if (typeof logKey === 'string') return logKey;
  } catch {
    // reported below
  }
  return fail('key', 'bad-answer', 'GET / does not name the log key');
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

/** Every step passed (and there was at least the checkpoint). */
export const verified = (steps: readonly Step[]): boolean => steps.length >= 4 && steps.every((s) => s.ok);
