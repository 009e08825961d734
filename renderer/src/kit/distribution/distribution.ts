/**
 * The round in force and what a household may receive in it; handouts, voids
 * and stock (issue "The field flow"). A handout needs a passing identity check
 * of its household, fits the entitlement (shared/distribution, the one rule),
 * gives a reason when partial, and a second one in the round needs a team
 * lead's PIN.
 */
import { checkHandoutLines, entitlementFor, priorHandouts as effectivePriorHandouts } from '../../../../shared/distribution';
import { describeSchemaError, stockBody, type EventBody, type VerifiedEvent } from '../../../../shared/events';
import { codeSchema } from '../../../../shared/events/fields';
import { err, ok, type Result } from '../../../../shared/result';
import { storedEvent } from '../../db/event-doc';
import type { DistributionApi, Entitlement, EntitlementError } from '../api/distribution';
import type { KitContext } from '../context';
import { leadApproval } from '../team/directory';

export function distributionModule(ctx: KitContext): DistributionApi {
  const { db } = ctx;

  async function entitlement(household: string): Promise<Result<Entitlement, EntitlementError>> {
    const plan = await ctx.plan();
    if (plan === undefined) return err('no-plan', 'no distribution plan is installed');
    const doc = await db.households.findOne(household).exec();
    if (doc === null) return err('not-enrolled', `household ${household} is not enrolled on this device`);
    const entitled = entitlementFor(plan, doc.size);
    if (!entitled.ok) return err('no-rule', entitled.message);
    return ok({ round: plan.round, ...entitled.value });
  }

  /** The household's handouts in the round together with every void or correction aimed at them. */
  async function householdRoundEvents(household: string, round: string): Promise<VerifiedEvent[]> {
    const handouts = (await db.events.find({ selector: { household, round, type: 'handout' } }).exec()).map((d) => storedEvent(d.toMutableJSON()));
    const amendments = await Promise.all(handouts.map(async (h) => (await db.events.find({ selector: { target: h.id } }).exec()).map((d) => storedEvent(d.toMutableJSON()))));
    return [...handouts, ...amendments.flat()];
  }

  async function priorHandouts(household: string) {
    const plan = await ctx.plan();
    if (plan === undefined) return [];
    const events = await householdRoundEvents(household, plan.round);
    return effectivePriorHandouts(events, household, plan.round).map((h) => ({
      eventId: h.id,
      at: h.event.at,
      device: h.event.device,
      operator: h.event.operator ?? '',
      items: h.items,
      ...(h.cash !== undefined && { cash: h.cash }),
    }));
  }

  /** Every item and unit any rule of the plan hands out, once each. */
  async function planItems(): Promise<{ code: string; unit: string }[]> {
    const plan = await ctx.plan();
    const items = new Map<string, { code: string; unit: string }>();
    for (const rule of plan?.rules ?? []) for (const { code, unit } of rule.items) items.set(`${code}\u0000${unit}`, { code, unit });
    return [...items.values()];
  }

  return {
    async currentRound() {
      const plan = await ctx.plan();
      return plan && { round: plan.round, from: plan.from, to: plan.to };
    },

    entitlement,
    priorHandouts,

    async recordHandout(input) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const check = (await db.events.findOne(input.checkId).exec())?.toMutableJSON();
      const checkBody = check?.event.type === 'identity-check' ? check.event.body : undefined;
      if (checkBody?.result !== 'pass' || checkBody.household !== input.household) {
        return err('not-checked', 'check the household identity before handing out');
      }
      const entitled = await entitlement(input.household);
      if (!entitled.ok) return entitled;
      const lines = checkHandoutLines({ items: input.items, cash: input.cash }, entitled.value);
      if (!lines.ok) return lines;
      const partial = lines.value.partial;
      if (partial && (input.partialReason === undefined || !codeSchema.safeParse(input.partialReason).success)) {
        return err('needs-reason', 'less than the entitlement is given: choose a reason');
      }
      const prior = await priorHandouts(input.household);
      let override: { by: string; reason: string } | undefined;
      if (prior.length > 0) {
        if (input.override === undefined) {
          const first = prior[0]!;
          return err('already-received', `household ${input.household} already received in round ${entitled.value.round} at ${first.at} (device ${first.device.slice(-8)}, operator ${first.operator})`);
        }
        const laptop = await ctx.onLeadLaptop('lets a second handout through');
        if (!laptop.ok) return laptop;
        const lead = await leadApproval(ctx, input.override.leadId, input.override.pin);
        if (!lead.ok) return lead;
        if (!codeSchema.safeParse(input.override.reason).success) return err('needs-reason', 'an override needs a reason');
        override = { by: lead.value.id, reason: input.override.reason };
      }
      const body: EventBody<'handout'> = {
        household: input.household,
        ...(input.items.length > 0 && { items: input.items.map((l) => ({ ...l })) }),
        ...(input.cash !== undefined && { cash: { ...input.cash } }),
        collector: input.collector,
        check: input.checkId,
        ...(partial && input.partialReason !== undefined && { partialReason: input.partialReason }),
        ...(override !== undefined && { override }),
      };
      const saved = await (await ctx.events()).append('handout', body, { round: entitled.value.round, operator: operator.value.id });
      return ok({ eventId: saved.id });
    },

    async voidHandout(eventId, reason, lead) {
      const operator = await ctx.decision('voids a handout');
      if (!operator.ok) return operator;
      const approved = await leadApproval(ctx, lead.leadId, lead.pin);
      if (!approved.ok) return approved;
      const approver = approved.value;
      if (!codeSchema.safeParse(reason).success) return err('needs-reason', 'a void needs a reason code');
      const target = (await db.events.findOne(eventId).exec())?.toMutableJSON();
      if (target === undefined || target.type !== 'handout') return err('not-found', 'no such handout on this device');
      if ((await db.events.findOne({ selector: { target: eventId, type: 'void' } }).exec()) !== null) {
        return err('already-void', 'this handout is already void');
      }
      const saved = await (await ctx.events()).append(
        'void',
        { target: eventId, reason, approval: { by: approver.id } },
        { ...(target.round !== '' && { round: target.round }), operator: operator.value.id },
      );
      return ok({ eventId: saved.id });
    },

    planItems,

    async recordStock(input) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const known = await planItems();
      const stray = input.items.find((line) => !known.some((k) => k.code === line.code && k.unit === line.unit));
      if (stray !== undefined) return err('not-in-plan', `${stray.code} in ${stray.unit} is not an item of the plan in force`);
      const body = stockBody.safeParse({ direction: input.direction, items: input.items, ...(input.reference ? { reference: input.reference } : {}) });
      if (!body.success) return err('invalid', describeSchemaError(body.error.issues));
      const saved = await (await ctx.events()).append('stock', body.data, { operator: operator.value.id });
      return ok({ eventId: saved.id });
    },
  };
}
