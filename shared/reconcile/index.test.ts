/**
 * The scenario, pure: two field devices record while apart, one
 * household twice; they sync with the lead (in any order, some events twice);
 * the conflict shows on every device; the lead settles it; every device
 * converges on the same conflicts, gaps, stock and day close.
 */
import { describe, expect, it } from 'vitest';
import type { VerifiedEvent } from '../events/verify';
import { acceptAll, compareDayClose, dayClose, doubleHandouts, gaps, stockReport } from './index';
import { testDevice } from '../distribution/test-events';

const DAY = '2026-11-24';
const on = (hhmm: string) => ({ at: `${DAY}T${hhmm}:00.000Z` });
const maize = (qty: number) => ({ code: 'maize', qty, unit: 'kg' });

function view(events: readonly VerifiedEvent[]) {
  const close = dayClose(events, { site: 'camp-a', day: DAY });
  return { conflicts: doubleHandouts(events), gaps: gaps(events), stock: stockReport(events), close };
}

function scenario() {
  const a = testDevice({ round: 'R1', signed: true });
  const b = testDevice({ round: 'R1', signed: true });
  const lead = testDevice({ round: 'R1', signed: true });
  const delivery = lead.stock('received', [maize(500)], on('06:00'));
  const fromA = [a.handout('HH-A000', { items: [maize(36)] }, { ...on('09:00'), operator: 'op-1' }), a.handout('HH-D000', { items: [maize(36)] }, { ...on('09:05'), operator: 'op-1' })];
  const fromB = [b.handout('HH-B000', { items: [maize(36)] }, { ...on('09:02'), operator: 'op-2' }), b.handout('HH-D000', { items: [maize(36)] }, { ...on('09:07'), operator: 'op-2' })];
  return { lead, delivery, fromA, fromB };
}

describe('reconciliation, end to end on signed events', () => {
  for (const decision of ['void', 'accept'] as const) {
    it(`shows the double handout on every device, and after the lead's ${decision} none, with identical views`, () => {
      const { lead, delivery, fromA, fromB } = scenario();
      const all = [delivery, ...fromA, ...fromB];
      const deviceA = [...fromA, ...fromB.toReversed(), delivery, fromA[0]!];
      const deviceB = [delivery, ...fromB, ...fromA, ...fromB];
      const before = view(all);
      expect(view(deviceA)).toEqual(before);
      expect(view(deviceB)).toEqual(before);
      expect(before.conflicts.map((g) => g.household)).toEqual(['HH-D000']);
      expect(before.gaps.forks).toEqual([]);

      const group = before.conflicts[0]!;
      let settle: VerifiedEvent;
      if (decision === 'void') {
        settle = lead.void(group.handouts[1]!.id, on('12:00'));
      } else {
        const draft = acceptAll(group, 'household-split', 'lead-1');
        if (!draft.ok) throw new Error(draft.message);
        settle = lead.record('resolution', draft.value.body, { ...on('12:00'), round: draft.value.round });
      }
      const after = view([...all, settle]);
      expect(after.conflicts).toEqual([]);
      expect(view([settle, ...deviceA])).toEqual(after);
      expect(view([...deviceB, settle, settle])).toEqual(after);
      const handedOut = decision === 'void' ? 108 : 144;
      expect(after.stock).toMatchObject({ ok: true, value: { site: [{ code: 'maize', handedOut, left: 500 - handedOut }] } });

      // The lead signs the day close; each device checks its own view against it.
      if (!after.close.ok) throw new Error(after.close.message);
      const signedClose = lead.record('day-close', after.close.value, on('18:00'));
      if (signedClose.event.type !== 'day-close') throw new Error('not a day close');
      expect(compareDayClose(signedClose.event.body, [signedClose, settle, ...deviceA])).toMatchObject({ ok: true, value: { matches: true } });
      // A device that never got the lead's decision sees that it differs.
      expect(compareDayClose(signedClose.event.body, deviceB)).toMatchObject({ ok: true, value: { matches: false, missing: 1, extra: 0 } });
    });
  }
});
