import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import demoPlan from '../../../resources/demo-plan.json';
import { verifyEvent } from '../../../shared/events';
import { openKitDatabase, type KitDatabase } from '../db/database';
import { createMemoryHost, createMemoryVaultStorage } from '../host/memory-host';
import type { HouseholdForm } from './kit-api';
import { Kit } from './kit';

async function leadId(k: Kit): Promise<string> {
  const state = await k.state();
  if (state.kind === 'unlocked') return state.operator.id;
  if (state.kind === 'locked') return state.operators[0]!.id;
  throw new Error('not set up');
}

const opened: KitDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

const NOW = new Date('2026-11-24T09:00:00.000Z');
const TODAY = '2026-11-24';

async function newKit(name = `kit-${crypto.randomUUID()}`, vault = createMemoryVaultStorage()) {
  const db = await openKitDatabase(name, getRxStorageDexie());
  opened.push(db);
  const kit = new Kit({ db, host: createMemoryHost({ storage: vault }), now: () => NOW, pinIterations: 1000, defaultPlan: demoPlan });
  return { kit, db, name, vault };
}

async function readyKit() {
  const made = await newKit();
  const setup = await made.kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Laptop 1', lead: { name: 'Amina', pin: '1234' } });
  expect(setup.ok).toBe(true);
  return made;
}

const family: HouseholdForm = {
  head: { name: 'Fatuma Ali', sex: 'female', birthYear: 1985 },
  phone: '+254712345678',
  shelter: 'B7/114',
  members: [
    { band: '18-59', sex: 'female', count: 1 },
    { band: '5-17', sex: 'male', count: 2 },
    { band: '0-4', sex: 'female', count: 1 },
  ],
  vulnerabilities: ['single-parent'],
  proxies: [{ name: 'Halima Ali', relation: 'sister' }],
};

async function enrolAndCard(kit: Kit) {
  const enrolled = await kit.enrol(family);
  if (!enrolled.ok) throw new Error(enrolled.message);
  const card = await kit.issueCard(enrolled.value.id);
  if (!card.ok) throw new Error(card.message);
  return { id: enrolled.value.id, qr: card.value.qrText };
}

