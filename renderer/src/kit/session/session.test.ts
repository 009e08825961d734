import { describe, expect, it } from 'vitest';
import { family, leadId, testKits } from '../testing';

const kits = testKits();

describe('session', () => {
  it('starts in setup, then is unlocked as the first team lead', async () => {
    const { kit } = await kits.open();
    expect((await kit.state()).kind).toBe('needs-setup');
    const bad = await kit.setup({ site: 'camp north!', siteName: '', deviceLabel: 'x', lead: { name: 'A', pin: '12' } });
    expect(bad.ok ? '' : bad.code).toBe('invalid');
    await kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'L1', lead: { name: 'Amina', pin: '1234' } });
    expect(await kit.state()).toMatchObject({ kind: 'unlocked', operator: { id: expect.stringMatching(/^op-.{6}-1$/), role: 'team-lead' } });
    const again = await kit.setup({ site: 'x', siteName: 'x', deviceLabel: 'x', lead: { name: 'x', pin: '1234' } });
    expect(again.ok ? '' : again.code).toBe('already-set-up');
  });

  it('locks, refuses a wrong PIN and unlocks with the right one', async () => {
    const { kit } = await kits.ready();
    kit.lock();
    expect((await kit.state()).kind).toBe('locked');
    expect((await kit.unlock(await leadId(kit), '9999')).ok).toBe(false);
    expect((await kit.enrol(family)).ok).toBe(false);
    expect((await kit.unlock(await leadId(kit), '1234')).ok).toBe(true);
  });

  it('lets only a team lead add operators', async () => {
    const { kit } = await kits.ready();
    const officer = await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: '5555' });
    expect(officer.ok && officer.value).toMatchObject({ name: 'Juma', role: 'field-officer', id: expect.stringMatching(/^op-.{6}-2$/) });
    expect(await kit.addOperator({ name: '', role: 'field-officer', pin: '5555' })).toMatchObject({ ok: false, code: 'invalid' });
    await kit.unlock(officer.ok ? officer.value.id : '', '5555');
    expect(await kit.addOperator({ name: 'Neema', role: 'team-lead', pin: '6666' })).toMatchObject({ ok: false, code: 'not-allowed' });
    kit.lock();
    expect(await kit.addOperator({ name: 'Neema', role: 'team-lead', pin: '6666' })).toMatchObject({ ok: false, code: 'locked' });
  });

  it('says it runs in a browser unless the desktop host was given', async () => {
    const { kit } = await kits.ready();
    expect(await kit.hostInfo()).toEqual({ kind: 'browser' });
    const desktop = await kits.ready({ kit: { hostKind: 'desktop' } });
    expect(await desktop.kit.hostInfo()).toMatchObject({ kind: 'desktop', info: { name: expect.any(String) } });
  });
});
