import { describe, expect, it } from 'vitest';
import demoPlan from '../../../../resources/demo-plan.json';
import { enrolAndCard, leadId, testKits, unwrap } from '../testing';

const kits = testKits();

describe('distribution', () => {
  it('hands out the entitlement once per round; a second needs a team lead override', async () => {
    const { kit } = await kits.ready();
    const { id, qr } = await enrolAndCard(kit);
    const check = await kit.checkQr(qr);
    if (!check.ok) throw new Error(check.message);
    const ent = await kit.entitlement(id);
    if (!ent.ok) throw new Error(ent.message);
    expect(ent.value.round).toBe('2026-11-A');
    const input = { household: id, checkId: check.value.checkId, items: ent.value.items, ...(ent.value.cash && { cash: ent.value.cash }), collector: 'head' as const };
    const first = await kit.recordHandout(input);
    expect(first.ok).toBe(true);
    const second = await kit.recordHandout(input);
    expect(second.ok ? '' : second.code).toBe('already-received');
    expect(await kit.priorHandouts(id)).toHaveLength(1);
    const wrongPin = await kit.recordHandout({ ...input, override: { leadId: await leadId(kit), pin: '0000', reason: 'lead-decision' } });
    expect(wrongPin.ok ? '' : wrongPin.code).toBe('bad-pin');
    const overridden = await kit.recordHandout({ ...input, override: { leadId: await leadId(kit), pin: '4071', reason: 'lead-decision' } });
    expect(overridden.ok).toBe(true);
  });

  it('requires a reason for a partial handout and refuses more than the entitlement', async () => {
    const { kit } = await kits.ready();
    const { id, qr } = await enrolAndCard(kit);
    const check = await kit.checkQr(qr);
    const ent = await kit.entitlement(id);
    if (!check.ok || !ent.ok) throw new Error('setup failed');
    const base = { household: id, checkId: check.value.checkId, collector: 'head' as const };
    const less = ent.value.items.map((l, i) => (i === 0 ? { ...l, qty: l.qty - 1 } : l));
    expect(await kit.recordHandout({ ...base, items: less })).toMatchObject({ ok: false, code: 'needs-reason' });
    const more = ent.value.items.map((l, i) => (i === 0 ? { ...l, qty: l.qty + 1 } : l));
    expect(await kit.recordHandout({ ...base, items: more })).toMatchObject({ ok: false, code: 'over-entitlement' });
    expect(await kit.recordHandout({ ...base, items: [{ code: 'maize', qty: -5, unit: 'kg' }] })).toMatchObject({ ok: false, code: 'bad-quantity' });
    expect(await kit.recordHandout({ ...base, items: [] })).toMatchObject({ ok: false, code: 'nothing-to-give' });
    expect((await kit.recordHandout({ ...base, items: less, partialReason: 'stock-out' })).ok).toBe(true);
  });

  it('refuses a handout without a passing check of that household', async () => {
    const { kit } = await kits.ready();
    const { id } = await enrolAndCard(kit);
    const r = await kit.recordHandout({ household: id, checkId: 'a'.repeat(64), items: [], collector: 'head' });
    expect(r.ok ? '' : r.code).toBe('not-checked');
  });

  it('names a missing plan rule for what it is, not a missing check', async () => {
    // A plan for households of 1 or 2 only; the family has 4 members.
    const { kit } = await kits.ready({ kit: { defaultPlan: { ...demoPlan, rules: demoPlan.rules.slice(0, 1) } } });
    const { id } = await enrolAndCard(kit);
    const check = unwrap(await kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    expect(await kit.entitlement(id)).toMatchObject({ ok: false, code: 'no-rule' });
    const r = await kit.recordHandout({ household: id, checkId: check.checkId, items: [{ code: 'maize', qty: 1, unit: 'kg' }], collector: 'head' });
    expect(r).toMatchObject({ ok: false, code: 'no-rule' });
  });

  it('voids only with a lead PIN and a reason code, once', async () => {
    const { kit } = await kits.ready();
    const { id } = await enrolAndCard(kit);
    const check = unwrap(await kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    const ent = unwrap(await kit.entitlement(id));
    const saved = unwrap(await kit.recordHandout({ household: id, checkId: check.checkId, items: ent.items, ...(ent.cash && { cash: ent.cash }), collector: 'head' }));
    const lead = { leadId: await leadId(kit), pin: '4071' };
    expect(await kit.voidHandout(saved.eventId, 'because!', lead)).toMatchObject({ ok: false, code: 'needs-reason' });
    expect(await kit.voidHandout('b'.repeat(64), 'data-entry-error', lead)).toMatchObject({ ok: false, code: 'not-found' });
    expect(await kit.voidHandout(saved.eventId, 'data-entry-error', { ...lead, pin: '0000' })).toMatchObject({ ok: false, code: 'bad-pin' });
    expect((await kit.voidHandout(saved.eventId, 'data-entry-error', lead)).ok).toBe(true);
    expect(await kit.voidHandout(saved.eventId, 'data-entry-error', lead)).toMatchObject({ ok: false, code: 'already-void' });
  });

  it('records stock only against the plan’s items and units', async () => {
    const { kit } = await kits.ready();
    expect(await kit.planItems()).toEqual(expect.arrayContaining([{ code: 'maize', unit: 'kg' }, { code: 'veg-oil', unit: 'L' }]));
    expect(await kit.recordStock({ direction: 'received', items: [{ code: 'oil', qty: 3, unit: 'kg' }] })).toMatchObject({ ok: false, code: 'not-in-plan' });
    expect(await kit.recordStock({ direction: 'received', items: [{ code: 'veg-oil', qty: 3, unit: 'kg' }] })).toMatchObject({ ok: false, code: 'not-in-plan' });
    expect((await kit.recordStock({ direction: 'received', items: [{ code: 'veg-oil', qty: 3, unit: 'L' }] })).ok).toBe(true);
  });

  it('refuses a stock record that is not one, with what is wrong', async () => {
    const { kit } = await kits.ready();
    const r = await kit.recordStock({ direction: 'received', items: [{ code: 'maize', qty: -3, unit: 'kg' }] });
    expect(r).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('items') });
    expect((await kit.recordStock({ direction: 'received', items: [{ code: 'maize', qty: 3, unit: 'kg' }] })).ok).toBe(true);
  });
});
