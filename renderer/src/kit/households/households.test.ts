import { describe, expect, it } from 'vitest';
import { family, testKits, unwrap } from '../testing';

const kits = testKits();

describe('households', () => {
  it('enrols a household with its personal record sealed, and opens it again', async () => {
    const { kit, db } = await kits.ready();
    const enrolled = await kit.enrol(family);
    expect(enrolled.ok && enrolled.value.size).toBe(4);
    if (!enrolled.ok) return;
    const stored = JSON.stringify((await db.events.find().exec()).map((d) => d.toJSON()));
    expect(stored).not.toContain('Fatuma');
    expect(stored).not.toContain('254712345678');
    const detail = await kit.findHousehold(enrolled.value.id.toLowerCase());
    expect(detail.ok && detail.value.form.head.name).toBe('Fatuma Ali');
  });

  it('opens no personal record while the kit is locked', async () => {
    const { kit } = await kits.ready();
    const { id } = unwrap(await kit.enrol(family));
    kit.lock();
    expect(await kit.findHousehold(id)).toMatchObject({ ok: false, code: 'locked' });
    expect(await kit.listHouseholds({ limit: 10 })).toMatchObject({ ok: false, code: 'locked' });
  });

  it('refuses an enrolment whose members do not make a household', async () => {
    const { kit } = await kits.ready();
    const r = await kit.enrol({ ...family, members: [] });
    expect(r.ok ? '' : r.code).toBe('invalid');
  });

  it('imports the good rows of a caseload and reports each bad one', async () => {
    const { kit } = await kits.ready();
    const csv = [
      'head_name,head_sex,shelter,members,phone',
      'Asha Omar,female,C1/2,female:18-59:1;male:0-4:2,',
      ',male,C1/3,male:18-59:1,',
      'Juma Said,male,C1/4,male:18-59:one,',
      'Neema Paul,female,C1/5,female:18-59:1,+254700000001',
    ].join('\n');
    const progress: number[] = [];
    const r = await kit.importCaseload(csv, (done) => progress.push(done));
    expect(r.ok && r.value.imported).toBe(2);
    expect(r.ok && r.value.rejected.map((x) => x.line)).toEqual([3, 4]);
    expect(progress.at(-1)).toBe(2);
    expect(unwrap(await kit.listHouseholds({ limit: 10 }))).toHaveLength(2);
    expect((await kit.importCaseload('\u0000\u0001garbage')).ok).toBe(false);
  });
});
