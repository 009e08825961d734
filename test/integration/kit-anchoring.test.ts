/**
 * The kit against the real HQ ledger service (spawned on 127.0.0.1, SQLite):
 * a device works offline, HQ certifies it, the ledger appears, anchoring goes
 * up in batches with progress, every receipt verifies, a re-run sends nothing,
 * and a checkpoint from a second history (same key, other leaves) raises the
 * alarm when a peer gossips it. A laptop HQ registers only after it worked
 * offline is refused as unregistered until then, and anchors everything once
 * HQ registers it from its first record (issue 10, point 5).
 */
import 'fake-indexeddb/auto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoPlan from '../../resources/demo-plan.json';
import { ed25519Signer, signCheckpoint } from '../../shared/checkpoint';
import { verifyReceipt } from '../../shared/ledger';
import { parseVerifierKey } from '../../shared/checkpoint';
import { openKitDatabase } from '../../renderer/src/db/database';
import { createMemoryHost } from '../../renderer/src/host/memory-host';
import { createKit } from '../../renderer/src/kit/kit';
import { ADMIN_TOKEN, HQ_SEED } from '../../ledger/testing/fixtures';
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import { startSignalingServer } from '../../electron/main/signaling-server';
import { LiveSync } from '../../renderer/src/kit/sync/live-sync';
import { writeSetting, readSetting } from '../../renderer/src/kit/settings';
import { startLedger, writeKeyFile, type RunningLedger } from '../../ledger/testing/spawn';
import { AnchorLoop } from '../../renderer/src/kit/ledger/anchor-loop';

let ledger: RunningLedger;
let info: { origin: string; logKey: string; hq: string };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-anchor-'));
  ledger = await startLedger({ keyFile: writeKeyFile(dir, HQ_SEED), db: join(dir, 'ledger.db'), adminToken: ADMIN_TOKEN });
  info = (await (await fetch(`${ledger.url}/`)).json()) as typeof info;
}, 60_000);
afterAll(async () => ledger?.stop());

