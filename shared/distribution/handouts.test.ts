import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveHandouts, isPartial, priorHandouts, shortfall, type Entitlement, type ItemLine } from './handouts';
import { testDevice } from './test-events';

const HH1 = 'HH-7K3QX9P2-C';
const HH2 = 'HH-00000000-0';
const ROUND = '2026-11-A';

const maize = (qty: number): ItemLine => ({ code: 'maize', qty, unit: 'kg' });
const beans = (qty: number): ItemLine => ({ code: 'beans', qty, unit: 'kg' });
const kes = (amount: number) => ({ amount, currency: 'KES' });

const at = (minute: number) => `2026-11-24T09:${String(minute).padStart(2, '0')}:00.000Z`;

const lines = (events: Parameters<typeof effectiveHandouts>[0]) =>
  effectiveHandouts(events).map((h) => ({ id: h.id, items: h.items, cash: h.cash, correctedBy: h.correctedBy }));

describe('effectiveHandouts', () => {
  it('counts a handout as recorded', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)], cash: kes(200000) });
    expect(effectiveHandouts([h])).toEqual([{ id: h.id, event: h.event, items: [maize(36)], cash: kes(200000), overruledCorrections: [] }]);
  });

  it('leaves out a voided handout, and a void cannot be undone by voiding the void', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] });
    const v = d.void(h.id);
    const vv = d.void(v.id, {}, 'void-was-wrong');
    const vvv = d.void(vv.id);
    expect(effectiveHandouts([h, v])).toEqual([]);
    expect(effectiveHandouts([h, v, vv])).toEqual([]);
    expect(effectiveHandouts([h, v, vv, vvv])).toEqual([]);
  });

  it('replaces items and cash together with the correction in force', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36), beans(6)], cash: kes(200000) });
    const c = d.correction(h.id, { items: [maize(30)] });
    expect(lines([h, c])).toEqual([{ id: h.id, items: [maize(30)], cash: undefined, correctedBy: c.id }]);
    const cashOnly = d.correction(h.id, { cash: kes(150000) }, { at: at(45) });
    expect(lines([h, cashOnly])).toEqual([{ id: h.id, items: [], cash: kes(150000), correctedBy: cashOnly.id }]);
  });

  it('applies the latest of two corrections and reports the other as a conflict, in any arrival order', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] }, { at: at(0) });
    const early = d.correction(h.id, { items: [maize(30)] }, { at: at(10) });
    const late = d.correction(h.id, { items: [maize(32)] }, { at: at(20) });
    for (const events of [[h, early, late], [late, h, early], [early, late, h]]) {
      const [e] = effectiveHandouts(events);
      expect(e?.items).toEqual([maize(32)]);
      expect(e?.correctedBy).toBe(late.id);
      expect(e?.overruledCorrections).toEqual([early.id]);
    }
  });

  it('breaks a tie in time by the larger event id, the same on every device', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] });
    const a = d.correction(h.id, { items: [maize(30)] }, { at: at(10) });
    const b = d.correction(h.id, { items: [maize(31)] }, { at: at(10) });
    const winner = a.id > b.id ? a : b;
    expect(effectiveHandouts([h, a, b])[0]?.correctedBy).toBe(winner.id);
    expect(effectiveHandouts([b, h, a])[0]?.correctedBy).toBe(winner.id);
  });

  it('falls back to the other correction, or the recorded lines, when a correction is voided', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] }, { at: at(0) });
    const early = d.correction(h.id, { items: [maize(30)] }, { at: at(10) });
    const late = d.correction(h.id, { items: [maize(32)] }, { at: at(20) });
    const voidLate = d.void(late.id);
    const voidEarly = d.void(early.id);
    expect(lines([h, early, late, voidLate])).toEqual([{ id: h.id, items: [maize(30)], cash: undefined, correctedBy: early.id }]);
    expect(lines([h, early, late, voidLate, voidEarly])).toEqual([{ id: h.id, items: [maize(36)], cash: undefined, correctedBy: undefined }]);
  });

  it('drops a handout corrected to nothing, as it was in effect not given', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] });
    expect(effectiveHandouts([h, d.correction(h.id, { items: [] })])).toEqual([]);
    expect(effectiveHandouts([h, d.correction(h.id, {})])).toEqual([]);
  });

  it('ignores corrections of corrections and of voids, which give nothing', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] }, { at: at(0) });
    const c = d.correction(h.id, { items: [maize(30)] }, { at: at(10) });
    const cc = d.correction(c.id, { items: [maize(1)] }, { at: at(20) });
    const h2 = d.handout(HH2, { items: [maize(36)] }, { at: at(0) });
    const v = d.void(h2.id);
    const cv = d.correction(v.id, { items: [maize(1)] });
    expect(lines([h, c, cc, h2, v, cv])).toEqual([{ id: h.id, items: [maize(30)], cash: undefined, correctedBy: c.id }]);
  });

  it('applies a void or correction that arrived before its handout (sync order is arbitrary)', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] });
    const c = d.correction(h.id, { items: [maize(30)] });
    const h2 = d.handout(HH2, { items: [maize(36)] });
    const v = d.void(h2.id);
    expect(lines([c, v, h, h2]).map((x) => x.items)).toEqual([[maize(30)]]);
  });

  it('counts an event received twice once', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] });
    expect(effectiveHandouts([h, h, { ...h }])).toHaveLength(1);
  });

  it('works on events straight from verifyEvent (real signatures)', () => {
    const d = testDevice({ round: ROUND, signed: true });
    const h1 = d.handout(HH1, { items: [maize(36)] }, { at: at(1) });
    const h2 = d.handout(HH2, { items: [maize(18)] }, { at: at(2) });
    const c = d.correction(h1.id, { items: [maize(30)] });
    const v = d.void(h2.id);
    expect(lines([h1, h2, c, v])).toEqual([{ id: h1.id, items: [maize(30)], cash: undefined, correctedBy: c.id }]);
  });

  it('lists handouts oldest first, whatever the input order (fast-check)', () => {
    const d = testDevice({ round: ROUND });
    const events = Array.from({ length: 12 }, (_, i) => d.handout(i % 2 ? HH1 : HH2, { items: [maize(i + 1)] }, { at: at(59 - ((i * 7) % 13)) }));
    const expected = effectiveHandouts(events).map((h) => h.id);
    const times = effectiveHandouts(events).map((h) => h.event.at);
    expect(times).toEqual(times.toSorted());
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
        expect(effectiveHandouts(shuffled).map((h) => h.id)).toEqual(expected);
      }),
    );
  });
});

