/** The day's tally (issue "The field flow"): counted from the log by shared/distribution, named for the screen. */
import { tally as computeTally } from '../../../../shared/distribution';
import type { EventBody } from '../../../../shared/events';
import { err, ok } from '../../../../shared/result';
import type { TallyApi } from '../api/tally';
import type { KitContext } from '../context';
import { operators } from '../team/directory';
import { siteTrust } from '../team/laptops';

export function tallyModule(ctx: KitContext): TallyApi {
  return {
    async tally(day) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const events = await (await ctx.events()).upTo(day);
      const result = computeTally(events, { day });
      if (!result.ok) return err(result.code === 'overflow' ? 'overflow' : 'bad-day', result.message);
      const t = result.value;
      const names = new Map((await operators(ctx)).map((o) => [o.id, o.name]));
      const laptops = new Map([...(await siteTrust(ctx)).laptops.values()].map((l) => [l.device, l.label]));
      const voided = new Set(events.flatMap((e) => (e.event.type === 'void' ? [e.event.body.target] : [])));
      const rows = events
        .filter((e) => e.event.type === 'handout' && e.event.at.slice(0, 10) === day)
        .map(({ id, event }) => {
          const body = event.body as EventBody<'handout'>;
          return {
            eventId: id,
            at: event.at,
            household: body.household,
            operator: event.operator ?? '',
            ...(names.has(event.operator ?? '') && { operatorName: names.get(event.operator ?? '')! }),
            device: event.device,
            ...(laptops.has(event.device) && { laptop: laptops.get(event.device)! }),
            items: body.items ?? [],
            ...(body.cash !== undefined && { cash: body.cash }),
            voided: voided.has(id),
          };
        })
        .sort((a, b) => (a.at < b.at ? 1 : -1));
      return ok({
        day,
        handouts: t.handouts,
        households: t.households,
        byItem: t.byItem,
        cash: t.cash,
        byOperator: t.byOperator.map((o) => ({ operator: o.operator ?? '', name: names.get(o.operator ?? '') ?? '', handouts: o.handouts, households: o.households })),
        stock: t.stock.map((s) => ({ code: s.code, unit: s.unit, received: s.received - s.returned, handedOut: s.handedOut, left: s.left })),
        rows,
      });
    },
  };
}
