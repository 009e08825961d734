/**
 * The day's tally (issue "The field flow"), read from the maintained
 * aggregates (issue 14): the day's totals and every day's stock up to it,
 * whatever the log's size; the rows are the day's handouts, one index range.
 * Every void and correction known counts, whenever it was made, as in
 * shared/distribution's `tally`.
 */
import { DAY_KEYS, dayKey, recordKey, tallyFromTotals, type DayTotals, type RecordState } from '../../../../shared/aggregates';
import type { EventBody } from '../../../../shared/events';
import { err, ok } from '../../../../shared/result';
import type { TallyApi } from '../api/tally';
import type { KitContext } from '../context';
import { operators } from '../team/directory';
import { siteTrust } from '../team/laptops';

export function tallyModule(ctx: KitContext): TallyApi {
  const { aggregates } = ctx.writer;
  return {
    async tally(day) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const result = tallyFromTotals(day, await aggregates.range<DayTotals>(DAY_KEYS.from, `${dayKey(day)}\u0000`));
      if (!result.ok) return err(result.code === 'overflow' ? 'overflow' : 'bad-day', result.message);
      const t = result.value;
      const names = new Map((await operators(ctx)).map((o) => [o.id, o.name]));
      const laptops = new Map([...(await siteTrust(ctx)).laptops.values()].map((l) => [l.device, l.label]));
      const handouts = (await ctx.db.events.find({ selector: { day, type: 'handout' } }).exec()).map((d) => d.toMutableJSON());
      const amended = await aggregates.get(handouts.map((h) => recordKey(h.id)));
      const rows = handouts
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
            voided: (amended.get(recordKey(id)) as RecordState | undefined)?.voided === true,
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
