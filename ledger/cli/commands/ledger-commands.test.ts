/**
 * verify-receipt, audit, audit-bundle and verify-bundle against the real
 * ledger service spawned on 127.0.0.1, with real files in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../shared/checkpoint';
import { anchor, LedgerClient, type ReceiptTrust } from '../../../shared/ledger';
import { enrolmentBody } from '../../../shared/ledger/test-support';
import { ADMIN_TOKEN, fastDevice, HQ_SEED } from '../../testing/fixtures';
import { startLedger, writeKeyFile, type RunningLedger } from '../../testing/spawn';
import { processIo, type CliIo } from '../io';
import { main } from '../main';

const dir = mkdtempSync(join(tmpdir(), 'aidtrail-cli-'));
const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'aidtrail.mjs');
let ledger: RunningLedger;
let logKey: string;
let trust: ReceiptTrust;
let receiptsFile: string;
const device = fastDevice();
const running: RunningLedger[] = [];
const tokenFile = join(dir, 'admin-token');
writeFileSync(tokenFile, `${ADMIN_TOKEN}\n`, { mode: 0o600 });

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { ...processIo, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

async function startWith(db: string): Promise<RunningLedger> {
  const l = await startLedger({ keyFile: writeKeyFile(mkdtempSync(join(dir, 'key-')), HQ_SEED), db, adminToken: ADMIN_TOKEN });
  running.push(l);
  return l;
}

async function anchorSome(url: string, n: number, withEnrolment = false) {
  const events = [...(withEnrolment ? [device.record('enrolment', enrolmentBody(`HH-${String(device.head.seq + 1).padStart(4, '0')}`))] : []), ...device.handouts(n)];
  const r = await anchor({ client: new LedgerClient(url, fetch), signer: device.signer, events, trust });
  if (!r.ok) throw new Error(r.message);
  return r.value.receipts;
}

beforeAll(async () => {
  ledger = await startWith(join(dir, 'hq.sqlite'));
  const info = (await (await fetch(`${ledger.url}/`)).json()) as { logKey: string; origin: string };
  logKey = info.logKey;
  const key = parseVerifierKey(logKey);
  if (!key.ok) throw new Error(key.message);
  trust = { logKey: key.value, origin: info.origin };
  const cert = await fetch(`${ledger.url}/admin/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: device.did, site: 'camp-a', role: 'field-officer', validFrom: '2026-01-01T00:00:00.000Z' }),
  });
  expect(cert.status).toBe(201);
  const receipts = await anchorSome(ledger.url, 6, true);
  receiptsFile = join(dir, 'receipts.json');
  writeFileSync(receiptsFile, JSON.stringify({ receipts }));
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.kill()));
});

describe('aidtrail verify-receipt', () => {
  it('verifies receipts offline with the log key alone', async () => {
    const r = await run(['verify-receipt', receiptsFile, '--log-key', logKey]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/7 of 7 receipts valid/);
    const one = join(dir, 'one.json');
    writeFileSync(one, JSON.stringify((JSON.parse(readFileSync(receiptsFile, 'utf8')) as { receipts: unknown[] }).receipts[2]));
    expect((await run(['verify-receipt', one, '--log-key', logKey, '--json'])).out).toMatch(/^\{"ok":true,"index":0,"event":"[0-9a-f]{64}","leafIndex":\d+,"treeSize":\d+\}\n$/);
  });

  it('refuses a tampered receipt, another key or origin, and treats a bad key as a usage error', async () => {
    const receipts = (JSON.parse(readFileSync(receiptsFile, 'utf8')) as { receipts: { leafIndex: number }[] }).receipts;
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify([receipts[0], { ...receipts[1], leafIndex: receipts[1]!.leafIndex + 1 }]));
    const r = await run(['verify-receipt', tampered, '--log-key', logKey]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/receipt 2: invalid \(root-mismatch\)/);
    const other = `${logKey.split('+')[0]}+00000000+${logKey.split('+')[2]}`;
    expect((await run(['verify-receipt', receiptsFile, '--log-key', other])).code).toBe(2);
    expect((await run(['verify-receipt', receiptsFile, '--log-key', logKey, '--origin', 'elsewhere.example/log'])).code).toBe(1);
    expect((await run(['verify-receipt', receiptsFile])).code).toBe(2);
  });

  it('runs as the aidtrail executable', () => {
    const r = spawnSync(process.execPath, [BIN, 'verify-receipt', receiptsFile, '--log-key', logKey], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/receipts valid/);
  });
});

describe('aidtrail audit', () => {
  it('checks the chain of checkpoints, keeps state, and follows the log as it grows', async () => {
    const state = join(dir, 'audit-state.json');
    const first = await run(['audit', '--ledger', ledger.url, '--log-key', logKey, '--state', state, '--leaves']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^consistent: aidtrail\.example-agency\.org\/hq-log at size 8, root [0-9a-f]{64}; \d+ checkpoints checked; root rebuilt from all 8 leaf hashes\n$/);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ v: 1, origin: trust.origin });
    await anchorSome(ledger.url, 5);
    await anchorSome(ledger.url, 3);
    const second = await run(['audit', '--ledger', ledger.url, '--log-key', logKey, '--state', state]);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/grew from size 8 to size 16, root [0-9a-f]{64}; 4 checkpoints checked/);
  });

  it('exits 1 on a fork: the same HQ key serving another history', async () => {
    const state = join(dir, 'fork-state.json');
    expect((await run(['audit', '--ledger', ledger.url, '--log-key', logKey, '--state', state])).code).toBe(0);
    // HQ's key signs a second, different log (here: another database with other events).
    const evil = await startWith(join(dir, 'evil.sqlite'));
    const other = fastDevice();
    await fetch(`${evil.url}/admin/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: other.did, site: 'camp-a', role: 'field-officer', validFrom: '2026-01-01T00:00:00.000Z' }),
    });
    const r1 = await anchor({ client: new LedgerClient(evil.url, fetch), signer: other.signer, events: other.handouts(40), trust });
    expect(r1.ok).toBe(true);
    const r = await run(['audit', '--ledger', evil.url, '--log-key', logKey, '--state', state]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^FORK: /);
    expect(r.err).toMatch(/inconsistent with the checkpoint of size \d+/);
    // The state still holds the honest checkpoint.
    expect((await run(['audit', '--ledger', ledger.url, '--log-key', logKey, '--state', state])).code).toBe(0);
  });

  it('refuses a checkpoint not signed by the log key, and an unreachable ledger', async () => {
    const otherKey = 'aidtrail.example-agency.org/hq-log+5f07ad28+ARxovCksDGxMeEowhmBwokdfblcDcXFHz9JR2hTqPcF8';
    const r = await run(['audit', '--ledger', ledger.url, '--log-key', otherKey]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not verify under the log key/);
    expect((await run(['audit', '--ledger', 'http://127.0.0.1:1', '--log-key', logKey])).err).toMatch(/cannot reach the ledger/);
    expect((await run(['audit', '--ledger', 'ftp://x', '--log-key', logKey])).code).toBe(2);
  });
});

describe('aidtrail audit-bundle and verify-bundle', () => {
  it("exports a donor's bundle without personal data that verifies offline, and catches edits", async () => {
    const out = join(dir, 'bundle');
    const r = await run(['audit-bundle', '--ledger', ledger.url, '--admin-token-file', tokenFile, '--out', out, '--round', 'R2026-11']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/bundle written to .*: 14 events \(0 with personal fields withheld\)/);
    const all = join(dir, 'bundle-all');
    expect((await run(['audit-bundle', '--ledger', ledger.url, '--admin-token-file', tokenFile, '--out', all])).out).toMatch(/: 16 events \(1 with personal fields withheld\)/);
    expect(readdirSync(all).sort()).toEqual(['checkpoints.json', 'events.ndjson', 'manifest.json', 'receipts.ndjson']);
    const text = readdirSync(all).map((f) => readFileSync(join(all, f), 'utf8')).join('\n');
    expect(text).not.toMatch(/c2VjcmV0IG5hbWUgYW5kIHBob25l|"pii"/);

    const ok = await run(['verify-bundle', all, '--log-key', logKey]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/^valid: 16 events anchored in aidtrail\.example-agency\.org\/hq-log \(15 checked whole.*1 by id and receipt, personal fields withheld\)/);

    const events = readFileSync(join(all, 'events.ndjson'), 'utf8');
    writeFileSync(join(all, 'events.ndjson'), events.replace('"qty":25', '"qty":26'));
    const edited = await run(['verify-bundle', all, '--log-key', logKey]);
    expect(edited.code).toBe(1);
    expect(edited.out).toMatch(/invalid \(bad-event\)/);
  });

  it('needs the admin token, from a file or the environment only, and an empty output folder', async () => {
    const wrongFile = join(dir, 'wrong-token');
    writeFileSync(wrongFile, 'wrong-token-wrong-token\n', { mode: 0o600 });
    expect((await run(['audit-bundle', '--ledger', ledger.url, '--admin-token-file', wrongFile, '--out', join(dir, 'b2')])).err).toMatch(/401/);
    expect((await run(['audit-bundle', '--ledger', ledger.url, '--admin-token-file', tokenFile, '--out', join(dir, 'bundle')])).code).toBe(2);
    // A token on the command line is visible to every user of the machine (ps): refused before anything is sent.
    const onCommandLine = await run(['audit-bundle', '--ledger', ledger.url, '--admin-token', ADMIN_TOKEN, '--out', join(dir, 'b3')]);
    expect([onCommandLine.code, onCommandLine.err]).toEqual([2, expect.stringMatching(/--admin-token is refused.*--admin-token-file/)]);
    expect(onCommandLine.err).not.toContain(ADMIN_TOKEN);
    process.env.AIDTRAIL_ADMIN_TOKEN = ADMIN_TOKEN;
    try {
      expect((await run(['audit-bundle', '--ledger', ledger.url, '--out', join(dir, 'b4')])).code).toBe(0);
    } finally {
      delete process.env.AIDTRAIL_ADMIN_TOKEN;
    }
  });
});