describe('Kit', () => {
  it('starts in setup, then is unlocked as the first team lead', async () => {
    const { kit } = await newKit();
    expect((await kit.state()).kind).toBe('needs-setup');
    const bad = await kit.setup({ site: 'camp north!', siteName: '', deviceLabel: 'x', lead: { name: 'A', pin: '12' } });
    expect(bad.ok ? '' : bad.code).toBe('invalid');
    await kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'L1', lead: { name: 'Amina', pin: '1234' } });
    expect(await kit.state()).toMatchObject({ kind: 'unlocked', operator: { id: expect.stringMatching(/^op-.{6}-1$/), role: 'team-lead' } });
    const again = await kit.setup({ site: 'x', siteName: 'x', deviceLabel: 'x', lead: { name: 'x', pin: '1234' } });
    expect(again.ok ? '' : again.code).toBe('already-set-up');
  });

  it('locks, refuses a wrong PIN and unlocks with the right one', async () => {
    const { kit } = await readyKit();
    kit.lock();
    expect((await kit.state()).kind).toBe('locked');
    expect((await kit.unlock(await leadId(kit), '9999')).ok).toBe(false);
    expect((await kit.enrol(family)).ok).toBe(false);
    expect((await kit.unlock(await leadId(kit), '1234')).ok).toBe(true);
  });

  it('enrols a household with its personal record sealed, and opens it again', async () => {
    const { kit, db } = await readyKit();
    const enrolled = await kit.enrol(family);
    expect(enrolled.ok && enrolled.value.size).toBe(4);
    if (!enrolled.ok) return;
    const stored = JSON.stringify((await db.events.find().exec()).map((d) => d.toJSON()));
    expect(stored).not.toContain('Fatuma');
    expect(stored).not.toContain('254712345678');
    const detail = await kit.findHousehold(enrolled.value.id.toLowerCase());
    expect(detail.ok && detail.value.form.head.name).toBe('Fatuma Ali');
  });

  it('refuses an enrolment whose members do not make a household', async () => {
    const { kit } = await readyKit();
    const r = await kit.enrol({ ...family, members: [] });
    expect(r.ok ? '' : r.code).toBe('invalid');
  });

  it('checks a ration card it issued, and calls a changed one tampered', async () => {
    const { kit } = await readyKit();
    const { id, qr } = await enrolAndCard(kit);
    const pass = await kit.checkQr(`${qr}\r\n`);
    expect(pass.ok && pass.value).toMatchObject({ household: id, size: 4, method: 'qr' });
    const flipped = qr.slice(0, 40) + (qr[40] === 'A' ? 'B' : 'A') + qr.slice(41);
    const fail = await kit.checkQr(flipped);
    expect(fail.ok ? 'pass' : fail.code).toMatch(/tampered|unreadable/);
    expect((await kit.checkQr('x'.repeat(5_000_000))).ok).toBe(false);
  });

  it('calls a revoked card revoked', async () => {
    const { kit } = await readyKit();
    const { id, qr } = await enrolAndCard(kit);
    expect((await kit.revokeCard(id, 'card-lost')).ok).toBe(true);
    const r = await kit.checkQr(qr);
    expect(r.ok ? 'pass' : r.code).toBe('revoked');
  });

  it('hands out the entitlement once per round; a second needs a team lead override', async () => {
    const { kit } = await readyKit();
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
    const overridden = await kit.recordHandout({ ...input, override: { leadId: await leadId(kit), pin: '1234', reason: 'lead-decision' } });
    expect(overridden.ok).toBe(true);
  });

  it('requires a reason for a partial handout and refuses more than the entitlement', async () => {
    const { kit } = await readyKit();
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
    expect((await kit.recordHandout({ ...base, items: less, partialReason: 'stock-out' })).ok).toBe(true);
  });

  it('refuses a handout without a passing check of that household', async () => {
    const { kit } = await readyKit();
    const { id } = await enrolAndCard(kit);
    const r = await kit.recordHandout({ household: id, checkId: 'a'.repeat(64), items: [], collector: 'head' });
    expect(r.ok ? '' : r.code).toBe('not-checked');
  });

  it('tallies the day, and a void taken back out of it', async () => {
    const { kit } = await readyKit();
    await kit.recordStock({ direction: 'received', items: [{ code: 'maize', qty: 1000, unit: 'kg' }], reference: 'WB-1' });
    const { id, qr } = await enrolAndCard(kit);
    const check = await kit.checkQr(qr);
    const ent = await kit.entitlement(id);
    if (!check.ok || !ent.ok) throw new Error('setup failed');
    const saved = await kit.recordHandout({ household: id, checkId: check.value.checkId, items: ent.value.items, ...(ent.value.cash && { cash: ent.value.cash }), collector: 'proxy' });
    if (!saved.ok) throw new Error(saved.message);
    const t = await kit.tally(TODAY);
    expect(t).toMatchObject({ handouts: 1, households: 1 });
    expect(t.byItem.find((r) => r.code === 'maize')?.qty).toBe(36);
    expect(t.stock.find((s) => s.code === 'maize')).toMatchObject({ received: 1000, handedOut: 36, left: 964 });
    expect(t.byOperator).toEqual([{ operator: await leadId(kit), name: 'Amina', handouts: 1, households: 1 }]);
    expect((await kit.voidHandout(saved.value.eventId, 'data-entry-error', { leadId: await leadId(kit), pin: '0000' })).ok).toBe(false);
    expect((await kit.voidHandout(saved.value.eventId, 'data-entry-error', { leadId: await leadId(kit), pin: '1234' })).ok).toBe(true);
    expect((await kit.voidHandout(saved.value.eventId, 'data-entry-error', { leadId: await leadId(kit), pin: '1234' })).ok).toBe(false);
    const after = await kit.tally(TODAY);
    expect(after.handouts).toBe(0);
    expect(after.rows[0]).toMatchObject({ eventId: saved.value.eventId, voided: true });
    expect(await kit.priorHandouts(id)).toHaveLength(0);
  });

  it('imports the good rows of a caseload and reports each bad one', async () => {
    const { kit } = await readyKit();
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
    expect(await kit.listHouseholds({ limit: 10 })).toHaveLength(2);
    expect((await kit.importCaseload('\u0000\u0001garbage')).ok).toBe(false);
  });

  it('writes only events every peer would accept, chained per device', async () => {
    const { kit, db } = await readyKit();
    await enrolAndCard(kit);
    const docs = (await db.events.find({ sort: [{ device: 'asc' }, { seq: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
    let previous: { id: string; seq: number } | null = null;
    for (const doc of docs) {
      const r = verifyEvent(doc.event, { previous });
      expect(r.ok).toBe(true);
      previous = { id: doc.id, seq: doc.seq };
    }
  });

  it('keeps everything across a restart over the same storage', async () => {
    const first = await readyKit();
    const { id } = await enrolAndCard(first.kit);
    await first.db.close();
    opened.splice(opened.indexOf(first.db), 1);
    const again = await newKit(first.name, first.vault);
    expect((await again.kit.state()).kind).toBe('locked');
    await again.kit.unlock(await leadId(again.kit), '1234');
    const detail = await again.kit.findHousehold(id);
    expect(detail.ok && detail.value.hasCard).toBe(true);
  });
});
