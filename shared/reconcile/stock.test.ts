import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StockLine } from '../distribution/tally';
import { effectiveHandouts } from '../distribution/handouts';
import { effectiveStock } from '../distribution/stock';
import { tally } from '../distribution/tally';
import { stockReport, type StockReport } from './stock';
import { testDevice } from '../distribution/test-events';
import { DAYS, histories, historyAndView, ROUNDS } from './test-histories';

const line = (code: string, qty: number, unit = 'kg') => ({ code, qty, unit });
const stock = (code: string, received: number, returned: number, handedOut: number, unit = 'kg'): StockLine => ({
  code,
  unit,
  received,
  returned,
  handedOut,
  left: received - returned - handedOut,
});

function report(...args: Parameters<typeof stockReport>): StockReport {
  const r = stockReport(...args);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

describe('stockReport', () => {
  it('gives received − returned − handed out per item, for the site and per device', () => {
    const store = testDevice({ round: 'R1' });
    const a = testDevice({ round: 'R1' });
    const b = testDevice({ round: 'R1' });
    const lead = testDevice({ round: 'R1' });
    const ha = a.handout('HH-A000', { items: [line('maize', 36), line('soap', 2, 'bar')] });
    const hb = b.handout('HH-B000', { items: [line('maize', 18)] });
    const typo = b.stock('received', [line('maize', 9999)]);
    const events = [
      store.stock('received', [line('maize', 1000), line('soap', 100, 'bar')]),
      b.stock('received', [line('maize', 200)]),
      a.stock('returned', [line('maize', 50)]),
      ha,
      hb,
      b.handout('HH-C000', { items: [line('maize', 36)] }),
      typo,
      // The lead's amendments count on the devices that recorded what they amend.
      lead.void(typo.id),
      lead.correction(hb.id, { items: [line('maize', 12)] }),
    ];
    expect(report(events)).toEqual({
      site: [stock('maize', 1200, 50, 84), stock('soap', 100, 0, 2, 'bar')],
      devices: [
        { device: store.did, lines: [stock('maize', 1000, 0, 0), stock('soap', 100, 0, 0, 'bar')] },
        { device: a.did, lines: [stock('maize', 0, 50, 36), stock('soap', 0, 0, 2, 'bar')] },
        { device: b.did, lines: [stock('maize', 200, 0, 48)] },
      ].sort((x, y) => (x.device < y.device ? -1 : 1)),
    });
  });

  it('takes the day and round of the tally, and its refusals', () => {
    const a = testDevice();
    const events = [
      a.stock('received', [line('maize', 100)], { at: '2026-11-23T08:00:00.000Z', round: 'R1' }),
      a.handout('HH-A000', { items: [line('maize', 10)] }, { at: '2026-11-24T08:00:00.000Z', round: 'R1' }),
      a.handout('HH-B000', { items: [line('maize', 10)] }, { at: '2026-11-24T08:00:00.000Z', round: 'R2' }),
    ];
    expect(report(events, { day: '2026-11-23' }).site).toEqual([stock('maize', 100, 0, 0)]);
    expect(report(events, { round: 'R1' }).site).toEqual([stock('maize', 100, 0, 10)]);
    expect(report(events, { round: 'R2' }).devices).toEqual([{ device: a.did, lines: [stock('maize', 0, 0, 10)] }]);
    expect(stockReport(events, { day: 'tomorrow' })).toMatchObject({ ok: false, code: 'bad-options' });
  });

  it('is empty without stock or handouts', () => {
    expect(report([])).toEqual({ site: [], devices: [] });
  });
});

const scopes = fc.record({ day: fc.option(fc.constantFrom(...DAYS), { nil: undefined }), round: fc.option(fc.constantFrom(...ROUNDS), { nil: undefined }) }).map(({ day, round }) => ({
  ...(day === undefined ? {} : { day }),
  ...(round === undefined ? {} : { round }),
}));

describe('stockReport properties (fast-check)', () => {
  it('is the same on every device holding the same events, in any order, with duplicates', () => {
    fc.assert(
      fc.property(historyAndView, scopes, ([events, view], scope) => {
        expect(report(view, scope)).toEqual(report(events, scope));
      }),
    );
  });

  it('has the site as the tally’s stock, and the devices adding up to it', () => {
    fc.assert(
      fc.property(histories, scopes, ({ events }, scope) => {
        const r = report(events, scope);
        const t = tally(events, scope);
        expect(t.ok && t.value.stock).toEqual(r.site);
        const sum = new Map<string, { received: number; returned: number; handedOut: number }>();
        for (const d of r.devices) {
          for (const l of d.lines) {
            const key = `${l.code}/${l.unit}`;
            const s = sum.get(key) ?? { received: 0, returned: 0, handedOut: 0 };
            s.received += l.received;
            s.returned += l.returned;
            s.handedOut += l.handedOut;
            sum.set(key, s);
            expect(l.left).toBe(l.received - l.returned - l.handedOut);
          }
        }
        expect(sum).toEqual(new Map(r.site.map((l) => [`${l.code}/${l.unit}`, { received: l.received, returned: l.returned, handedOut: l.handedOut }])));
      }),
    );
  });

  it('gives each device what its own handouts and movements in force add up to, whoever amended them', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        const handouts = effectiveHandouts(events);
        const movements = effectiveStock(events);
        for (const d of report(events).devices) {
          const expected = new Map<string, { received: number; returned: number; handedOut: number }>();
          const entry = (code: string, unit: string) => {
            const key = `${code}/${unit}`;
            const e = expected.get(key) ?? { received: 0, returned: 0, handedOut: 0 };
            expected.set(key, e);
            return e;
          };
          for (const h of handouts) if (h.event.device === d.device) for (const l of h.items) entry(l.code, l.unit).handedOut += l.qty;
          for (const m of movements) if (m.event.device === d.device) for (const l of m.items) entry(l.code, l.unit)[m.direction] += l.qty;
          expect(new Map(d.lines.map((l) => [`${l.code}/${l.unit}`, { received: l.received, returned: l.returned, handedOut: l.handedOut }]))).toEqual(expected);
        }
      }),
    );
  });
});
