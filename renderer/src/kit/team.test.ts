import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import demoPlan from '../../../resources/demo-plan.json';
import { openKitDatabase, type KitDatabase } from '../db/database';
import { createMemoryHost } from '../host/memory-host';
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
const DAY = '2026-11-24';
const lead = async (k: Kit) => ({ leadId: await leadId(k), pin: '1234' });

async function kit(now = NOW) {
  const db = await openKitDatabase(`team-${crypto.randomUUID()}`, getRxStorageDexie());
  opened.push(db);
  return new Kit({ db, host: createMemoryHost(), now: () => now, pinIterations: 1000, defaultPlan: demoPlan });
}

const family: HouseholdForm = {
  head: { name: 'Asha', sex: 'female' },
  shelter: 'C1/2',
  members: [{ band: '18-59', sex: 'female', count: 2 }],
  vulnerabilities: [],
  proxies: [],
};

/** Both ways, as a sync session or two sync files would. */
async function exchange(a: Kit, b: Kit) {
  const toB = await b.ingest(await a.eventTexts(), 'a');
  const toA = await a.ingest(await b.eventTexts(), 'b');
  return { toA, toB };
}

async function handOut(k: Kit, household: string) {
  const check = await k.checkByLookup(household, 'card-lost');
  const entitlement = await k.entitlement(household);
  if (!check.ok || !entitlement.ok) throw new Error('check failed');
  const saved = await k.recordHandout({ household, checkId: check.value.checkId, items: entitlement.value.items, collector: 'head', partialReason: 'other' });
  if (!saved.ok) throw new Error(saved.message);
  return saved.value.eventId;
}

describe('a team of two devices', () => {
  it('joins by invitation, converges, surfaces a double handout the lead settles, and agrees on the day close', async () => {
    const leadKit = await kit();
    await leadKit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '1234' } });
    const invitation = await leadKit.invitation('ws://10.0.0.2:4444');
    if (!invitation.ok) throw new Error(invitation.message);

    const field = await kit();
    const joined = await field.setup({ site: '', siteName: '', deviceLabel: 'Field 1', lead: { name: 'Juma', pin: '1234' }, invitation: invitation.value });
    expect(joined.ok && joined.value).toMatchObject({ site: 'camp-north', teamLead: (await leadKit.state()).kind === 'unlocked' ? expect.any(String) : '' });

    // Before the lead certifies the field device, its events wait in quarantine at the lead.
    const enrolled = await field.enrol(family);
    if (!enrolled.ok) throw new Error(enrolled.message);
    const first = await exchange(field, leadKit);
    expect(first.toB.quarantined).toBeGreaterThan(0);
    expect((await leadKit.reconciliation()).quarantine.every((q) => q.reason === 'unknown-device' && q.source === 'a')).toBe(true);

    const fieldDid = joined.ok ? joined.value.device : '';
    expect((await leadKit.certifyDevice(fieldDid, 'field-officer')).ok).toBe(true);
    expect((await field.certifyDevice(fieldDid, 'field-officer')).ok).toBe(false);
    await exchange(leadKit, field);
    expect((await leadKit.reconciliation()).quarantine).toEqual([]);

    // Both devices hand out to the same household while apart.
    const household = enrolled.value.id;
    const onField = await handOut(field, household);
    const onLead = await handOut(leadKit, household);
    await exchange(field, leadKit);
    const { conflicts } = await leadKit.reconciliation();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.handouts.map((h) => h.id).sort()).toEqual([onField, onLead].sort());

    // The lead voids one; the decision converges and the conflict is gone everywhere.
    expect((await leadKit.voidHandout(onLead, 'double-handout', await lead(leadKit))).ok).toBe(true);
    await exchange(leadKit, field);
    expect((await leadKit.reconciliation()).conflicts).toEqual([]);
    expect((await field.reconciliation()).conflicts).toEqual([]);
    const [tLead, tField] = [await leadKit.tally(DAY), await field.tally(DAY)];
    expect(tLead.byItem).toEqual(tField.byItem);
    expect(tLead.handouts).toBe(1);

    // Day close: the lead signs it; the field device's view matches.
    expect((await leadKit.closeDay(DAY, await lead(leadKit))).ok).toBe(true);
    await exchange(leadKit, field);
    expect(await field.dayCloseStatus(DAY)).toMatchObject({ closed: true, matches: true });
  });

  it('lets the lead accept both handouts of a conflict instead, with a reason', async () => {
    const leadKit = await kit();
    await leadKit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '1234' } });
    const enrolled = await leadKit.enrol(family);
    if (!enrolled.ok) throw new Error(enrolled.message);
    const other = await kit();
    const invitation = await leadKit.invitation();
    if (!invitation.ok) throw new Error(invitation.message);
    const joined = await other.setup({ site: '', siteName: '', deviceLabel: 'F', lead: { name: 'J', pin: '1234' }, invitation: invitation.value });
    if (!joined.ok) throw new Error(joined.message);
    await leadKit.certifyDevice(joined.value.device, 'field-officer');
    await exchange(leadKit, other);
    await handOut(leadKit, enrolled.value.id);
    await handOut(other, enrolled.value.id);
    await exchange(leadKit, other);
    const [group] = (await leadKit.reconciliation()).conflicts;
    expect((await leadKit.acceptConflict(group!.key, 'separate-households', { leadId: await leadId(leadKit), pin: '9999' })).ok).toBe(false);
    expect((await leadKit.acceptConflict(group!.key, 'separate-households', await lead(leadKit))).ok).toBe(true);
    await exchange(leadKit, other);
    expect((await other.reconciliation()).conflicts).toEqual([]);
    expect((await other.tally(DAY)).handouts).toBe(2);
  });

  it('admits the work a device did before the lead certified it, from the source it came from', async () => {
    const leadKit = await kit(new Date('2026-11-24T12:00:00.000Z'));
    await leadKit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '1234' } });
    const invitation = await leadKit.invitation();
    if (!invitation.ok) throw new Error(invitation.message);
    const field = await kit(new Date('2026-11-24T07:30:00.000Z'));
    const joined = await field.setup({ site: '', siteName: '', deviceLabel: 'F', lead: { name: 'J', pin: '1234' }, invitation: invitation.value });
    if (!joined.ok) throw new Error(joined.message);
    await field.enrol(family);
    await leadKit.ingest(await field.eventTexts(), 'laptop-3');
    expect((await leadKit.reconciliation()).quarantine.length).toBeGreaterThan(0);
    expect((await leadKit.certifyDevice(joined.value.device, 'field-officer')).ok).toBe(true);
    expect((await leadKit.reconciliation()).quarantine).toEqual([]);
    expect(await leadKit.listHouseholds({ limit: 5 })).toHaveLength(1);
  });

  it('refuses a damaged invitation', async () => {
    const k = await kit();
    const r = await k.setup({ site: '', siteName: '', deviceLabel: 'F', lead: { name: 'J', pin: '1234' }, invitation: 'AIDTEAM1:garbage' });
    expect(r.ok ? '' : r.code).toBe('invalid');
  });
});

