/**
 * What the public funds routes answer (GET /funds/donors, GET
 * /funds/donors/:org; ledger/service/funds-views.ts builds them) and the
 * donor page reads, shared by both: the ledger types its answers with these
 * types, and the page checks every answer against its schema before
 * anything is shown (a server, or whatever sits in between, may answer
 * anything). Objects are not strict, so that a field the ledger adds later
 * is ignored rather than breaking the page; what is shown is exactly what is
 * listed here, and none of it names a household or a person (principle 5).
 *
 * Behind every total are handout event ids; a pot can be behind thousands,
 * so an answer names how many and a sample the caller's seed chooses
 * (shared/funds sampleIds), to check with `/proof/inclusion?id=…&size=<size>`
 * against the same tree.
 */
import { z } from 'zod';
import { MAX_SAMPLE } from '../funds/sample';

const code = z.string().max(64);
const count = z.number().int().nonnegative();
/** An amount in minor units of a currency, as a decimal string (shared/funds Money). */
const money = z.object({ currency: z.string().regex(/^[A-Z]{3}$/), amount: z.string().regex(/^-?[0-9]{1,40}$/) });
const monies = z.array(money).max(50).readonly();
const item = z.object({ code, unit: code, qty: z.number().nonnegative() });
const items = z.array(item).max(500).readonly();

const sampled = z.object({
  /** How many handout events are behind the total. */
  count,
  /** Those the seed picked, to ask the log to prove. */
  sample: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(MAX_SAMPLE).readonly(),
});

const totals = {
  handouts: count,
  households: count,
  items,
  cash: monies,
  /** Cash plus items at the plan's unit costs, per currency. */
  value: monies,
  /** Items the plan gives no unit cost for: counted, not valued. */
  unpriced: items,
  handoutIds: sampled,
};

const summary = z.object({
  org: code,
  name: z.string().max(200),
  contributions: count,
  contributed: monies,
  allocated: monies,
  attributed: monies,
});

const allocation = z.object({ id: z.string(), round: code, site: code, amount: money, attributed: money });
const contribution = z.object({
  id: z.string(),
  date: z.string().max(10),
  amount: money,
  rounds: z.array(code).max(50).readonly(),
  earmarks: z.array(code).max(10).readonly(),
  reference: code.optional(),
  allocated: money,
  unallocated: money,
  attributed: money,
  allocations: z.array(allocation).max(1000).readonly(),
});

const day = z.object({ day: z.string().max(10), ...totals });
/** One site's distribution round a donor's money went to, with what was handed out there. */
const pot = z.object({
  round: code,
  site: code,
  /** Id of the plan event in force (its unit costs value the items), or null. */
  plan: z.string().nullable(),
  /** Sum of the households' sizes, where HQ holds them. */
  people: count,
  sizeUnknown: count,
  allocated: monies,
  funded: monies,
  unfunded: monies,
  unspent: monies,
  ...totals,
  days: z.array(day).max(3660).readonly(),
});

/** GET /funds/donors: every donor organisation with its totals, at log size `size`. */
export const donorsAnswerSchema = z.object({ size: count, donors: z.array(summary).max(10_000).readonly() });

/** GET /funds/donors/:org?seed=&sample=: one donor's contributions and the pots they went to, sampled with `seed`. */
export const donorAnswerSchema = z.object({
  size: count,
  seed: z.string().max(200),
  donor: z.object({
    org: code,
    name: z.string().max(200),
    contributed: monies,
    allocated: monies,
    attributed: monies,
    contributions: z.array(contribution).max(10_000).readonly(),
  }),
  pots: z.array(pot).max(10_000).readonly(),
});

export type Sampled = z.infer<typeof sampled>;
export type DonorSummary = z.infer<typeof summary>;
export type DonorsAnswer = z.infer<typeof donorsAnswerSchema>;
export type DonorAnswer = z.infer<typeof donorAnswerSchema>;
export type PotAnswer = z.infer<typeof pot>;
export type DayAnswer = z.infer<typeof day>;
