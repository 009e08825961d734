import { describe, expect, it } from 'vitest';
import { enrolAndCard, exchange, smallFamily, testKits, twoLaptopSite, unwrap } from '../testing';

const kits = testKits();

describe('ration cards', () => {
  it('calls a revoked card revoked', async () => {
    const { kit } = await kits.ready();
    const { id, qr } = await enrolAndCard(kit);
    expect((await kit.revokeCard(id, 'card-lost')).ok).toBe(true);
    const r = await kit.checkQr(qr);
    expect(r.ok ? 'pass' : r.code).toBe('revoked');
  });

  it('revokes only with a lead, a reason and a card', async () => {
    const { kit } = await kits.ready();
    const { id } = await enrolAndCard(kit);
    const bare = unwrap(await kit.enrol(smallFamily));
    expect(await kit.revokeCard(id, 'not a reason!')).toMatchObject({ ok: false, code: 'needs-reason' });
    expect(await kit.revokeCard(bare.id, 'card-lost')).toMatchObject({ ok: false, code: 'no-card' });
    const officer = unwrap(await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: '5555' }));
    await kit.unlock(officer.id, '5555');
    expect(await kit.revokeCard(id, 'card-lost')).toMatchObject({ ok: false, code: 'not-allowed' });
  });

  it('does not flip its own list for a card another laptop issued', async () => {
    const { lead, field } = await twoLaptopSite(kits, 'team-lead');
    const { id } = await enrolAndCard(lead.kit);
    await exchange(lead.kit, field.kit);
    expect(unwrap(await field.kit.listHouseholds({ limit: 5 }))).toEqual([expect.objectContaining({ id, hasCard: true })]);
    expect(await field.kit.revokeCard(id, 'card-lost')).toMatchObject({ ok: false, code: 'not-issued-here' });
  });
});
