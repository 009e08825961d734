import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolutionBody } from '../events/bodies';
import { signedEventSchema } from '../events/envelope';
import { verifyEvent } from '../events/verify';
import { effectiveHandouts } from '../distribution/handouts';
import { tally } from '../distribution/tally';
import { acceptAll, doubleHandouts, type DoubleHandout } from './double-handouts';
import { testDevice } from '../distribution/test-events';
import { anotherView, histories, historyAndView } from './test-histories';

const ROUND = 'R1';
const HH = 'HH-7K3QX9P2-C';
const HH2 = 'HH-00000000-0';
const maize = (qty: number) => ({ code: 'maize', qty, unit: 'kg' });
const at = (minute: number) => `2026-11-24T09:${String(minute).padStart(2, '0')}:00.000Z`;
const ids = (groups: readonly DoubleHandout[]) => groups.map((g) => g.handouts.map((h) => h.id));

function twoDevicesApart() {
  const a = testDevice({ round: ROUND });
  const b = testDevice({ round: ROUND });
  const lead = testDevice({ round: ROUND });
  const ha = a.handout(HH, { items: [maize(36)] }, { at: at(5), operator: 'op-1' });
  const hb = b.handout(HH, { items: [maize(36)], cash: { amount: 150000, currency: 'KES' } }, { at: at(7), operator: 'op-2' });
  return { a, b, lead, ha, hb };
}

