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
    const officer = unwrap(await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: '2806' }));
    await kit.unlock(officer.id, '2806');
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

describe('cards in bulk, and printed again (issue 11)', () => {
  it('issues cards for a selection with progress, lists what is not enrolled, and the list shows them at once', async () => {
    const { kit } = await kits.ready();
    const csv = ['head_name,head_sex,shelter,members', ...Array.from({ length: 120 }, (_, i) => `Person ${i},female,S${i},female:18-59:1`)].join('\n');
    unwrap(await kit.importCaseload(csv));
    const ids = unwrap(await kit.listHouseholds({ limit: 200 })).map((h) => h.id);
    const progress: number[] = [];
    const r = unwrap(await kit.issueCards([...ids, 'HH-NOPE-1'], (done) => progress.push(done)));
    expect(r.issued).toHaveLength(120);
    expect(r.notEnrolled).toEqual(['HH-NOPE-1']);
    expect(progress.at(-1)).toBe(120);
    expect(unwrap(await kit.listHouseholds({ limit: 200 })).every((h) => h.hasCard)).toBe(true);
    const check = unwrap(await kit.checkQr(r.issued[7]!.qrText));
    expect(check.household).toBe(r.issued[7]!.household);
  });

  it('prints the same card again without replacing it; a card from another laptop is printed there', async () => {
    const { lead, field } = await twoLaptopSite(kits);
    const { id, qr } = await enrolAndCard(lead.kit);
    expect(unwrap(await lead.kit.reprintCard(id)).qrText).toBe(qr);
    expect(unwrap(await lead.kit.checkQr(qr)).household).toBe(id);
    await exchange(lead.kit, field.kit);
    expect(await field.kit.reprintCard(id)).toMatchObject({ ok: false, code: 'not-issued-here' });
    const bare = unwrap(await lead.kit.enrol(smallFamily));
    expect(await lead.kit.reprintCard(bare.id)).toMatchObject({ ok: false, code: 'no-card' });
  });
});