describe('priorHandouts (the double-handout block)', () => {
  it("finds the household's handouts in force in the round, and only those", () => {
    const d = testDevice({ round: ROUND });
    const served = d.handout(HH1, { items: [maize(36)] });
    const otherRound = d.handout(HH1, { items: [maize(36)] }, { round: '2026-10-A' });
    const noRound = d.handout(HH1, { items: [maize(36)] }, { round: null });
    const otherHousehold = d.handout(HH2, { items: [maize(36)] });
    const events = [served, otherRound, noRound, otherHousehold];
    expect(priorHandouts(events, HH1, ROUND).map((h) => h.id)).toEqual([served.id]);
    expect(priorHandouts([...events, d.void(served.id)], HH1, ROUND)).toEqual([]);
    expect(priorHandouts(events, 'HH-ZZZZZZZZ-0', ROUND)).toEqual([]);
  });

  it('still blocks after a partial correction, but not after a correction to nothing', () => {
    const d = testDevice({ round: ROUND });
    const h = d.handout(HH1, { items: [maize(36)] });
    expect(priorHandouts([h, d.correction(h.id, { items: [maize(1)] })], HH1, ROUND)).toHaveLength(1);
    expect(priorHandouts([h, d.correction(h.id, { items: [] })], HH1, ROUND)).toHaveLength(0);
  });
});

describe('shortfall and isPartial', () => {
  const entitlement: Entitlement = { items: [maize(36), beans(6)], cash: kes(200000) };

  it('is not partial when everything entitled was given, extra lines or not', () => {
    expect(isPartial({ items: [beans(6), maize(36)], cash: kes(200000) }, entitlement)).toBe(false);
    expect(isPartial({ items: [maize(20), maize(16), beans(6), { code: 'soap', qty: 2, unit: 'bar' }], cash: kes(250000) }, entitlement)).toBe(false);
    expect(isPartial({ items: [maize(36)] }, { items: [maize(36)] })).toBe(false);
    expect(isPartial({ cash: kes(1) }, { items: [], cash: kes(0) })).toBe(false);
  });

  it('says exactly what is still owed', () => {
    expect(shortfall({ items: [maize(30)], cash: kes(150000) }, entitlement)).toEqual({ items: [maize(6), beans(6)], cash: kes(50000) });
    expect(shortfall({ cash: kes(200000) }, entitlement)).toEqual({ items: [maize(36), beans(6)] });
  });

  it('does not count the wrong unit, the wrong currency, or more of one item against another', () => {
    expect(shortfall({ items: [{ code: 'maize', qty: 36, unit: 'bag' }, beans(6)], cash: kes(200000) }, entitlement).items).toEqual([maize(36)]);
    expect(shortfall({ items: [maize(36), beans(6)], cash: { amount: 200000, currency: 'USD' } }, entitlement).cash).toEqual(kes(200000));
    expect(shortfall({ items: [maize(100)], cash: kes(200000) }, entitlement).items).toEqual([beans(6)]);
  });

  it('is partial exactly when some entitled line or the cash is short (fast-check)', () => {
    const code = fc.constantFrom('maize', 'beans', 'oil', 'salt', 'soap');
    const itemLine = fc.record({ code, qty: fc.integer({ min: 1, max: 100 }), unit: fc.constantFrom('kg', 'L') });
    const bundle = fc.record({ items: fc.array(itemLine, { maxLength: 6 }), cash: fc.option(fc.record({ amount: fc.integer({ min: 0, max: 10 ** 6 }), currency: fc.constantFrom('KES', 'USD') }), { nil: undefined }) });
    const totals = (items: readonly ItemLine[]) => {
      const m = new Map<string, number>();
      for (const l of items) m.set(`${l.code}/${l.unit}`, (m.get(`${l.code}/${l.unit}`) ?? 0) + l.qty);
      return m;
    };
    fc.assert(
      fc.property(bundle, bundle, (rawGiven, rawEntitled) => {
        const given: Entitlement = rawGiven.cash === undefined ? { items: rawGiven.items } : { items: rawGiven.items, cash: rawGiven.cash };
        const entitled: Entitlement =
          rawEntitled.cash === undefined ? { items: rawEntitled.items } : { items: rawEntitled.items, cash: rawEntitled.cash };
        const got = totals(given.items);
        const short =
          [...totals(entitled.items)].some(([key, qty]) => (got.get(key) ?? 0) < qty) ||
          (entitled.cash !== undefined &&
            entitled.cash.amount > (given.cash?.currency === entitled.cash.currency ? given.cash.amount : 0));
        expect(isPartial(given, entitled)).toBe(short);
        // Giving the entitlement itself, or more, is never partial.
        expect(isPartial(entitled, entitled)).toBe(false);
        expect(isPartial({ items: [...entitled.items, ...given.items], ...(entitled.cash ? { cash: entitled.cash } : {}) }, entitled)).toBe(false);
      }),
    );
  });
});