describe('doubleHandouts', () => {
  it('lists the same household handed out on two devices in one round, with each device, operator, time and lines', () => {
    const { a, b, ha, hb } = twoDevicesApart();
    expect(doubleHandouts([hb, ha])).toEqual([
      {
        key: `${ROUND}\u0000${HH}`,
        round: ROUND,
        household: HH,
        handouts: [
          { id: ha.id, device: a.did, seq: 1, operator: 'op-1', at: at(5), items: [maize(36)] },
          { id: hb.id, device: b.did, seq: 1, operator: 'op-2', at: at(7), items: [maize(36)], cash: { amount: 150000, currency: 'KES' } },
        ],
        partlyAcceptedBy: [],
      },
    ]);
  });

  it('does not group other households, other rounds, handouts without a round, or a lead override', () => {
    const a = testDevice({ round: ROUND });
    const b = testDevice({ round: ROUND });
    const events = [
      a.handout(HH, { items: [maize(36)] }),
      b.handout(HH2, { items: [maize(36)] }),
      b.handout(HH, { items: [maize(36)] }, { round: 'R2' }),
      b.handout(HH, { items: [maize(36)] }, { round: null }),
      a.handout(HH, { items: [maize(36)] }, { round: null }),
      b.handout(HH, { items: [maize(18)] }, {}, { by: 'lead-1', reason: 'lost-ration' }),
    ];
    expect(doubleHandouts(events)).toEqual([]);
  });

  it('counts handouts in force only: a voided one or one corrected to nothing is no conflict', () => {
    const { lead, ha, hb } = twoDevicesApart();
    expect(doubleHandouts([ha, hb, lead.void(hb.id)])).toEqual([]);
    expect(doubleHandouts([ha, hb, lead.correction(ha.id, { items: [] })])).toEqual([]);
    // A correction to other lines keeps the conflict, with the corrected lines.
    const c = lead.correction(ha.id, { items: [maize(30)] });
    const [group] = doubleHandouts([ha, hb, c]);
    expect(group?.handouts[0]).toMatchObject({ id: ha.id, items: [maize(30)], correctedBy: c.id });
  });

  it('settles a group accepted by the lead, once or twice, by one lead or two', () => {
    const { lead, ha, hb } = twoDevicesApart();
    const other = testDevice({ round: ROUND });
    const accept = lead.accept([hb.id, ha.id]);
    expect(doubleHandouts([ha, hb, accept])).toEqual([]);
    expect(doubleHandouts([ha, hb, accept, accept, other.accept([ha.id, hb.id], {}, 'separate-collectors')])).toEqual([]);
    // The accepted handouts still count, both of them.
    const t = tally([ha, hb, accept]);
    expect(t.ok && t.value.handouts).toBe(2);
    expect(effectiveHandouts([ha, hb, accept])).toHaveLength(2);
  });

  it('reopens an accepted group when another handout of the household syncs in after the decision', () => {
    const { lead, ha, hb } = twoDevicesApart();
    const c = testDevice({ round: ROUND });
    const hc = c.handout(HH, { items: [maize(36)] }, { at: at(9) });
    const accept = lead.accept([ha.id, hb.id]);
    const [group] = doubleHandouts([ha, hb, accept, hc]);
    expect(group?.handouts.map((h) => h.id)).toEqual([ha.id, hb.id, hc.id]);
    expect(group?.partlyAcceptedBy).toEqual([accept.id]);
    // Accepting the newcomer with each of the others, in two decisions, settles it too.
    expect(doubleHandouts([ha, hb, accept, hc, lead.accept([ha.id, hb.id, hc.id])])).toEqual([]);
    expect(doubleHandouts([ha, hb, accept, hc, lead.accept([ha.id, hc.id])])).toHaveLength(1);
    expect(doubleHandouts([ha, hb, accept, hc, lead.accept([ha.id, hc.id]), lead.accept([hb.id, hc.id])])).toEqual([]);
    // Or void the newcomer.
    expect(doubleHandouts([ha, hb, accept, hc, lead.void(hc.id)])).toEqual([]);
  });

  it('brings a group back when its resolution is voided', () => {
    const { lead, ha, hb } = twoDevicesApart();
    const accept = lead.accept([ha.id, hb.id]);
    expect(ids(doubleHandouts([ha, hb, accept, lead.void(accept.id)]))).toEqual([[ha.id, hb.id]]);
  });

  it('settles a resolution that arrived before the handouts it names', () => {
    const { lead, ha, hb } = twoDevicesApart();
    expect(doubleHandouts([lead.accept([ha.id, hb.id]), hb, ha])).toEqual([]);
  });

  it('ignores a resolution naming handouts of other groups or unknown ids', () => {
    const { lead, ha, hb } = twoDevicesApart();
    const elsewhere = testDevice({ round: ROUND }).handout(HH2, { items: [maize(1)] });
    expect(ids(doubleHandouts([ha, hb, lead.accept([ha.id, elsewhere.id]), lead.accept([hb.id, 'f'.repeat(64)])]))).toEqual([[ha.id, hb.id]]);
  });

  it('lists two handouts of one device too (the block was bypassed), and orders groups by round, then household', () => {
    const a = testDevice();
    const events = [
      a.handout(HH, { items: [maize(1)] }, { round: 'R2' }),
      a.handout(HH, { items: [maize(1)] }, { round: 'R2' }),
      a.handout(HH2, { items: [maize(1)] }, { round: 'R2' }),
      a.handout(HH2, { items: [maize(1)] }, { round: 'R2' }),
      a.handout(HH, { items: [maize(1)] }, { round: 'R1' }),
      a.handout(HH, { items: [maize(1)] }, { round: 'R1' }),
    ];
    expect(doubleHandouts(events).map((g) => [g.round, g.household])).toEqual([
      ['R1', HH],
      ['R2', HH2],
      ['R2', HH],
    ]);
  });

  it('works on events straight from verifyEvent, resolution included', () => {
    const a = testDevice({ round: ROUND, signed: true });
    const b = testDevice({ round: ROUND, signed: true });
    const lead = testDevice({ round: ROUND, signed: true });
    const ha = a.handout(HH, { items: [maize(36)] });
    const hb = b.handout(HH, { items: [maize(36)] });
    const [group] = doubleHandouts([ha, hb]);
    const draft = acceptAll(group!, 'second-collector', 'lead-1');
    expect(draft.ok).toBe(true);
    if (!draft.ok) return;
    const accept = lead.record('resolution', draft.value.body, { round: draft.value.round });
    expect(verifyEvent(accept.event).ok).toBe(true);
    expect(doubleHandouts([ha, hb, accept])).toEqual([]);
  });
});

describe('acceptAll', () => {
  it('names the group’s handouts sorted, in the group’s round', () => {
    const { ha, hb } = twoDevicesApart();
    const [group] = doubleHandouts([ha, hb]);
    const r = acceptAll(group!, 'second-collector', 'lead-1');
    expect(r).toEqual({
      ok: true,
      value: { round: ROUND, body: { handouts: [ha.id, hb.id].sort(), decision: 'accept-all', reason: 'second-collector', approval: { by: 'lead-1' } } },
    });
  });

  it('refuses a bad reason or lead, and a group larger than one resolution holds', () => {
    const { ha, hb } = twoDevicesApart();
    const [group] = doubleHandouts([ha, hb]);
    expect(acceptAll(group!, 'no spaces', 'lead-1')).toMatchObject({ ok: false, code: 'bad-reason' });
    expect(acceptAll(group!, 'ok', '')).toMatchObject({ ok: false, code: 'bad-approval' });
    const a = testDevice({ round: ROUND });
    const many = Array.from({ length: 21 }, () => a.handout(HH, { items: [maize(1)] }));
    const [big] = doubleHandouts(many);
    expect(acceptAll(big!, 'ok', 'lead-1')).toMatchObject({ ok: false, code: 'too-many' });
  });
});

