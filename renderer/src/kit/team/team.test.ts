import { describe, expect, it } from 'vitest';
import { eventTexts, exchange, handOut, leadApproval as lead, leadId, smallFamily, testKits, TODAY as DAY, unwrap } from '../testing';

const kits = testKits();

const kit = async (now?: Date) => (await kits.open(now && { now })).kit;

describe('a team of two devices', () => {
  it('joins by invitation, converges, surfaces a double handout the lead settles, and agrees on the day close', async () => {
    const leadKit = await kit();
    await leadKit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '4071' } });
    const invitation = await leadKit.invitation('ws://10.0.0.2:4444');
    if (!invitation.ok) throw new Error(invitation.message);

    const field = await kit();
    const joined = await field.setup({ site: '', siteName: '', deviceLabel: 'Field 1', lead: { name: 'Juma', pin: '4071' }, invitation: invitation.value });
    expect(joined.ok && joined.value).toMatchObject({ site: 'camp-north', teamLead: (await leadKit.state()).kind === 'unlocked' ? expect.any(String) : '' });

    // Before the lead certifies the field device, its events wait in quarantine at the lead.
    const enrolled = await field.enrol(smallFamily);
    if (!enrolled.ok) throw new Error(enrolled.message);
    const first = await exchange(field, leadKit);
    expect(first.toB.quarantined).toBeGreaterThan(0);
    expect(unwrap(await leadKit.reconciliation()).quarantine.every((q) => q.reason === 'unknown-device' && q.source === 'a')).toBe(true);

    const fieldDid = joined.ok ? joined.value.device : '';
    expect((await leadKit.certifyDevice(fieldDid, 'field-officer')).ok).toBe(true);
    expect((await field.certifyDevice(fieldDid, 'field-officer')).ok).toBe(false);
    await exchange(leadKit, field);
    expect(unwrap(await leadKit.reconciliation()).quarantine).toEqual([]);

    // Both devices hand out to the same household while apart.
    const household = enrolled.value.id;
    const onField = await handOut(field, household);
    const onLead = await handOut(leadKit, household);
    await exchange(field, leadKit);
    const { conflicts } = unwrap(await leadKit.reconciliation());
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.handouts.map((h) => h.id).sort()).toEqual([onField, onLead].sort());

    // The lead voids one; the decision converges and the conflict is gone everywhere.
    expect((await leadKit.voidHandout(onLead, 'double-handout', await lead(leadKit))).ok).toBe(true);
    await exchange(leadKit, field);
    expect(unwrap(await leadKit.reconciliation()).conflicts).toEqual([]);
    expect(unwrap(await field.reconciliation()).conflicts).toEqual([]);
    const [tLead, tField] = [unwrap(await leadKit.tally(DAY)), unwrap(await field.tally(DAY))];
    expect(tLead.byItem).toEqual(tField.byItem);
    expect(tLead.handouts).toBe(1);

    // Day close: the lead signs it; the field device's view matches.
    expect((await leadKit.closeDay(DAY, await lead(leadKit))).ok).toBe(true);
    await exchange(leadKit, field);
    expect(unwrap(await field.dayCloseStatus(DAY))).toMatchObject({ closed: true, matches: true });
  });

  it('lets the lead accept both handouts of a conflict instead, with a reason', async () => {
    const leadKit = await kit();
    await leadKit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '4071' } });
    const enrolled = await leadKit.enrol(smallFamily);
    if (!enrolled.ok) throw new Error(enrolled.message);
    const other = await kit();
    const invitation = await leadKit.invitation();
    if (!invitation.ok) throw new Error(invitation.message);
    const joined = await other.setup({ site: '', siteName: '', deviceLabel: 'F', lead: { name: 'J', pin: '4071' }, invitation: invitation.value });
    if (!joined.ok) throw new Error(joined.message);
    await leadKit.certifyDevice(joined.value.device, 'field-officer');
    await exchange(leadKit, other);
    await handOut(leadKit, enrolled.value.id);
    await handOut(other, enrolled.value.id);
    await exchange(leadKit, other);
    const [group] = unwrap(await leadKit.reconciliation()).conflicts;
    expect((await leadKit.acceptConflict(group!.key, 'separate-households', { leadId: await leadId(leadKit), pin: '9999' })).ok).toBe(false);
    expect((await leadKit.acceptConflict(group!.key, 'separate-households', await lead(leadKit))).ok).toBe(true);
    await exchange(leadKit, other);
    expect(unwrap(await other.reconciliation()).conflicts).toEqual([]);
    expect((unwrap(await other.tally(DAY))).handouts).toBe(2);
  });

  it('admits the work a device did before the lead certified it, from the source it came from', async () => {
    const leadKit = await kit(new Date('2026-11-24T12:00:00.000Z'));
    await leadKit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '4071' } });
    const invitation = await leadKit.invitation();
    if (!invitation.ok) throw new Error(invitation.message);
    const field = await kit(new Date('2026-11-24T07:30:00.000Z'));
    const joined = await field.setup({ site: '', siteName: '', deviceLabel: 'F', lead: { name: 'J', pin: '4071' }, invitation: invitation.value });
    if (!joined.ok) throw new Error(joined.message);
    await field.enrol(smallFamily);
    await leadKit.ingest(await eventTexts(field), 'laptop-3');
    expect(unwrap(await leadKit.reconciliation()).quarantine.length).toBeGreaterThan(0);
    expect((await leadKit.certifyDevice(joined.value.device, 'field-officer')).ok).toBe(true);
    expect(unwrap(await leadKit.reconciliation()).quarantine).toEqual([]);
    expect(unwrap(await leadKit.listHouseholds({ limit: 5 }))).toHaveLength(1);
  });

  it('refuses a damaged invitation', async () => {
    const k = await kit();
    const r = await k.setup({ site: '', siteName: '', deviceLabel: 'F', lead: { name: 'J', pin: '4071' }, invitation: 'AIDTEAM1:garbage' });
    expect(r.ok ? '' : r.code).toBe('invalid');
  });
});

