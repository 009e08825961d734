/**
 * The team lead's reconciliation (issue "Peer sync and team-lead
 * reconciliation"): double handouts across devices, gaps in the devices'
 * chains, stock per device, the quarantine, and the signed day close. The
 * rules are shared/reconcile's; stock and gaps come from the maintained
 * aggregates, double handouts and day closes from the events they depend on
 * (shared/aggregates/evidence.ts, read through ./evidence.ts), never the
 * whole log (issue 14). This module signs the decisions.
 */
import {
  conflictEvidence,
  DAY_KEYS,
  dayEvidence,
  DEVICE_KEYS,
  gapsFromChains,
  stockReportFromTotals,
  type DayTotals,
  type DeviceChain,
} from '../../../../shared/aggregates';
import { acceptAll, compareDayClose, dayClose, doubleHandouts } from '../../../../shared/reconcile';
import { err, ok } from '../../../../shared/result';
import type { ReconcileApi } from '../api/reconcile';
import type { KitContext } from '../context';
import { leadApproval } from '../team/directory';
import { evidenceSource } from './evidence';

export function reconcileModule(ctx: KitContext): ReconcileApi {
  const { db } = ctx;
  const { aggregates } = ctx.writer;
  const evidence = evidenceSource(db, aggregates);
  return {
    async reconciliation() {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const stock = stockReportFromTotals(await aggregates.range<DayTotals>(DAY_KEYS.from, DAY_KEYS.to));
      if (!stock.ok) return err('overflow', stock.message);
      const quarantine = (await db.quarantine.find({ sort: [{ receivedAt: 'desc' }], limit: 500 }).exec()).map((d) => {
        const { id, reason, message, source, device, receivedAt } = d.toMutableJSON();
        return { id, reason, message, source, device, receivedAt };
      });
      const gaps = gapsFromChains(await aggregates.range<DeviceChain>(DEVICE_KEYS.from, DEVICE_KEYS.to));
      return ok({ conflicts: doubleHandouts(await conflictEvidence(evidence)), gaps, stock: stock.value, quarantine });
    },

    async acceptConflict(key, reason, lead) {
      const operator = await ctx.decision('settles a conflict');
      if (!operator.ok) return operator;
      const approved = await leadApproval(ctx, lead.leadId, lead.pin);
      if (!approved.ok) return approved;
      const approver = approved.value;
      const group = doubleHandouts(await conflictEvidence(evidence)).find((g) => g.key === key);
      if (group === undefined) return err('not-found', 'this conflict is no longer open');
      const decision = acceptAll(group, reason, approver.id);
      if (!decision.ok) {
        if (decision.code === 'bad-approval') throw new Error(`an operator id was refused as an approver: ${decision.message}`);
        return err(decision.code === 'bad-reason' ? 'needs-reason' : 'too-many', decision.message);
      }
      const saved = await (await ctx.events()).append('resolution', decision.value.body, { round: decision.value.round, operator: operator.value.id });
      return ok({ eventId: saved.id });
    },

    async closeDay(day, lead) {
      const operator = await ctx.decision('closes the day');
      if (!operator.ok) return operator;
      const approved = await leadApproval(ctx, lead.leadId, lead.pin);
      if (!approved.ok) return approved;
      const approver = approved.value;
      const profile = await ctx.profile();
      const body = dayClose(await dayEvidence(evidence, day), { site: profile.site, day });
      if (!body.ok) return err(body.code === 'bad-options' ? 'bad-day' : body.code, body.message);
      const saved = await (await ctx.events()).append('day-close', body.value, { operator: approver.id });
      return ok({ eventId: saved.id });
    },

    async dayCloseStatus(day) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const closes = (await db.events.find({ selector: { type: 'day-close' } }).exec())
        .map((d) => d.toMutableJSON())
        .filter((d) => d.event.type === 'day-close' && d.event.body.day === day)
        .sort((a, b) => (a.at < b.at ? 1 : -1));
      const latest = closes[0];
      if (latest === undefined || latest.event.type !== 'day-close') return ok({ closed: false });
      const comparison = compareDayClose(latest.event.body, await dayEvidence(evidence, day));
      if (!comparison.ok) return err('overflow', comparison.message);
      return ok({
        closed: true,
        eventId: latest.id,
        by: latest.device,
        at: latest.at,
        matches: comparison.value.matches,
        expectedEvents: comparison.value.events.expected,
        actualEvents: comparison.value.events.actual,
      });
    },
  };
}
