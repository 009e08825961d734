/**
 * A distribution plan: HQ's `plan` event (DESIGN.md "Events": round, site,
 * entitlement rules), with the round taken from the event envelope. Each rule
 * gives a band of household sizes its items and cash.
 *
 * Per-person rations (e.g. 3 kg of maize a person) are the common case, but
 * `planBody` has no per-person flag and a body change needs a version bump
 * (bodies.ts). They are written as size bands instead: one rule per size where
 * the ration must be exact (100 rules cover every size 1–100, the schema's
 * limit), or wider bands priced for a typical size, as WFP plans often do.
 *
 * `costs` (event format v3, issue 15) prices items for donors: what one unit
 * of an item cost, so that in-kind handouts count in money (DESIGN.md
 * "Money"). Optional: a plan without them validates as before.
 */
import { z } from 'zod';
import { planBody } from '../events/bodies';
import type { EventOfType } from '../events/envelope';
import { codeSchema } from '../events/fields';
import { err, ok, type Result } from '../result';
import type { Entitlement } from './handouts';

export const distributionPlanSchema = z.strictObject({ round: codeSchema, ...planBody.shape });
export type DistributionPlan = z.infer<typeof distributionPlanSchema>;
export type EntitlementRule = DistributionPlan['rules'][number];
export type UnitCost = NonNullable<DistributionPlan['costs']>[number];

function schemaProblems(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.path.map((k) => (typeof k === 'number' ? `[${k + 1}]` : `.${String(k)}`)).join('').replace(/^\./, '');
    const what = issue.code === 'unrecognized_keys' ? `has unknown fields: ${issue.keys.join(', ')}` : issue.message;
    return where === '' ? what : `${where}: ${what}`;
  });
}

/** Rule number as people count them (rule 1 is the first in the plan). */
const ruleName = (index: number): string => `rule ${index + 1}`;

/** Problems of a schema-valid plan's content, each naming the rule(s) concerned. */
function ruleProblems(plan: DistributionPlan): string[] {
  const problems: string[] = [];
  if (plan.from > plan.to) problems.push(`the plan ends (${plan.to}) before it starts (${plan.from})`);

  const unitOf = new Map<string, string>();
  const currencies = new Set<string>();
  plan.rules.forEach((rule, index) => {
    if (rule.minSize > rule.maxSize) {
      problems.push(`${ruleName(index)}: sizes ${rule.minSize}–${rule.maxSize} are backwards`);
    }
    if (rule.items.length === 0 && rule.cash === undefined) {
      problems.push(`${ruleName(index)}: gives neither items nor cash`);
    }
    const codes = new Set<string>();
    for (const line of rule.items) {
      if (codes.has(line.code)) problems.push(`${ruleName(index)}: lists ${line.code} twice`);
      codes.add(line.code);
      // One unit per item across the plan, or tallies and stock add kilograms to bags.
      const unit = unitOf.get(line.code);
      if (unit === undefined) unitOf.set(line.code, line.unit);
      else if (unit !== line.unit) problems.push(`${ruleName(index)}: ${line.code} is in ${line.unit} here but in ${unit} elsewhere`);
    }
    if (rule.cash !== undefined) currencies.add(rule.cash.currency);
  });
  if (currencies.size > 1) problems.push(`cash must be in one currency, not ${[...currencies].sort().join(' and ')}`);
  problems.push(...costProblems(plan, unitOf));

  // Bands, smallest first, must run 1, 2, … up to the largest size any rule names: no overlap, no gap.
  const bands = plan.rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => rule.minSize <= rule.maxSize)
    .sort((a, b) => a.rule.minSize - b.rule.minSize || a.rule.maxSize - b.rule.maxSize);
  let coveredTo = 0;
  let lastIndex = -1;
  for (const { rule, index } of bands) {
    if (rule.minSize <= coveredTo) {
      problems.push(
        `${ruleName(index)} (sizes ${rule.minSize}–${rule.maxSize}) overlaps ${ruleName(lastIndex)}: households of size ${rule.minSize} would match both`,
      );
    } else if (rule.minSize > coveredTo + 1) {
      const gap = coveredTo + 1 === rule.minSize - 1 ? `${coveredTo + 1}` : `${coveredTo + 1}–${rule.minSize - 1}`;
      problems.push(`no rule covers households of size ${gap}`);
    }
    if (rule.maxSize > coveredTo) {
      coveredTo = rule.maxSize;
      lastIndex = index;
    }
  }
  return problems;
}

/**
 * Problems of a plan's unit costs: each item priced once, in the unit the
 * rules give it, all in one currency (a donor's in-kind total is one sum).
 * An item priced but given by no rule is allowed: a correction may give it.
 */
function costProblems(plan: DistributionPlan, unitOf: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const priced = new Set<string>();
  const currencies = new Set<string>();
  (plan.costs ?? []).forEach((cost, index) => {
    const name = `cost ${index + 1}`;
    if (priced.has(cost.code)) problems.push(`${name}: prices ${cost.code} twice`);
    priced.add(cost.code);
    const unit = unitOf.get(cost.code);
    if (unit !== undefined && unit !== cost.unit) problems.push(`${name}: prices ${cost.code} by the ${cost.unit} but the rules give it in ${unit}`);
    currencies.add(cost.currency);
  });
  if (currencies.size > 1) problems.push(`unit costs must be in one currency, not ${[...currencies].sort().join(' and ')}`);
  return problems;
}

/** What one `unit` of item `code` cost under the plan, when the plan prices it. */
export function unitCostOf(plan: DistributionPlan, code: string, unit: string): UnitCost | undefined {
  return plan.costs?.find((c) => c.code === code && c.unit === unit);
}

/**
 * Checks a plan (from HQ, a file or the demo data): the schema, then rules
 * that cover every size from 1 to the largest they name exactly once, one
 * unit per item, one currency, and unit costs (if any) that price each item
 * once in that unit and one currency. The message lists every problem, one a line.
 */
export function validatePlan(plan: unknown): Result<DistributionPlan, 'invalid-plan'> {
  const parsed = distributionPlanSchema.safeParse(plan);
  if (!parsed.success) return err('invalid-plan', schemaProblems(parsed.error.issues).join('\n'));
  const problems = ruleProblems(parsed.data);
  return problems.length === 0 ? ok(parsed.data) : err('invalid-plan', problems.join('\n'));
}

/** The plan a verified `plan` event publishes; its round is the envelope's. */
export function planFromEvent(event: EventOfType<'plan'>): Result<DistributionPlan, 'invalid-plan'> {
  if (event.round === undefined) return err('invalid-plan', 'the plan event names no round');
  return validatePlan({ round: event.round, ...event.body });
}

/** The largest household size the plan has a rule for. */
export const largestCoveredSize = (plan: DistributionPlan): number => Math.max(...plan.rules.map((r) => r.maxSize));

/**
 * What a household of the given size is entitled to under a validated plan.
 * `no-rule` for a size the plan does not cover (or that is not a size).
 */
export function entitlementFor(plan: DistributionPlan, householdSize: number): Result<Entitlement, 'no-rule'> {
  const rule = Number.isInteger(householdSize)
    ? plan.rules.find((r) => r.minSize <= householdSize && householdSize <= r.maxSize)
    : undefined;
  if (rule === undefined) {
    return err('no-rule', `the plan for round ${plan.round} has no rule for a household of ${householdSize}; ask the team lead`);
  }
  const items = rule.items.map((line) => ({ ...line }));
  return ok(rule.cash === undefined ? { items } : { items, cash: { ...rule.cash } });
}
