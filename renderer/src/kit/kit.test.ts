import { describe, expect, it } from 'vitest';
import { verifyEvent } from '../../../shared/events';
import { combine } from './combine';
import { enrolAndCard, eventTexts, family, leadApproval, leadId, testKits, TODAY, unwrap } from './testing';

const kits = testKits();

describe('the kit', () => {
  it('writes only events every peer would accept, chained per device', async () => {
    const { kit, db } = await kits.ready();
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
    const first = await kits.ready();
    const { id } = await enrolAndCard(first.kit);
    await kits.close(first.db);
    const again = await kits.open({ name: first.name, vault: first.vault });
    expect((await again.kit.state()).kind).toBe('locked');
    await again.kit.unlock(await leadId(again.kit), '4071');
    const detail = await again.kit.findHousehold(id);
    expect(detail.ok && detail.value.hasCard).toBe(true);
  });

  it('derives a household row the same way whether it was enrolled and carded here or elsewhere (one write path)', async () => {
    const here = await kits.ready();
    const { id } = await enrolAndCard(here.kit);
    const invitation = unwrap(await here.kit.invitation());
    const there = await kits.open();
    unwrap(await there.kit.setup({ site: '', siteName: '', deviceLabel: 'Field', lead: { name: 'J', pin: '4071' }, invitation }));
    const r = await there.kit.ingest(await eventTexts(here.kit), 'lead');
    expect(r.quarantined).toBe(0);
    const rowHere = (await here.db.households.findOne(id).exec())!.toMutableJSON();
    const rowThere = (await there.db.households.findOne(id).exec())!.toMutableJSON();
    expect(rowHere.cardStatusIndex).toBeGreaterThanOrEqual(0);
    for (const field of Object.keys(rowHere) as (keyof typeof rowHere)[]) expect([field, rowThere[field]]).toEqual([field, rowHere[field]]);
    expect(rowThere).toEqual(rowHere);
  });

  it('tells whoever listens what every write stored, local or from elsewhere', async () => {
    const a = await kits.ready();
    const seen: string[] = [];
    const stop = a.kit.onEventsStored((entries) => seen.push(...entries.map((e) => e.id)));
    const { id } = unwrap(await a.kit.enrol(family));
    expect(seen).toHaveLength(1);
    const b = await kits.open();
    unwrap(await b.kit.setup({ site: '', siteName: '', deviceLabel: 'B', lead: { name: 'B', pin: '4071' }, invitation: unwrap(await a.kit.invitation()) }));
    const fromB: string[] = [];
    b.kit.onEventsStored((entries) => fromB.push(...entries.map((e) => e.text)));
    await b.kit.ingest(await eventTexts(a.kit), 'a');
    expect(fromB.join('\n')).toContain(id);
    stop();
    await a.kit.enrol(family);
    expect(seen).toHaveLength(1);
  });

  it('answers every action of a locked kit with `locked`, never another code', async () => {
    const { kit } = await kits.ready();
    const { id, qr } = await enrolAndCard(kit);
    const lead = await leadApproval(kit);
    await kit.lock();
    const answers = {
      addOperator: await kit.addOperator({ name: 'X', role: 'field-officer', pin: '2806' }),
      enrol: await kit.enrol(family),
      importCaseload: await kit.importCaseload('head_name,head_sex,shelter,members\nA,female,C1,female:18-59:1'),
      findHousehold: await kit.findHousehold(id),
      listHouseholds: await kit.listHouseholds({ limit: 1 }),
      issueCard: await kit.issueCard(id),
      revokeCard: await kit.revokeCard(id, 'card-lost'),
      checkQr: await kit.checkQr(qr),
      checkByLookup: await kit.checkByLookup(id, 'card-lost', 'refugee-id'),
      recordHandout: await kit.recordHandout({ household: id, checkId: 'a'.repeat(64), items: [], collector: 'head' }),
      voidHandout: await kit.voidHandout('a'.repeat(64), 'data-entry-error', lead),
      recordStock: await kit.recordStock({ direction: 'received', items: [{ code: 'maize', qty: 1, unit: 'kg' }] }),
      tally: await kit.tally(TODAY),
      reconciliation: await kit.reconciliation(),
      acceptConflict: await kit.acceptConflict('x', 'lead-decision', lead),
      closeDay: await kit.closeDay(TODAY, lead),
      dayCloseStatus: await kit.dayCloseStatus(TODAY),
      invitation: await kit.invitation(),
      certifyDevice: await kit.certifyDevice('did:key:z6Mk', 'field-officer'),
      configureLedger: await kit.configureLedger('http://127.0.0.1:1', 'x'),
      allowAddress: await kit.allowAddress('ws://10.0.0.5:4444', 'lan'),
      // Issue 13: the vault signs no batch while locked; the anchor loop waits for a sign-in.
      anchor: await kit.anchor(),
    };
    for (const [method, answer] of Object.entries(answers)) expect([method, answer.ok ? 'ok' : answer.code]).toEqual([method, 'locked']);
  });
});

describe('combine', () => {
  it('merges capabilities into one API', () => {
    const api = combine({ a: () => 1 }, { b: () => 2 });
    expect(api.a() + api.b()).toBe(3);
  });

  it('refuses two capabilities defining the same method, at start-up and in the types', () => {
    const twice = () => combine({ tally: () => 1 }, { tally: () => 2 });
    expect(twice).toThrow(/two kit capabilities define tally/);
    const typeOnly = (): { tally(): number } =>
      // @ts-expect-error: the combined type names the duplicate instead of the methods
      combine({ tally: () => 1 }, { other: () => 2 }, { tally: () => 3 });
    expect(typeOnly).toThrow(/tally/);
  });
});