describe('sync files', () => {
  it('carry events to a device that never meets the other, through the same verification', async () => {
    const { exportSyncFile, importSyncFile } = await import('./sync-file');
    const leadKit = await kit();
    await leadKit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '1234' } });
    await leadKit.enrol(family);
    const invitation = await leadKit.invitation();
    if (!invitation.ok) throw new Error(invitation.message);
    const far = await kit();
    await far.setup({ site: '', siteName: '', deviceLabel: 'Far', lead: { name: 'J', pin: '1234' }, invitation: invitation.value });
    const file = await exportSyncFile(leadKit);
    const progress: number[] = [];
    const r = await importSyncFile(far, file, 'usb', (done) => progress.push(done));
    expect(r.ok && r.value.stored).toBe((await leadKit.eventTexts()).length);
    expect(progress.length).toBeGreaterThan(0);
    expect(await far.listHouseholds({ limit: 10 })).toHaveLength(1);
    // Again: nothing new. Only what a peer lacks: nothing, given its heads.
    const again = await importSyncFile(far, file, 'usb');
    expect(again.ok && again.value).toMatchObject({ stored: 0 });
    const texts = await leadKit.eventTexts();
    const last = JSON.parse(texts.at(-1)!) as { device: string; seq: number };
    const empty = await importSyncFile(far, await exportSyncFile(leadKit, { [last.device]: last.seq }), 'usb');
    expect(empty.ok && empty.value).toEqual({ stored: 0, duplicates: 0, quarantined: 0 });
  });

  it('refuses a truncated, forged or foreign file without storing anything', async () => {
    const { exportSyncFile, importSyncFile } = await import('./sync-file');
    const { gzipSync } = await import('fflate');
    const a = await kit();
    await a.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'A', lead: { name: 'A', pin: '1234' } });
    await a.enrol(family);
    const b = await kit();
    await b.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'B', lead: { name: 'B', pin: '1234' } });
    const file = await exportSyncFile(a);
    expect((await importSyncFile(b, file.slice(0, file.length - 9), 'usb')).ok).toBe(false);
    expect((await importSyncFile(b, new Uint8Array([1, 2, 3]), 'usb')).ok).toBe(false);
    expect((await importSyncFile(b, gzipSync(new TextEncoder().encode('hello\n')), 'usb')).ok).toBe(false);
    // A file from another team: valid events, but of a device b does not trust.
    const foreign = await importSyncFile(b, file, 'usb');
    expect(foreign.ok && foreign.value.stored).toBe(0);
    expect((await b.listHouseholds({ limit: 10 })).length).toBe(0);
  });
});
