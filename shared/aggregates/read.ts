/**
 * The screens' figures from the maintained aggregates, in the shapes (and
 * orders) shared/distribution's `tally` and shared/reconcile's `stockReport`
 * and `gaps` give from the whole log: a reader costs the number of days and
 * devices, never the number of events.
 */
import { daySchema } from '../events/fields';
import type { StockLine, Tally, TallyErrorCode } from '../distribution/tally';
import type { DeviceStock, Gaps, SeqRange, StockReport } from '../reconcile';
import { compareText } from '../reconcile/order';
import { err, ok, type Result } from '../result';
import type { DayTotals, DeviceChain, StockSum } from './documents';
import { rangesSize } from './ranges';

const byCodeThenUnit = (a: { code: string; unit: string }, b: { code: string; unit: string }): number => compareText(a.code, b.code) || compareText(a.unit, b.unit);

/** Cash totals as the tally lists them, or `overflow` past Number.MAX_SAFE_INTEGER (tally.ts). */
function cashTotals(sums: ReadonlyMap<string, bigint>): Result<{ currency: string; amount: number }[], 'overflow'> {
  const totals: { currency: string; amount: number }[] = [];
  for (const [currency, amount] of [...sums].sort(([a], [b]) => compareText(a, b))) {
    if (amount > BigInt(Number.MAX_SAFE_INTEGER)) return err('overflow', `the ${currency} total is too large to count exactly`);
    totals.push({ currency, amount: Number(amount) });
  }
  return ok(totals);
}

/** Stock lines summed over the given days, for all devices (`device` undefined) or one. */
function stockLines(days: readonly DayTotals[], device?: string): StockLine[] {
  const lines = new Map<string, { code: string; unit: string; received: number; returned: number; handedOut: number }>();
  for (const day of days) {
    for (const [d, sums] of Object.entries(day.stock)) {
      if (device !== undefined && d !== device) continue;
      for (const [key, s] of Object.entries(sums) as [string, StockSum][]) {
        const line = lines.get(key) ?? { code: s.code, unit: s.unit, received: 0, returned: 0, handedOut: 0 };
        lines.set(key, { ...line, received: line.received + s.received, returned: line.returned + s.returned, handedOut: line.handedOut + s.handedOut });
      }
    }
  }
  return [...lines.values()].sort(byCodeThenUnit).map((s) => ({ ...s, left: s.received - s.returned - s.handedOut }));
}

/**
 * The tally of `day` (`tally(events, { day })`): that day's totals, and stock
 * up to its end from `upTo`, the totals of every day up to it (any order;
 * later days are skipped).
 */
export function tallyFromTotals(day: string, upTo: readonly DayTotals[]): Result<Tally, TallyErrorCode> {
  if (!daySchema.safeParse(day).success) return err('bad-options', `“${String(day)}” is not a date like 2026-11-24`);
  const today = upTo.find((d) => d.day === day);
  const cash = cashTotals(new Map(Object.entries(today?.cash ?? {}).map(([currency, sum]) => [currency, BigInt(sum.amount)])));
  if (!cash.ok) return cash;
  return ok({
    handouts: today?.handouts ?? 0,
    households: today?.households ?? 0,
    byItem: Object.values(today?.items ?? {})
      .map(({ code, unit, qty }) => ({ code, unit, qty }))
      .sort(byCodeThenUnit),
    cash: cash.value,
    byOperator: Object.entries(today?.operators ?? {})
      .map(([operator, o]) => ({ operator: operator === '' ? null : operator, handouts: o.handouts, households: o.households }))
      .sort((a, b) => (a.operator === null ? 1 : b.operator === null ? -1 : compareText(a.operator, b.operator))),
    stock: stockLines(upTo.filter((d) => d.day <= day)),
  });
}

/** Stock on hand for the site and per device (`stockReport(events)`), from the totals of every day. */
export function stockReportFromTotals(days: readonly DayTotals[]): Result<StockReport, 'overflow'> {
  // stockReport tallies every handout, so its cash can overflow too.
  const sums = new Map<string, bigint>();
  for (const day of days) for (const [currency, sum] of Object.entries(day.cash)) sums.set(currency, (sums.get(currency) ?? 0n) + BigInt(sum.amount));
  const cash = cashTotals(sums);
  if (!cash.ok) return cash;
  const devices = new Set(days.flatMap((d) => Object.keys(d.stock)));
  const perDevice: DeviceStock[] = [...devices].sort(compareText).map((device) => ({ device, lines: stockLines(days, device) }));
  return ok({ site: stockLines(days), devices: perDevice.filter((d) => d.lines.length > 0) });
}

/**
 * Gaps in the devices' chains (`gaps(events)`). Forks are never listed: the
 * log holds none, since a second event at a device's seq, or one that does
 * not follow its stored neighbour, is quarantined as `fork` where it arrives
 * (renderer/src/db/ingest.ts) and never stored.
 */
export function gapsFromChains(chains: readonly DeviceChain[]): Gaps {
  const devices = chains
    .filter((c) => c.ranges.length > 0)
    .map(({ device, ranges }) => {
      const last = ranges.at(-1)![1];
      const missing: SeqRange[] = [];
      let next = 1;
      for (const [from, to] of ranges) {
        if (from > next) missing.push({ from: next, to: from - 1 });
        next = to + 1;
      }
      return { device, held: rangesSize(ranges), last, missing, missingCount: missing.reduce((n, r) => n + r.to - r.from + 1, 0) };
    })
    .sort((a, b) => compareText(a.device, b.device));
  return { devices, forks: [] };
}