async function admin(path: string, body?: unknown) {
  const r = await fetch(`${ledger.url}${path}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined && { method: 'POST', body: JSON.stringify(body) }),
  });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<Record<string, unknown>>;
}

async function fieldKit() {
  const db = await openKitDatabase(`anchor-${crypto.randomUUID()}`, getRxStorageDexie());
  const kit = createKit({ db, host: createMemoryHost(), defaultPlan: demoPlan });
  const profile = await kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'L1', lead: { name: 'Amina', pin: '4071' } });
  if (!profile.ok) throw new Error(profile.message);
  return { kit, db, profile: profile.value };
}

describe('a laptop registered after it worked offline', () => {
  it('is refused as unregistered and retried, and anchors all its records once HQ registers it from its first one', async () => {
    const { kit, db, profile } = await fieldKit();
    for (let i = 0; i < 5; i++) {
      const e = await kit.enrol({ head: { name: `Head ${i}`, sex: 'male' }, shelter: `B${i}`, members: [{ band: '18-59', sex: 'male', count: 1 }], vulnerabilities: [], proxies: [] });
      if (!e.ok) throw new Error(e.message);
    }
    expect(await kit.configureLedger(ledger.url, info.logKey)).toEqual({ ok: true, value: undefined });
    let retry: { run: () => void; ms: number } | undefined;
    const timers = {
      now: () => Date.now(),
      setTimeout: (run: () => void, ms: number) => (retry = { run, ms }),
      clearTimeout: () => (retry = undefined),
    };
    const loop = new AnchorLoop({ kit, timers });
    loop.start();
    await loop.settled();
    expect(loop.status()).toMatchObject({ state: 'waiting', error: { code: 'unregistered-device', message: expect.stringMatching(/device-not-certified/) } });
    expect(retry!.ms).toBeGreaterThanOrEqual(8 * 60_000);

    // What HQ has seen of the laptop: the time of its first record, where a back-dated certificate starts.
    const own = (await db.events.find({ selector: { device: profile.device } }).exec()).map((d) => d.toMutableJSON().event);
    const firstAt = own.map((e) => e.at).sort()[0];
    const { unregistered } = (await admin('/admin/devices')) as { unregistered: { device: string; firstEventAt: string }[] };
    expect(unregistered.find((d) => d.device === profile.device)).toMatchObject({ firstEventAt: firstAt });
    const cert = (await admin('/admin/devices', { subject: profile.device, site: 'camp-north', role: 'team-lead', validFrom: 'first-event' })) as {
      event: { body: { validFrom: string } };
    };
    expect(cert.event.body.validFrom).toBe(firstAt);

    // The scheduled retry anchors everything, and every receipt verifies.
    retry!.run();
    await loop.settled();
    expect(loop.status()).toMatchObject({ state: 'idle', attempt: 0, lastAnchored: own.length });
    expect(await kit.ledgerStatus()).toMatchObject({ anchored: own.length, pending: 0 });
    const logKey = parseVerifierKey(info.logKey);
    if (!logKey.ok) throw new Error(logKey.message);
    const receipts = await db.receipts.find({ selector: { device: profile.device } }).exec();
    expect(receipts).toHaveLength(own.length);
    for (const doc of receipts) expect(verifyReceipt(doc.toMutableJSON().receipt, { logKey: logKey.value, origin: info.origin }).ok).toBe(true);
    loop.stop();
    await db.close();
  });
});

describe('anchoring from the kit', () => {
  it('anchors an offline backlog with progress, verified receipts, and nothing twice', async () => {
    const { kit, db, profile } = await fieldKit();
    const setupAt = profile.createdAt;
    for (let i = 0; i < 30; i++) {
      const e = await kit.enrol({ head: { name: `Head ${i}`, sex: 'female' }, shelter: `A${i}`, members: [{ band: '18-59', sex: 'female', count: 2 }], vulnerabilities: [], proxies: [] });
      if (!e.ok) throw new Error(e.message);
    }
    expect((await kit.ledgerStatus()).configured).toBe(false);
    // HQ registers the device (valid from before its first event) and the ledger becomes reachable.
    await admin('/admin/devices', { subject: profile.device, site: 'camp-north', role: 'team-lead', validFrom: new Date(Date.parse(setupAt) - 60_000).toISOString() });
    expect((await kit.configureLedger(ledger.url, 'not a key')).ok).toBe(false);
    expect(await kit.configureLedger(ledger.url, info.logKey)).toEqual({ ok: true, value: undefined });

    const progress: [number, number][] = [];
    const first = await kit.anchor((done, total) => progress.push([done, total]));
    expect(first).toMatchObject({ ok: true });
    const own = await db.events.count({ selector: { device: profile.device } }).exec();
    expect(first.ok && first.value.anchored).toBe(own);
    expect(progress.at(-1)).toEqual([own, own]);
    const status = await kit.ledgerStatus();
    expect(status).toMatchObject({ configured: true, anchored: own, pending: 0 });

    // Every stored receipt verifies alone against the log key.
    const logKey = parseVerifierKey(info.logKey);
    if (!logKey.ok) throw new Error(logKey.message);
    for (const doc of await db.receipts.find().exec()) {
      expect(verifyReceipt(doc.toMutableJSON().receipt, { logKey: logKey.value, origin: info.origin }).ok).toBe(true);
    }
    // HQ's certificate came down with the trust feed and is in the log.
    expect(await db.events.count({ selector: { type: 'device-cert', device: info.hq } }).exec()).toBeGreaterThan(0);

    const again = await kit.anchor();
    expect(again.ok && again.value.anchored).toBe(0);

    // An upload whose answer was lost: HQ holds the events, the device has no receipts. The next visit recovers them.
    const lost = (await db.receipts.find().exec()).slice(-5);
    await db.receipts.bulkRemove(lost.map((d) => d.event));
    expect((await kit.ledgerStatus()).pending).toBe(5);
    const recovered = await kit.anchor();
    expect(recovered.ok && recovered.value.anchored).toBe(5);
    expect((await kit.ledgerStatus()).pending).toBe(0);
    await db.close();
  });

  it('raises the alarm when the ledger comes back with a shorter history (rolled back or replaced)', async () => {
    const { kit, db, profile } = await fieldKit();
    await admin('/admin/devices', { subject: profile.device, site: 'camp-north', role: 'team-lead', validFrom: new Date(Date.parse(profile.createdAt) - 60_000).toISOString() });
    await kit.configureLedger(ledger.url, info.logKey);
    expect((await kit.anchor()).ok).toBe(true);
    // A fresh ledger with the same key and origin: a smaller tree signed by the same log.
    const dir = mkdtempSync(join(tmpdir(), 'aidtrail-anchor-rollback-'));
    const replaced = await startLedger({ keyFile: writeKeyFile(dir, HQ_SEED), db: join(dir, 'ledger.db'), adminToken: ADMIN_TOKEN });
    try {
      expect((await kit.configureLedger(replaced.url, info.logKey)).ok).toBe(true);
      const r = await kit.anchor();
      expect(r.ok ? '' : r.code).toBe('fork');
      expect((await kit.ledgerStatus()).alarm).toMatch(/rolled back or replaced/);
    } finally {
      await replaced.stop();
      await db.close();
    }
  });

  it('raises the alarm when a peer gossips a checkpoint of another history', async () => {
    const { kit, db, profile } = await fieldKit();
    await admin('/admin/devices', { subject: profile.device, site: 'camp-north', role: 'team-lead', validFrom: new Date(Date.parse(profile.createdAt) - 60_000).toISOString() });
    await kit.configureLedger(ledger.url, info.logKey);
    expect((await kit.anchor()).ok).toBe(true);
    const held = await kit.heldCheckpoint();
    expect(held).toBeDefined();
    const size = Number(held!.split('\n')[1]);
    // The same HQ key signs a second tree of the same size: only a dishonest log does that.
    const signer = ed25519Signer(info.origin, HQ_SEED);
    if (!signer.ok) throw new Error(signer.message);
    const forged = signCheckpoint({ origin: info.origin, size, rootHash: new Uint8Array(32).fill(7), extensions: [] }, [signer.value]);
    if (!forged.ok) throw new Error(forged.message);
    expect((await kit.gossipCheckpoint(held!)).ok).toBe(true);
    const r = await kit.gossipCheckpoint(forged.value);
    expect(r.ok ? '' : r.code).toBe('fork');
    expect((await kit.ledgerStatus()).alarm).toMatch(/contradicts/);
    expect((await kit.gossipCheckpoint('garbage')).ok).toBe(false);
    await db.close();
  });

  it('catches, through peer gossip, a ledger that showed another device a different history', { timeout: 90_000 }, async () => {
    const signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    const a = await fieldKit();
    await admin('/admin/devices', { subject: a.profile.device, site: 'camp-north', role: 'team-lead', validFrom: new Date(Date.parse(a.profile.createdAt) - 60_000).toISOString() });
    await a.kit.configureLedger(ledger.url, info.logKey);
    expect((await a.kit.anchor()).ok).toBe(true);
    const held = (await a.kit.heldCheckpoint())!;
    const invitation = await a.kit.invitation();
    if (!invitation.ok) throw new Error(invitation.message);
    const dbB = await openKitDatabase(`anchor-${crypto.randomUUID()}`, getRxStorageDexie());
    const b = createKit({ db: dbB, host: createMemoryHost(), defaultPlan: demoPlan });
    await b.setup({ site: '', siteName: '', deviceLabel: 'B', lead: { name: 'B', pin: '4071' }, invitation: invitation.value });
    // B joined as a field laptop (only a lead sets the HQ ledger): it holds A's configuration, and
    // HQ (its key) showed it a tree of the same size with another root.
    const signer = ed25519Signer(info.origin, HQ_SEED);
    if (!signer.ok) throw new Error(signer.message);
    const forged = signCheckpoint({ origin: info.origin, size: Number(held.split('\n')[1]), rootHash: new Uint8Array(32).fill(9), extensions: [] }, [signer.value]);
    if (!forged.ok) throw new Error(forged.message);
    await writeSetting(dbB, 'ledger', { ...(await readSetting(a.db, 'ledger'))!, checkpoint: forged.value });

    const options = { persistence: 'memory' as const, peerOpts: { wrtc }, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, flushMs: 20 };
    const syncA = new LiveSync(a.kit, options);
    const syncB = new LiveSync(b, options);
    await syncA.start(signaling.url);
    await syncB.start(signaling.url);
    const end = Date.now() + 60_000;
    while ((await a.kit.ledgerStatus()).alarm === undefined || (await b.ledgerStatus()).alarm === undefined) {
      if (Date.now() > end) throw new Error('no alarm raised by gossip');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await a.kit.ledgerStatus()).alarm).toMatch(/gossiped checkpoint/);
    syncA.stop();
    syncB.stop();
    await signaling.close();
    await a.db.close();
    await dbB.close();
  });
});
