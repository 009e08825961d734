import { describe, expect, it } from 'vitest';
import { enrolAndCard, leadId, testKits, TODAY, unwrap } from '../testing';

const kits = testKits();

describe('tally', () => {
  it('tallies the day, and a void taken back out of it', async () => {
    const { kit } = await kits.ready();
    await kit.recordStock({ direction: 'received', items: [{ code: 'maize', qty: 1000, unit: 'kg' }], reference: 'WB-1' });
    const { id, qr } = await enrolAndCard(kit);
    const check = await kit.checkQr(qr);
    const ent = await kit.entitlement(id);
    if (!check.ok || !ent.ok) throw new Error('setup failed');
    const saved = await kit.recordHandout({ household: id, checkId: check.value.checkId, items: ent.value.items, ...(ent.value.cash && { cash: ent.value.cash }), collector: 'proxy' });
    if (!saved.ok) throw new Error(saved.message);
    const t = unwrap(await kit.tally(TODAY));
    expect(t).toMatchObject({ handouts: 1, households: 1 });
    expect(t.byItem.find((r) => r.code === 'maize')?.qty).toBe(36);
    expect(t.stock.find((s) => s.code === 'maize')).toMatchObject({ received: 1000, handedOut: 36, left: 964 });
    expect(t.byOperator).toEqual([{ operator: await leadId(kit), name: 'Amina', handouts: 1, households: 1 }]);
    expect((await kit.voidHandout(saved.value.eventId, 'data-entry-error', { leadId: await leadId(kit), pin: '0000' })).ok).toBe(false);
    expect((await kit.voidHandout(saved.value.eventId, 'data-entry-error', { leadId: await leadId(kit), pin: '4071' })).ok).toBe(true);
    expect((await kit.voidHandout(saved.value.eventId, 'data-entry-error', { leadId: await leadId(kit), pin: '4071' })).ok).toBe(false);
    const after = unwrap(await kit.tally(TODAY));
    expect(after.handouts).toBe(0);
    expect(after.rows[0]).toMatchObject({ eventId: saved.value.eventId, voided: true });
    expect(await kit.priorHandouts(id)).toHaveLength(0);
  });

  it('answers a day that is not a date, and a locked kit, with their own codes', async () => {
    const { kit } = await kits.ready();
    expect(await kit.tally('yesterday')).toMatchObject({ ok: false, code: 'bad-day' });
    await kit.lock();
    expect(await kit.tally(TODAY)).toMatchObject({ ok: false, code: 'locked' });
  });
});
