import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../shared/checkpoint';
import { eventId } from '../../shared/events/sign';
import { MAX_UPLOAD_BYTES, verifyBundle, verifyReceipt, verifyTrustFeed } from '../../shared/ledger';
import { enrolmentBody, type TestDevice } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import { ADMIN_TOKEN, fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { buildApp } from './http';
import type { Ledger } from './ledger';
import { nodeVerifier } from './node-verifier';

let ledger: Ledger;
let app: FastifyInstance;
let device: TestDevice;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const SECRET_CIPHERTEXT = 'c2VjcmV0IG5hbWUgYW5kIHBob25l';

beforeAll(async () => {
  device = fastDevice();
  ledger = await openLedger(new SqliteStore(join(mkdtempSync(join(tmpdir(), 'aidtrail-http-')), 'l.sqlite')), [device]);
  app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  const events = [device.record('enrolment', enrolmentBody('HH-0007')), ...device.handouts(4)];
  const r = await app.inject({ method: 'POST', url: '/batches', payload: await uploadOf(device, events) });
  expect(r.statusCode).toBe(201);
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

const post = (payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.inject({ method: 'POST', url: '/batches', payload, headers });

describe('POST /batches refusals', () => {
  it('gives each kind of bad input its own status and code, and appends nothing', async () => {
    const size = (await ledger.checkpoint()).size;
    const cases: [string, Awaited<ReturnType<typeof post>>, number, string][] = [
      ['malformed JSON', await post('{"header": {'), 400, 'malformed-json'],
      ['empty body', await post(''), 400, 'malformed-json'],
      ['invalid UTF-8', await post(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), 400, 'malformed-json'],
      ['not an upload', await post('[1,2,3]'), 400, 'malformed'],
      ['wrong media type', await post('x', { 'content-type': 'text/plain' }), 415, 'unsupported-media-type'],
      ['oversized', await post(JSON.stringify({ pad: 'x'.repeat(MAX_UPLOAD_BYTES) })), 413, 'too-large'],
    ];
    for (const [name, response, status, code] of cases) {
      expect(response.statusCode, name).toBe(status);
      expect(response.json(), name).toMatchObject({ error: code });
    }
    expect((await ledger.checkpoint()).size).toBe(size);
    const recorded = await app.inject({ url: '/admin/rejections?limit=6', headers: admin });
    expect(recorded.json<{ rejections: { code: string }[] }>().rejections.map((r) => r.code)).toEqual(
      ['too-large', 'unsupported-media-type', 'malformed', 'malformed-json', 'malformed-json', 'malformed-json'],
    );
  });

  it('maps protocol refusals to statuses: 422 forged, 409 chain, 403 trust', async () => {
    const stranger = fastDevice();
    const events = device.handouts(2);
    const gap = await post(JSON.stringify(await uploadOf(device, events.slice(1))));
    expect([gap.statusCode, gap.json().error]).toEqual([409, 'gap']);
    const unknown = await post(JSON.stringify(await uploadOf(stranger, stranger.handouts(1))));
    expect([unknown.statusCode, unknown.json().error]).toEqual([403, 'device-not-certified']);
    const upload = await uploadOf(device, events);
    const forged = await post(JSON.stringify({ ...upload, header: { ...upload.header, count: 2, lastSeq: upload.header.lastSeq } , sig: upload.sig.split('').reverse().join('') }));
    expect([forged.statusCode, forged.json().error]).toEqual([422, 'bad-signature']);
    const ok = await post(JSON.stringify(upload));
    expect(ok.statusCode).toBe(201);
    const again = await post(JSON.stringify(upload));
    expect([again.statusCode, again.json().status]).toEqual([200, 'duplicate']);
    expect(again.json().receipts).toEqual(ok.json().receipts);
  });
});

describe('public API', () => {
  it('serves checkpoints, proofs, leaves, receipts and the trust feed, all verifiable', async () => {
    const info = (await app.inject({ url: '/' })).json<{ logKey: string; origin: string; hq: string; size: number }>();
    const key = parseVerifierKey(info.logKey);
    expect(key.ok).toBe(true);
    if (!key.ok) return;
    const trust = { logKey: key.value, origin: info.origin };
    const checkpoint = await app.inject({ url: '/checkpoint' });
    expect(checkpoint.headers['content-type']).toMatch(/^text\/plain/);
    expect(checkpoint.body.split('\n').slice(0, 2)).toEqual([info.origin, String(info.size)]);

    const [enrolment] = await ledger.admin.storedEvents({ afterLeaf: -1, limit: 1, device: device.did });
    const receipt = await app.inject({ url: `/receipts/${enrolment!.id}` });
    expect(verifyReceipt(receipt.json(), trust).ok).toBe(true);
    const byLeaf = (await app.inject({ url: `/proof/inclusion?leaf=${enrolment!.leaf}&size=${info.size}` })).json();
    expect(byLeaf).toMatchObject({ leafIndex: enrolment!.leaf, treeSize: info.size, checkpoint: checkpoint.body });
    expect((await app.inject({ url: `/proof/inclusion?id=${enrolment!.id}` })).json().inclusion).toEqual(byLeaf.inclusion);
    expect((await app.inject({ url: `/proof/consistency?from=1&to=${info.size}` })).json().proof.length).toBeGreaterThan(0);
    const leaves = (await app.inject({ url: `/leaves?start=0&end=${info.size}` })).json<{ leaves: string[] }>().leaves;
    expect(leaves).toHaveLength(info.size);
    expect(leaves[enrolment!.leaf]).toBe(byLeaf.leafHash);
    const head = (await app.inject({ url: `/devices/${device.did}/head` })).json();
    expect(head).toEqual({ device: device.did, seq: device.head.seq, id: device.head.id });
    const feed = (await app.inject({ url: '/trust' })).json<{ hq: string; events: unknown[] }>();
    expect((await verifyTrustFeed(info.hq as never, feed.events, nodeVerifier())).events).toHaveLength(1);
    const checkpoints = (await app.inject({ url: '/checkpoints?after=0' })).json<{ checkpoints: { size: number }[] }>().checkpoints;
    expect(checkpoints.at(-1)!.size).toBe(info.size);
  });

  it('never exposes personal data: every public answer is free of the sealed fields', async () => {
    const [enrolment] = await ledger.admin.storedEvents({ afterLeaf: -1, limit: 1, device: device.did });
    const batch = (await app.inject({ url: `/receipts/${enrolment!.id}` })).json();
    const size = (await ledger.checkpoint()).size;
    const urls = ['/', '/checkpoint', '/checkpoints', '/trust', `/leaves?start=0&end=${size}`, `/receipts/${enrolment!.id}`,
      `/proof/inclusion?id=${enrolment!.id}`, `/proof/consistency?from=1`, `/devices/${device.did}/head`, `/batches/${enrolment!.batch}`];
    for (const url of urls) {
      const body = (await app.inject({ url })).body;
      expect(body, url).not.toContain(SECRET_CIPHERTEXT);
      expect(body, url).not.toMatch(/"pii"|HH-0007/);
    }
    expect(batch.event).toBe(enrolment!.id);
    // HQ itself has the sealed record; the donor export does not.
    expect((await app.inject({ url: '/admin/events?limit=10', headers: admin })).body).toContain(SECRET_CIPHERTEXT);
    const exported = (await app.inject({ url: '/admin/export?limit=10', headers: admin })).body;
    expect(exported).not.toContain(SECRET_CIPHERTEXT);
    expect(exported).toContain('"withheld":["body.pii"]');
  });

  it('refuses bad queries and unknown things with codes, and allows browser kits (CORS) on public routes only', async () => {
    const cases: [string, number, string][] = [
      ['/proof/inclusion?leaf=-1', 400, 'bad-request'],
      ['/proof/inclusion?leaf=1&id=00', 400, 'bad-request'],
      ['/proof/inclusion?id=' + 'a'.repeat(64), 404, 'not-found'],
      ['/proof/inclusion?leaf=99999', 400, 'bad-request'],
      ['/proof/consistency?from=0', 400, 'bad-request'],
      ['/proof/consistency?from=3&to=99999', 400, 'bad-request'],
      ['/leaves?start=0&end=99999', 400, 'bad-request'],
      ['/batches/' + 'b'.repeat(64), 404, 'not-found'],
      ['/batches/nope', 400, 'bad-request'],
      ['/nowhere', 404, 'not-found'],
    ];
    for (const [url, status, code] of cases) {
      const r = await app.inject({ url });
      expect([r.statusCode, r.json().error], url).toEqual([status, code]);
    }
    const preflight = await app.inject({ method: 'OPTIONS', url: '/batches', headers: { origin: 'http://127.0.0.1:5757', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect((await app.inject({ url: '/checkpoint' })).headers['access-control-allow-origin']).toBe('*');
    expect((await app.inject({ url: '/admin/devices', headers: admin })).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('admin API', () => {
  it('needs the token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: ADMIN_TOKEN }]) {
      const r = await app.inject({ url: '/admin/devices', headers });
      expect([r.statusCode, r.json().error]).toEqual([401, 'unauthorized']);
    }
    const r = await app.inject({ method: 'POST', url: '/admin/devices', payload: { subject: fastDevice().did, site: 'x', role: 'field-officer' } });
    expect(r.statusCode).toBe(401);
  });

  it('registers, revokes and publishes plans as signed HQ events, and shows the registry', async () => {
    const d = fastDevice();
    const cert = await app.inject({ method: 'POST', url: '/admin/devices', headers: admin, payload: { subject: d.did, site: 'camp-b', role: 'team-lead' } });
    expect(cert.statusCode).toBe(201);
    expect(cert.json()).toMatchObject({ event: { type: 'device-cert', body: { subject: d.did, site: 'camp-b' } } });
    const plan = await app.inject({
      method: 'POST', url: '/admin/plans', headers: admin,
      payload: { round: 'R2026-12', site: 'camp-b', from: '2026-12-01', to: '2026-12-31', rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }] }] },
    });
    expect(plan.statusCode).toBe(201);
    expect(plan.json().event).toMatchObject({ type: 'plan', round: 'R2026-12' });
    const bad = await app.inject({ method: 'POST', url: '/admin/devices', headers: admin, payload: { subject: d.did, site: 'camp b', role: 'boss' } });
    expect([bad.statusCode, bad.json().error]).toEqual([400, 'bad-request']);
    const revoke = await app.inject({ method: 'POST', url: '/admin/revocations', headers: admin, payload: { subject: d.did, reason: 'lost' } });
    expect(revoke.statusCode).toBe(201);
    const devices = (await app.inject({ url: '/admin/devices', headers: admin })).json<{ devices: { device: string; revoked: unknown; site: string; events: number }[] }>().devices;
    expect(devices.find((x) => x.device === d.did)).toMatchObject({ site: 'camp-b', revoked: { reason: 'lost' }, events: 0 });
    expect(devices.find((x) => x.device === device.did)).toMatchObject({ site: 'camp-a' });
    const rounds = (await app.inject({ url: '/admin/rounds', headers: admin })).json<{ rounds: { round: string | null; byType: Record<string, number> }[] }>().rounds;
    expect(rounds.find((r) => r.round === 'R2026-11')?.byType.handout).toBeGreaterThanOrEqual(4);
    expect((await app.inject({ url: '/admin/sites', headers: admin })).json().sites).toContainEqual(expect.objectContaining({ site: 'camp-a' }));
    expect((await app.inject({ url: `/admin/batches?device=${device.did}`, headers: admin })).json().batches.length).toBeGreaterThan(0);
    expect((await app.inject({ url: '/admin/verify-tree', headers: admin })).json()).toMatchObject({ ok: true });
  });

  it('exports a donor bundle that verifies offline', async () => {
    const entries = (await app.inject({ url: '/admin/export?limit=1000', headers: admin })).json<{ entries: { id: string; batch: string; leafIndex: number; event: unknown; withheld: string[] }[] }>().entries;
    const batches = [...new Set(entries.map((e) => e.batch))];
    const receipts = (await Promise.all(batches.map(async (b) => (await app.inject({ url: `/batches/${b}` })).json<{ receipts: { event: string; checkpoint: string; treeSize: number }[] }>().receipts))).flat();
    const notes = [...new Map(receipts.map((r) => [r.treeSize, r.checkpoint])).entries()].sort((a, b) => a[0] - b[0]);
    const consistency = await Promise.all(notes.slice(1).map(async ([to], i) => (await app.inject({ url: `/proof/consistency?from=${notes[i]![0]}&to=${to}` })).json()));
    const key = parseVerifierKey(ledger.logKey);
    if (!key.ok) throw new Error(key.message);
    const result = await verifyBundle(
      { v: 1, origin: ledger.origin, entries: entries.map(({ id, event, withheld }) => ({ id, event, withheld })), receipts: receipts.filter((r) => entries.some((e) => e.id === r.event)), checkpoints: notes.map(([, n]) => n), consistency },
      { logKey: key.value, origin: ledger.origin, verifier: nodeVerifier() },
    );
    expect(result).toMatchObject({ ok: true, value: { redacted: 1 } });
    expect(eventId).toBeTypeOf('function');
  });
});
