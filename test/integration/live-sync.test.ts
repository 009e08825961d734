/**
 * Kits of one team syncing over real WebRTC (@roamhq/wrtc) through the
 * signaling server on 127.0.0.1: a team lead and a field device (the free
 * RxDB opens at most 13 collections per process, so three kits need three
 * processes: the three-device scenario runs in Chromium, test/e2e). They
 * record while disconnected, including a double handout of one household;
 * they connect and converge; the conflict appears at the lead; the lead voids
 * one; all converge again with identical tallies. A raw Yjs client with the
 * room password writes a forged event: every kit quarantines it, none counts it.
 */
import 'fake-indexeddb/auto';
import wrtc from '@roamhq/wrtc';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoPlan from '../../resources/demo-plan.json';
import { startSignalingServer, type SignalingServer } from '../../electron/main/signaling-server';
import { openKitDatabase } from '../../renderer/src/db/database';
import { createMemoryHost } from '../../renderer/src/host/memory-host';
import { createKit } from '../../renderer/src/kit/kit';
import { handOut, unwrap } from '../../renderer/src/kit/testing';
import type { HouseholdForm, KitApi } from '../../renderer/src/kit/api';
import { LiveSync } from '../../renderer/src/kit/sync/live-sync';
import { connectScope, openScope } from '../../renderer/src/sync';
import { utf8 } from '../../shared/bytes';
import { sha256Hex } from '../../shared/crypto/sha256';

let signaling: SignalingServer;
beforeAll(async () => {
  signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => signaling?.close());

const DAY = new Date().toISOString().slice(0, 10);
const family: HouseholdForm = { head: { name: 'Asha', sex: 'female' }, shelter: 'C1/2', members: [{ band: '18-59', sex: 'female', count: 3 }], vulnerabilities: [], proxies: [] };

async function device(label: string) {
  const db = await openKitDatabase(`live-${crypto.randomUUID()}`, getRxStorageDexie());
  const kit = createKit({ db, host: createMemoryHost(), defaultPlan: demoPlan });
  const sync = new LiveSync(kit, { persistence: 'memory', peerOpts: { wrtc }, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, flushMs: 20 });
  return { db, kit, sync, label };
}

async function leadOf(kit: KitApi) {
  const state = await kit.state();
  if (state.kind !== 'unlocked') throw new Error('locked');
  return { leadId: state.operator.id, pin: '4071' };
}

/** Waits until `check` holds, polling the kits' own state (sync is asynchronous by nature). */
async function until(check: () => Promise<boolean>, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('kits on the camp LAN', () => {
  it('converge, surface a double handout the lead voids, converge again, and quarantine a forged event', { timeout: 120_000 }, async () => {
    const lead = await device('Lead');
    await lead.kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '4071' } });
    const invitation = await lead.kit.invitation(signaling.url);
    if (!invitation.ok) throw new Error(invitation.message);
    const fields = [await device('Field A')];
    for (const f of fields) {
      const joined = await f.kit.setup({ site: '', siteName: '', deviceLabel: f.label, lead: { name: f.label, pin: '4071' }, invitation: invitation.value });
      if (!joined.ok) throw new Error(joined.message);
      expect((await lead.kit.certifyDevice(joined.value.device, 'field-officer')).ok).toBe(true);
    }
    const household = await lead.kit.enrol(family);
    if (!household.ok) throw new Error(household.message);
    const all = [lead, ...fields];
    const counts = () => Promise.all(all.map(async (d) => (await d.kit.eventEntries()).length));
    const converged = async () => new Set(await counts()).size === 1;

    // First meeting: certificates and the enrolment reach everyone.
    for (const d of all) expect((await d.sync.start(signaling.url)).ok).toBe(true);
    await until(async () => (await Promise.all(fields.map((f) => f.kit.listHouseholds({ limit: 5 }).then(unwrap)))).every((h) => h.length === 1), 'the enrolment to reach the field devices');
    await until(converged, 'first convergence');
    for (const d of all) d.sync.stop();

    // Apart: the field device and the lead hand out to the same household.
    const a = await handOut(fields[0]!.kit, household.value.id);
    const b = await handOut(lead.kit, household.value.id);
    for (const d of all) await d.sync.start(signaling.url);
    await until(converged, 'convergence after working apart');
    await until(async () => unwrap(await lead.kit.reconciliation()).conflicts.length === 1, 'the conflict at the lead');
    const [conflict] = unwrap(await lead.kit.reconciliation()).conflicts;
    expect(conflict!.handouts.map((h) => h.id).sort()).toEqual([a, b].sort());

    expect((await lead.kit.voidHandout(a, 'double-handout', await leadOf(lead.kit))).ok).toBe(true);
    await until(async () => (await Promise.all(all.map((d) => d.kit.reconciliation().then(unwrap)))).every((r) => r.conflicts.length === 0), 'the void to converge');
    await until(converged, 'convergence after the void');
    const tallies = await Promise.all(all.map((d) => d.kit.tally(DAY).then(unwrap)));
    expect(new Set(tallies.map((t) => JSON.stringify(t.byItem))).size).toBe(1);
    expect(tallies.every((t) => t.handouts === 1)).toBe(true);

    // A raw Yjs client with the room password writes a forged event.
    const texts = (await lead.kit.eventEntries()).map((e) => e.text);
    const victim = JSON.parse(texts.find((t) => t.includes('"type":"handout"'))!) as Record<string, unknown>;
    const forged = JSON.stringify({ ...victim, seq: 999, body: { ...(victim.body as object), items: [{ code: 'maize', qty: 999, unit: 'kg' }] } });
    const identity = await lead.kit.syncIdentity();
    const raw = await openScope(`round:${identity!.round}`, { persistence: 'memory' });
    raw.add([[sha256Hex(utf8(forged)), forged]]);
    const room = connectScope(raw, { signaling: signaling.url, secret: identity!.secret, presence: { did: 'did:key:z6MkMallory', label: 'mallory' }, peerOpts: { wrtc }, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    await until(async () => (await Promise.all(all.map((d) => d.kit.reconciliation().then(unwrap)))).every((r) => r.quarantine.some((q) => q.reason === 'bad-signature')), 'the forged event to be quarantined everywhere');
    room.destroy();
    const after = await Promise.all(all.map((d) => d.kit.tally(DAY).then(unwrap)));
    expect(after.every((t) => t.handouts === 1 && JSON.stringify(t.byItem) === JSON.stringify(tallies[0]!.byItem))).toBe(true);
    for (const d of all) {
      d.sync.stop();
      await d.db.close();
    }
  });
});

describe('a lead’s address that does not answer (issue 11)', () => {
  it('says so within seconds, and the problem goes with the session', { timeout: 60_000 }, async () => {
    const lead = await device('Field');
    await lead.kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Field', lead: { name: 'F', pin: '4071' } });
    // A port that was just free: nothing answers there yet.
    const probe = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const address = probe.url;
    await probe.close();
    const started = Date.now();
    expect((await lead.sync.start(address)).ok).toBe(true);
    await until(async () => lead.sync.status().state === 'error', 'the unreachable state');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(lead.sync.status()).toMatchObject({ problem: 'unreachable' });
    lead.sync.stop();
    expect(lead.sync.status()).toMatchObject({ state: 'off' });
    expect(lead.sync.status().problem).toBeUndefined();
    await lead.db.close();
  });
});