describe('resolution body', () => {
  const id = (c: string) => c.repeat(64);
  const body = (handouts: string[]) => ({ handouts, decision: 'accept-all', reason: 'second-collector', approval: { by: 'lead-1' } });

  it('takes 2 to 20 distinct ids in ascending order, and nothing else', () => {
    expect(resolutionBody.safeParse(body([id('a'), id('b')])).success).toBe(true);
    const twenty = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(64, '0'));
    expect(resolutionBody.safeParse(body(twenty)).success).toBe(true);
    for (const bad of [
      body([id('a')]),
      body([id('b'), id('a')]),
      body([id('a'), id('a')]),
      body([...twenty, id('f')]),
      body([id('a'), 'A'.repeat(64)]),
      { ...body([id('a'), id('b')]), decision: 'void-one' },
      { ...body([id('a'), id('b')]), note: 'free text' },
      { handouts: [id('a'), id('b')], decision: 'accept-all', reason: 'x' },
    ]) {
      expect(resolutionBody.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it('is an event type of the v1 envelope', () => {
    const { lead, ha, hb } = twoDevicesApart();
    expect(signedEventSchema.safeParse(lead.accept([ha.id, hb.id]).event).success).toBe(true);
  });
});

/** A history with double handouts: its groups (`before`), and one of them. */
const withGroup = fc
  .tuple(histories.filter((h) => doubleHandouts(h.events).length > 0), fc.nat())
  .map(([{ events, devices }, pick]) => {
    const before = doubleHandouts(events);
    return { events, devices, before, group: before[pick % before.length]! };
  });

describe('doubleHandouts properties (fast-check)', () => {
  it('is the same on every device holding the same events, in any order, with duplicates', () => {
    fc.assert(
      fc.property(historyAndView, ([events, view]) => {
        expect(doubleHandouts(view)).toEqual(doubleHandouts(events));
      }),
    );
  });

  it('lists groups of two or more handouts in force, no override, one round and household, none settled', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        const live = new Map(effectiveHandouts(events).map((h) => [h.id, h]));
        const seen = new Set<string>();
        for (const g of doubleHandouts(events)) {
          expect(g.handouts.length).toBeGreaterThanOrEqual(2);
          for (const h of g.handouts) {
            const e = live.get(h.id);
            expect(e).toBeDefined();
            expect(e?.event.round).toBe(g.round);
            expect(e?.event.body.household).toBe(g.household);
            expect(e?.event.body.override).toBeUndefined();
            expect(seen.has(h.id)).toBe(false);
            seen.add(h.id);
          }
        }
      }),
    );
  });

  it('settles a group everywhere when the lead accepts it, and leaves the other groups as they were', () => {
    fc.assert(
      fc.property(withGroup, fc.nat(), ({ events, devices, before, group }, by) => {
        fc.pre(group.handouts.length <= 20);
        const lead = devices[by % devices.length]!;
        const accept = lead.accept(group.handouts.map((h) => h.id));
        const after = [...events, accept];
        const expected = before.filter((g) => g.key !== group.key);
        expect(doubleHandouts(after)).toEqual(expected);
        fc.assert(
          fc.property(anotherView(after), (view) => {
            expect(doubleHandouts(view)).toEqual(expected);
          }),
          { numRuns: 5 },
        );
        // A second acceptance of the same group changes nothing.
        expect(doubleHandouts([...after, lead.accept(group.handouts.map((h) => h.id))])).toEqual(expected);
      }),
    );
  });

  it('settles a group when the lead voids all but one of its handouts', () => {
    fc.assert(
      fc.property(withGroup, fc.nat(), ({ events, devices, before, group }, keep) => {
        const lead = devices[0]!;
        const kept = group.handouts[keep % group.handouts.length]!;
        const voids = group.handouts.filter((h) => h !== kept).map((h) => lead.void(h.id));
        const after = doubleHandouts([...events, ...voids]);
        expect(after.map((g) => g.key)).not.toContain(group.key);
        expect(after).toEqual(before.filter((g) => g.key !== group.key));
        // With exactly two, one void settles it.
        if (group.handouts.length === 2) expect(voids).toHaveLength(1);
      }),
    );
  });
});
