import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { verifyEvent, type VerifiedEvent } from '../events/verify';
import { hashLeaf, hashNode } from '../merkle';
import { compareDayClose, dayClose, dayEventIds, eventIdsRoot, type DayCloseBody, type DayCloseComparison } from './day-close';
import { testDevice } from '../distribution/test-events';
import { DAYS, histories, historyAndView } from './test-histories';

const SITE = 'camp-a';
const DAY = '2026-11-24';
const maize = (qty: number) => ({ code: 'maize', qty, unit: 'kg' });
const soap = (qty: number) => ({ code: 'soap', qty, unit: 'bar' });
const kes = (amount: number) => ({ amount, currency: 'KES' });
const on = (day: string, hhmm: string) => ({ at: `${day}T${hhmm}:00.000Z` });

function closed(events: readonly VerifiedEvent[], day = DAY): DayCloseBody {
  const r = dayClose(events, { site: SITE, day });
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

function compared(close: DayCloseBody, events: readonly VerifiedEvent[]): DayCloseComparison {
  const r = compareDayClose(close, events);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

function aDay() {
  const a = testDevice({ round: 'R1' });
  const b = testDevice({ round: 'R1' });
  const lead = testDevice({ round: 'R1' });
  const yesterday = a.handout('HH-Y000', { items: [maize(36)] }, on('2026-11-23', '10:00'));
  const h1 = a.handout('HH-A000', { items: [maize(36), soap(2)], cash: kes(150000) }, on(DAY, '09:00'));
  const h2 = b.handout('HH-B000', { items: [maize(18)] }, on(DAY, '09:30'));
  const h3 = b.handout('HH-C000', { cash: kes(50000) }, on(DAY, '10:00'));
  const received = lead.stock('received', [maize(1000)], on(DAY, '06:00'));
  const v = lead.void(h2.id, on(DAY, '11:00'));
  const c = lead.correction(h1.id, { items: [maize(30), soap(2)], cash: kes(150000) }, on(DAY, '12:00'));
  const tomorrow = a.handout('HH-T000', { items: [maize(36)] }, on('2026-11-25', '08:00'));
  return { a, b, lead, events: [yesterday, h1, h2, h3, received, v, c, tomorrow], day: [h1, h2, h3, received, v, c] };
}

describe('dayClose', () => {
  it("counts the day's events and what its handouts in force gave, with the root over their ids sorted", () => {
    const { events, day } = aDay();
    const ids = day.map((e) => e.id).sort();
    expect(closed(events)).toEqual({
      site: SITE,
      day: DAY,
      events: 6,
      items: [maize(30), soap(2)],
      cash: [kes(200000)],
      root: eventIdsRoot(ids),
    });
    expect(dayEventIds(events, DAY)).toEqual(ids);
  });

  it('computes the root as RFC 9162 over the 32 id bytes of each leaf', () => {
    const ids = ['0'.repeat(64), '1'.repeat(64), 'f'.repeat(64)];
    const [x, y, z] = ids.map((id) => hashLeaf(fromHex(id)));
    expect(eventIdsRoot(ids)).toBe(toHex(hashNode(hashNode(x!, y!), z!)));
    expect(eventIdsRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('is as of the end of the day: a later void does not reopen it, an event of the day does', () => {
    const { lead, events, day } = aDay();
    const close = closed(events);
    const [h1] = day;
    expect(closed([...events, lead.void(h1!.id, on('2026-11-25', '09:00'))])).toEqual(close);
    const sameDay = lead.void(h1!.id, on(DAY, '17:00'));
    expect(closed([...events, sameDay])).toMatchObject({ events: 7, items: [], cash: [kes(50000)] });
  });

  it('leaves day-close events out of the day, so signing the close does not change it', () => {
    const { lead, events } = aDay();
    const close = closed(events);
    const signed = lead.record('day-close', close, on(DAY, '18:00'));
    const again = lead.record('day-close', close, on(DAY, '18:05'));
    expect(closed([...events, signed, again])).toEqual(close);
    expect(compared(close, [...events, signed, again]).matches).toBe(true);
  });

  it('refuses a bad site or day, and a day larger than a close holds', () => {
    expect(dayClose([], { site: 'no spaces', day: DAY })).toMatchObject({ ok: false, code: 'bad-options' });
    expect(dayClose([], { site: SITE, day: '2026-02-30' })).toMatchObject({ ok: false, code: 'bad-options' });
    const a = testDevice({ round: 'R1' });
    const many = Array.from({ length: 501 }, (_, i) => a.handout(`HH-${i}000`, { items: [{ code: `item-${i}`, qty: 1, unit: 'kg' }] }, on(DAY, '09:00')));
    expect(dayClose(many, { site: SITE, day: DAY })).toMatchObject({ ok: false, code: 'too-large' });
    expect(dayClose(many.slice(0, 500), { site: SITE, day: DAY }).ok).toBe(true);
  });

  it('is empty for a day without events', () => {
    expect(closed([], DAY)).toEqual({ site: SITE, day: DAY, events: 0, items: [], cash: [], root: eventIdsRoot([]) });
  });
});

describe('compareDayClose', () => {
  it("matches a device holding the lead's events, in any order, with duplicates", () => {
    const { events } = aDay();
    const close = closed(events);
    expect(compared(close, [...events].reverse().concat(events.slice(0, 3)))).toEqual({
      matches: true,
      events: { expected: 6, actual: 6 },
      sameEvents: true,
      missing: 0,
      extra: 0,
      items: [],
      cash: [],
    });
  });

  it('says what differs: events missing here, with the counts they carry', () => {
    const { events, day } = aDay();
    const close = closed(events);
    const [h1] = day;
    expect(compared(close, events.filter((e) => e.id !== h1!.id))).toEqual({
      matches: false,
      events: { expected: 6, actual: 5 },
      sameEvents: false,
      missing: 1,
      extra: 0,
      items: [
        { code: 'maize', unit: 'kg', expected: 30, actual: 0 },
        { code: 'soap', unit: 'bar', expected: 2, actual: 0 },
      ],
      cash: [{ currency: 'KES', expected: 200000, actual: 50000 }],
    });
  });

  it('says what differs: events here the lead did not have, and the same count of other events', () => {
    const { b, events, day } = aDay();
    const close = closed(events);
    const late = b.handout('HH-L000', { items: [maize(6)] }, on(DAY, '17:30'));
    expect(compared(close, [...events, late])).toMatchObject({
      matches: false,
      events: { expected: 6, actual: 7 },
      missing: 0,
      extra: 1,
      items: [{ code: 'maize', unit: 'kg', expected: 30, actual: 36 }],
      cash: [],
    });
    const [, , , received] = day;
    expect(compared(close, [...events.filter((e) => e.id !== received!.id), late])).toMatchObject({
      matches: false,
      events: { expected: 6, actual: 6 },
      sameEvents: false,
      missing: 1,
      extra: 1,
    });
  });

  it('reads a close by its totals', () => {
    const { events } = aDay();
    const close = closed(events);
    const respelled = { ...close, items: [soap(1), maize(30), soap(1)], cash: [kes(100000), kes(100000)] };
    expect(compared(respelled, events).matches).toBe(true);
  });

  it('works end to end on signed events: the lead signs the close, a device checks it', () => {
    const a = testDevice({ round: 'R1', signed: true });
    const lead = testDevice({ round: 'R1', signed: true });
    const h = a.handout('HH-A000', { items: [maize(36)] }, on(DAY, '09:00'));
    const close = lead.record('day-close', closed([h]), on(DAY, '18:00'));
    const verified = verifyEvent(close.event);
    expect(verified.ok).toBe(true);
    if (!verified.ok || verified.value.event.type !== 'day-close') return;
    expect(compared(verified.value.event.body, [close, h]).matches).toBe(true);
  });
});

describe('day close properties (fast-check)', () => {
  it('is the same on every device holding the same events, in any order, with duplicates, and each matches it', () => {
    fc.assert(
      fc.property(historyAndView, ([events, view]) => {
        for (const day of DAYS) {
          const close = closed(events, day);
          expect(closed(view, day)).toEqual(close);
          expect(compared(close, view).matches).toBe(true);
        }
      }),
    );
  });

  it('does not match a device that misses some of the day’s events or holds others', () => {
    fc.assert(
      fc.property(
        histories.chain((h) => fc.tuple(fc.constant(h.events), fc.subarray(h.events))),
        fc.constantFrom(...DAYS),
        ([events, dropped], day) => {
          const gone = new Set(dropped.map((e) => e.id));
          const kept = events.filter((e) => !gone.has(e.id));
          const lost = dayEventIds(dropped, day).length;
          const close = closed(events, day);
          const here = compared(close, kept);
          expect(here.events).toEqual({ expected: close.events, actual: close.events - lost });
          expect(here.sameEvents).toBe(lost === 0);
          expect(here.missing).toBe(lost);
          // Seen from the other side: the device holds events the close lacks.
          const there = compared(closed(kept, day), events);
          expect(there.extra).toBe(lost);
          expect(there.matches).toBe(lost === 0 && here.matches);
        },
      ),
    );
  });
});
