import { describe, expect, it } from 'vitest';
import { family, leadId, testKits, unwrap } from '../testing';

const kits = testKits();

describe('session', () => {
  it('starts in setup, then is unlocked as the first team lead', async () => {
    const { kit } = await kits.open();
    expect((await kit.state()).kind).toBe('needs-setup');
    const bad = await kit.setup({ site: 'camp north!', siteName: '', deviceLabel: 'x', lead: { name: 'A', pin: '12' } });
    expect(bad.ok ? '' : bad.code).toBe('invalid');
    await kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'L1', lead: { name: 'Amina', pin: '4071' } });
    expect(await kit.state()).toMatchObject({ kind: 'unlocked', operator: { id: expect.stringMatching(/^op-.{6}-1$/), role: 'team-lead' } });
    const again = await kit.setup({ site: 'x', siteName: 'x', deviceLabel: 'x', lead: { name: 'x', pin: '4071' } });
    expect(again.ok ? '' : again.code).toBe('already-set-up');
  });

  it('locks, refuses a wrong PIN and unlocks with the right one', async () => {
    const { kit } = await kits.ready();
    await kit.lock();
    expect((await kit.state()).kind).toBe('locked');
    expect((await kit.unlock(await leadId(kit), '9999')).ok).toBe(false);
    expect((await kit.enrol(family)).ok).toBe(false);
    expect((await kit.unlock(await leadId(kit), '4071')).ok).toBe(true);
  });

  it('lets only a team lead add operators', async () => {
    const { kit } = await kits.ready();
    const officer = await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: '2806' });
    expect(officer.ok && officer.value).toMatchObject({ name: 'Juma', role: 'field-officer', id: expect.stringMatching(/^op-.{6}-2$/) });
    expect(await kit.addOperator({ name: '', role: 'field-officer', pin: '2806' })).toMatchObject({ ok: false, code: 'invalid' });
    await kit.unlock(officer.ok ? officer.value.id : '', '2806');
    expect(await kit.addOperator({ name: 'Neema', role: 'team-lead', pin: '7319' })).toMatchObject({ ok: false, code: 'not-allowed' });
    await kit.lock();
    expect(await kit.addOperator({ name: 'Neema', role: 'team-lead', pin: '7319' })).toMatchObject({ ok: false, code: 'locked' });
  });

  it('backs off after wrong PINs, locks the operator out at ten, and a lead lets them try again', async () => {
    let now = new Date('2026-11-24T09:00:00.000Z');
    const { kit } = await kits.ready({ kit: { now: () => now }, clock: () => now });
    const officer = unwrap(await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: '2806' }));
    await kit.lock();
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      let answer = await kit.unlock(officer.id, '9753');
      while (!answer.ok && answer.code === 'wait') {
        now = new Date(now.getTime() + 5_000);
        answer = await kit.unlock(officer.id, '9753');
      }
      codes.push(answer.ok ? 'unlocked' : answer.code);
    }
    expect(codes).toEqual([...Array<string>(9).fill('bad-secret'), 'locked-out']);
    expect(await kit.state()).toMatchObject({ kind: 'locked', operators: expect.arrayContaining([expect.objectContaining({ id: officer.id, lockedOut: true })]) });
    expect(await kit.unlock(officer.id, '2806')).toMatchObject({ ok: false, code: 'locked-out' });
    unwrap(await kit.unlock(await leadId(kit), '4071'));
    unwrap(await kit.resetOperator(officer.id));
    await kit.lock();
    expect(unwrap(await kit.unlock(officer.id, '2806'))).toMatchObject({ id: officer.id, role: 'field-officer' });
  });

  it('refuses a PIN anyone would guess first', async () => {
    const { kit } = await kits.ready();
    expect(await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: '1234' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: '0000' })).toMatchObject({ ok: false, code: 'invalid' });
    // A passphrase is for team leads.
    expect(await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: 'olive tree by the well' })).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('says it runs in a browser unless the desktop host was given', async () => {
    const { kit } = await kits.ready();
    expect(await kit.hostInfo()).toEqual({ kind: 'browser' });
    const desktop = await kits.ready({ kit: { hostKind: 'desktop' } });
    expect(await desktop.kit.hostInfo()).toMatchObject({ kind: 'desktop', info: { name: expect.any(String) } });
  });
});
