/**
 * The public funds routes the donor page reads (GET /funds/donors,
 * GET /funds/donors/:org, ledger/service/funds-views.ts), checked against
 * these shapes before anything is shown: a server, or whatever sits in
 * between, may answer anything. Objects are not strict, so that a field the
 * ledger adds later is ignored rather than breaking the page; what is shown
 * is exactly what is listed here, and none of it names a household or a
 * person.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../shared/result';
import { call } from '../common/http';

const code = z.string().max(64);
const money = z.object({ currency: z.string().regex(/^[A-Z]{3}$/), amount: z.string().regex(/^-?[0-9]{1,40}$/) });
const monies = z.array(money).max(50);
const item = z.object({ code, unit: code, qty: z.number().nonnegative() });
const sampled = z.object({ count: z.number().int().nonnegative(), sample: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(100) });
const totals = {
  handouts: z.number().int().nonnegative(),
  households: z.number().int().nonnegative(),
  items: z.array(item).max(500),
  cash: monies,
  value: monies,
  unpriced: z.array(item).max(500),
  handoutIds: sampled,
};

const summary = z.object({
  org: code,
  name: z.string().max(200),
  contributions: z.number().int().nonnegative(),
  contributed: monies,
  allocated: monies,
  attributed: monies,
});

const allocation = z.object({ id: z.string(), round: code, site: code, amount: money, attributed: money });
const contribution = z.object({
  id: z.string(),
  date: z.string().max(10),
  amount: money,
  rounds: z.array(code).max(50),
  earmarks: z.array(code).max(10),
  reference: code.optional(),
  allocated: money,
  unallocated: money,
  attributed: money,
  allocations: z.array(allocation).max(1000),
});

const day = z.object({ day: z.string().max(10), ...totals });
const pot = z.object({
  round: code,
  site: code,
  plan: z.string().nullable(),
  people: z.number().int().nonnegative(),
  sizeUnknown: z.number().int().nonnegative(),
  allocated: monies,
  funded: monies,
  unfunded: monies,
  unspent: monies,
  ...totals,
  days: z.array(day).max(3660),
});

const donorsAnswer = z.object({ size: z.number().int().nonnegative(), donors: z.array(summary).max(10_000) });
const donorAnswer = z.object({
  size: z.number().int().nonnegative(),
  seed: z.string().max(200),
  donor: z.object({ org: code, name: z.string().max(200), contributed: monies, allocated: monies, attributed: monies, contributions: z.array(contribution).max(10_000) }),
  pots: z.array(pot).max(10_000),
});

export type Money = z.infer<typeof money>;
export type DonorSummary = z.infer<typeof summary>;
export type DonorAnswer = z.infer<typeof donorAnswer>;
export type PotAnswer = z.infer<typeof pot>;
export type DayAnswer = z.infer<typeof day>;

async function checked<T>(path: string, schema: z.ZodType<T>): Promise<Result<T>> {
  const answer = await call<unknown>(path);
  if (!answer.ok) return answer;
  const parsed = schema.safeParse(answer.value);
  if (!parsed.success) return err('bad-answer', `the ledger's answer is malformed: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
  return ok(parsed.data);
}

export const loadDonors = () => checked('/funds/donors', donorsAnswer);

/** How many handouts per total the page asks the ledger to sample (verify proves each one). */
export const SAMPLE = 3;

export const loadDonor = (org: string, seed: string) =>
  checked(`/funds/donors/${encodeURIComponent(org)}?seed=${encodeURIComponent(seed)}&sample=${SAMPLE}`, donorAnswer);
