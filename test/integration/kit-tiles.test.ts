/**
 * The kit reads proofs from tiles (issue 17): a real ledger in process
 * (SQLite in memory, its HTTP API through inject) with its tile writer
 * publishing to a directory, and that directory served by a tiny static
 * server on 127.0.0.1. Tiles not published yet are a problem shown in the
 * status while anchoring goes on; published, they prove every receipt; a
 * tampered tile is the fork alarm, with the tiles named as the reason.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoPlan from '../../resources/demo-plan.json';
import { directoryTarget } from '../../ledger/tiles/target';
import { TileWriter } from '../../ledger/tiles/writer';
import type { Ledger } from '../../ledger/service/ledger';
import { SqliteStore } from '../../ledger/store/sqlite-store';
import { ADMIN_TOKEN, injectFetch, openLedger } from '../../ledger/testing/fixtures';
import { openKitDatabase } from '../../renderer/src/db/database';
import { createMemoryHost } from '../../renderer/src/host/memory-host';
import { createKit } from '../../renderer/src/kit/kit';
import { tilePath } from '../../shared/tlog';

let ledger: Ledger;
let writer: TileWriter;
let dir: string;
let server: Server;
let tilesUrl: string;

beforeAll(async () => {
  ledger = await openLedger(new SqliteStore(':memory:'));
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-kit-tiles-'));
  writer = new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 });
  // A static file server, as any web server in front of --tiles-dir.
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    try {
      if (path.startsWith('..') || path.startsWith('.tmp')) throw new Error('outside');
      const body = readFileSync(join(dir, path));
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tilesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await writer?.stop();
  await new Promise((resolve) => server?.close(resolve));
});

async function fieldKit() {
  const inject = injectFetch(ledger);
  const link = { online: true };
  const fetch: typeof inject = async (url, init) => {
    if (!link.online) throw new Error('HQ is offline');
    return inject(url, init);
  };
  const db = await openKitDatabase(`tiles-${crypto.randomUUID()}`, getRxStorageDexie());
  const kit = createKit({ db, host: createMemoryHost(), defaultPlan: demoPlan, fetch });
  const profile = await kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'L1', lead: { name: 'Amina', pin: '4071' } });
  if (!profile.ok) throw new Error(profile.message);
  const registered = await fetch('https://hq.example.org/admin/devices', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: profile.value.device, site: 'camp-north', role: 'team-lead', validFrom: new Date(Date.parse(profile.value.createdAt) - 60_000).toISOString() }),
  });
  if (registered.status >= 300) throw new Error(await registered.text());
  let enrolled = 0;
  const enrol = async (n: number) => {
    for (let i = enrolled; i < enrolled + n; i++) {
      const e = await kit.enrol({ head: { name: `Head ${i}`, sex: 'female' }, shelter: `A${i}`, members: [{ band: '18-59', sex: 'female', count: 1 }], vulnerabilities: [], proxies: [] });
      if (!e.ok) throw new Error(e.message);
    }
    enrolled += n;
  };
  return { kit, db, enrol, link };
}

describe('receipts proved from tiles', () => {
  it('shows unpublished tiles as a problem, proves receipts once published, and raises the alarm on a tampered tile', async () => {
    const { kit, db, enrol } = await fieldKit();
    await enrol(5);
    const info = JSON.parse(await (await injectFetch(ledger)('https://hq.example.org/')).text()) as { logKey: string };
    // The extras are checked: a tiles address must be https (or loopback), a quorum 1..n.
    expect(await kit.configureLedger('https://hq.example.org', info.logKey, { tiles: 'http://10.1.2.3/tiles' })).toMatchObject({ ok: false, code: 'bad-tiles-url' });
    expect(await kit.configureLedger('https://hq.example.org', info.logKey, { witnesses: ['not a key'] })).toMatchObject({ ok: false, code: 'bad-witness-key' });
    expect(await kit.configureLedger('https://hq.example.org', info.logKey, { tiles: tilesUrl })).toEqual({ ok: true, value: undefined });

    // Nothing published yet: anchoring goes on, and the status says the tiles could not be read.
    const first = await kit.anchor();
    expect(first).toMatchObject({ ok: true });
    const anchored = first.ok ? first.value.anchored : 0;
    expect(anchored).toBeGreaterThan(0);
    expect((await kit.ledgerStatus()).tilesCheck).toMatchObject({ problem: 'unreachable', upTo: 0 });

    // Published: the next visit proves every receipt from the tiles.
    const size = await writer.sync();
    expect(await kit.anchor()).toMatchObject({ ok: true });
    const proved = await kit.ledgerStatus();
    expect(proved).toMatchObject({ tiles: tilesUrl.replace(/\/$/, ''), tilesCheck: { size, upTo: size } });
    expect(proved.tilesCheck?.problem).toBeUndefined();
    expect(proved.alarm).toBeUndefined();

    // More records; the tiles trail the log until the writer runs, then one of them is changed.
    await enrol(3);
    expect(await kit.anchor()).toMatchObject({ ok: true });
    expect((await kit.ledgerStatus()).tilesCheck).toMatchObject({ size, upTo: size });
    const grown = await writer.sync();
    expect(grown).toBeGreaterThan(size);
    const file = join(dir, tilePath({ level: 0, index: 0, width: grown }));
    const bytes = readFileSync(file);
    bytes[0]! ^= 0xff;
    writeFileSync(file, bytes);
    const forked = await kit.anchor();
    expect(forked).toMatchObject({ ok: false, code: 'fork', message: expect.stringMatching(/^the tiles at http:\/\/127\.0\.0\.1:\d+ disagree with HQ: .*proof-mismatch/) });
    expect((await kit.ledgerStatus()).alarm).toMatch(/the tiles at .* disagree with HQ/);
    await db.close();
  });

  it('checks the held receipts against the tiles while HQ cannot be reached', async () => {
    const { kit, db, enrol, link } = await fieldKit();
    await enrol(2);
    const info = JSON.parse(await (await injectFetch(ledger)('https://hq.example.org/')).text()) as { logKey: string };
    expect(await kit.configureLedger('https://hq.example.org', info.logKey, { tiles: tilesUrl, witnesses: [] })).toEqual({ ok: true, value: undefined });
    expect(await kit.anchor()).toMatchObject({ ok: true });
    // The tiles catch up while HQ's API is down: the receipts are proved from them alone.
    const size = await writer.sync();
    link.online = false;
    expect(await kit.anchor()).toMatchObject({ ok: false, code: 'unreachable' });
    const status = await kit.ledgerStatus();
    expect(status.tilesCheck).toMatchObject({ size, upTo: size });
    expect(status.tilesCheck?.problem).toBeUndefined();
    expect(status.alarm).toBeUndefined();
    await db.close();
  });
});
