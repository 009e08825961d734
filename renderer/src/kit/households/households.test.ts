import { describe, expect, it } from 'vitest';
import { verifyEvent, type ChainLink } from '../../../../shared/events';
import type { HostApi } from '../../../../shared/ipc';
import { enrolAndCard, exchange, family, leadId, testKits, twoLaptopSite, unwrap } from '../testing';

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
    await kit.lock();
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

describe('a caseload import cut off between the vault and the log', () => {
  it('is stored when the kit starts again, before anything else is recorded: nothing lost, nothing twice', async () => {
    // The window closes while the import waits for the vault: the vault signed the rows (its first chunk), the kit never stored them.
    let closing = false;
    const dies = (memory: HostApi): HostApi => ({
      ...memory,
      signEvents: async (...args) => {
        const answer = await memory.signEvents(...args);
        if (closing) throw new Error('the window was closed');
        return answer;
      },
    });
    const first = await kits.ready({ host: dies });
    unwrap(await first.kit.enrol(family));
    const rows = Array.from({ length: 80 }, (_, i) => `Head ${i},female,B${i % 50}/${i},female:18-59:1;male:0-4:${1 + (i % 6)}`);
    closing = true;
    await expect(first.kit.importCaseload(['head_name,head_sex,shelter,members', ...rows].join('\n'))).rejects.toThrow(/window was closed/);
    const before = await first.db.events.count().exec();
    const vaultHead = unwrap(await first.host.vaultStatus()).head!;
    expect(vaultHead.seq).toBe(before + 80);
    await kits.close(first.db);

    const again = await kits.open({ name: first.name, vault: first.vault });
    unwrap(await again.kit.unlock(await leadId(again.kit), '4071'));
    unwrap(await again.kit.enrol({ ...family, head: { name: 'Neema Paul', sex: 'female', birthYear: 1992 }, phone: '+254700000009', shelter: 'D4/1' }));
    const docs = (await again.db.events.find({ sort: [{ device: 'asc' }, { seq: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
    expect(docs).toHaveLength(before + 81);
    let previous: ChainLink | null = null;
    for (const [i, doc] of docs.entries()) {
      expect(doc.seq).toBe(i + 1);
      expect(verifyEvent(doc.event, { previous }).ok).toBe(true);
      previous = { id: doc.id, seq: doc.seq };
    }
    expect(docs[before + 79]!.id).toBe(vaultHead.id);
    // The rows are households here: listed, and found by name.
    expect(await again.db.households.count().exec()).toBe(82);
    expect(unwrap(await again.kit.searchHouseholds('Head 77', 5))[0]).toMatchObject({ head: 'Head 77', shelter: 'B27/77' });
  });
});

describe('finding anyone, stopping duplicates (issue 11)', () => {
  const arabic = { ...family, head: { name: 'فاطِمة الزَّهراء', sex: 'female' as const, birthYear: 1990 }, phone: '+249912000111', shelter: 'C1/2' };

  it('finds a household by any part of a name in any script, its shelter or its phone', async () => {
    const { kit } = await kits.ready();
    const { id } = unwrap(await kit.enrol(arabic));
    unwrap(await kit.enrol(family));
    expect(unwrap(await kit.searchHouseholds('زهراء', 10))).toEqual([expect.objectContaining({ id, head: 'فاطِمة الزَّهراء', shelter: 'C1/2', matched: 'name' })]);
    expect(unwrap(await kit.searchHouseholds('فاطمه', 10)).map((h) => h.id)).toEqual([id]);
    expect(unwrap(await kit.searchHouseholds('0912 000 111', 10)).map((h) => h.id)).toEqual([id]);
    expect(unwrap(await kit.searchHouseholds('b7/114', 10)).map((h) => h.head)).toEqual(['Fatuma Ali']);
    await kit.lock();
    expect(await kit.searchHouseholds('زهراء', 10)).toMatchObject({ ok: false, code: 'locked' });
  });

  it('stops a near duplicate at enrolment until the officer gives a reason, and records it', async () => {
    const { kit, db } = await kits.ready();
    const first = unwrap(await kit.enrol(family));
    const near = { ...family, head: { ...family.head, name: 'FATUMAH ALI' } };
    const [candidate, ...others] = unwrap(await kit.likelyDuplicates(near));
    expect(others).toEqual([]);
    expect(candidate!.household).toMatchObject({ id: first.id, head: 'Fatuma Ali' });
    expect([...candidate!.reasons].sort()).toEqual(['near-name-birth-year', 'near-name-shelter', 'same-phone']);
    expect(await kit.enrol(near)).toMatchObject({ ok: false, code: 'likely-duplicate' });
    expect(await kit.enrol(near, { duplicateReason: 'not a code!' })).toMatchObject({ ok: false, code: 'needs-reason' });
    const second = unwrap(await kit.enrol(near, { duplicateReason: 'split-household' }));
    const event = (await db.events.findOne({ selector: { household: second.id, type: 'enrolment' } }).exec())!.toMutableJSON().event;
    expect(event.type === 'enrolment' && event.body.duplicate).toEqual({ reason: 'split-household', of: [first.id] });
  });

  it('builds the search index ahead of the first search when asked, telling how far it is in households', async () => {
    const { kit } = await kits.ready();
    // More than one page of records (500), each a household no other row resembles.
    const rows = Array.from({ length: 1_100 }, (_, i) => `Household${i} Family${i},female,Z${i}/1,female:18-59:1,+25470${String(1_000_000 + i)}`);
    expect(unwrap(await kit.importCaseload(['head_name,head_sex,shelter,members,phone', ...rows].join('\n'))).imported).toBe(1_100);
    // A new session has no index: it is built on first use.
    await kit.lock();
    expect(await kit.prepareSearch()).toMatchObject({ ok: false, code: 'locked' });
    unwrap(await kit.unlock(await leadId(kit), '4071'));
    const heard: [number, number][] = [];
    unwrap(await kit.prepareSearch((done, total) => heard.push([done, total])));
    expect(heard.at(-1)).toEqual([1_100, 1_100]);
    expect(heard.filter(([, total]) => total === 1_100).map(([done]) => done)).toEqual([0, 500, 1_000, 1_100]);
    // Built once: a later search, or asking again, does not build it again.
    const again: [number, number][] = [];
    unwrap(await kit.prepareSearch((done, total) => again.push([done, total])));
    expect(again).toEqual([]);
    expect(unwrap(await kit.searchHouseholds('Family1099', 10)).map((h) => h.head)).toEqual(['Household1099 Family1099']);
  });

  it('adds nothing when the same caseload is imported twice, and says which households the rows are', async () => {
    const { kit } = await kits.ready();
    const csv = ['head_name,head_sex,shelter,members,phone', 'Asha Omar,female,C1/2,female:18-59:1;male:0-4:2,', 'Neema Paul,female,C1/5,female:18-59:1,+254700000001', 'Asha  OMAR,female,c1/2,female:18-59:1,'].join('\n');
    const first = unwrap(await kit.importCaseload(csv));
    expect(first.imported).toBe(2);
    expect(first.duplicates).toEqual([expect.objectContaining({ line: 4, reasons: ['same-name-shelter'] })]);
    const again = unwrap(await kit.importCaseload(csv));
    expect(again.imported).toBe(0);
    expect(again.duplicates.map((d) => d.line)).toEqual([2, 3, 4]);
    expect(unwrap(await kit.listHouseholds({ limit: 10 }))).toHaveLength(2);
  });
});

describe('a household’s page (issue 11)', () => {
  it('shows its history, and a lead’s correction is an event every laptop applies', async () => {
    const { lead, field } = await twoLaptopSite(kits);
    const { id } = await enrolAndCard(lead.kit);
    unwrap(await lead.kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    const fixed = unwrap(await lead.kit.correctHousehold(id, { ...family, head: { ...family.head, name: 'Fatuma Ali Hassan' }, members: [...family.members, { band: '0-4', sex: 'male', count: 1 }] }));
    expect(fixed.size).toBe(5);
    expect(unwrap(await lead.kit.householdHistory(id)).map((e) => e.type)).toEqual(['household-update', 'identity-check', 'credential-issued', 'enrolment']);
    await exchange(lead.kit, field.kit);
    expect(unwrap(await field.kit.findHousehold(id))).toMatchObject({ size: 5, form: { head: { name: 'Fatuma Ali Hassan' } } });
    expect(unwrap(await field.kit.searchHouseholds('hassan', 5)).map((h) => h.id)).toEqual([id]);
    expect(await field.kit.correctHousehold(id, family)).toMatchObject({ ok: false, code: 'not-allowed' });
  });
});
