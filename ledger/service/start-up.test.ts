/**
 * The ledger service as an operator starts it (`node --import tsx
 * ledger/main.ts`, spawned on 127.0.0.1): where the admin token comes from
 * and that it never shows (not in the command line other users can read,
 * not in what the service prints), and the limits its options set, each
 * attacked over a real socket (issue 12).
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certBody } from '../../shared/ledger/test-support';
import { ADMIN_TOKEN, fastDevice, HQ_SEED } from '../testing/fixtures';
import { rawRequest, slowUpload } from '../testing/raw-http';
import { startLedger, writeKeyFile, type RunningLedger } from '../testing/spawn';

let keyFile: string;
const running: RunningLedger[] = [];
beforeAll(() => {
  keyFile = writeKeyFile(mkdtempSync(join(tmpdir(), 'aidtrail-key-')), HQ_SEED);
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.kill()));
});

const freshDb = () => join(mkdtempSync(join(tmpdir(), 'aidtrail-start-')), 'ledger.sqlite');

async function start(options: Omit<Parameters<typeof startLedger>[0], 'keyFile'>): Promise<RunningLedger> {
  const ledger = await startLedger({ keyFile, ...options });
  running.push(ledger);
  return ledger;
}

/** What the admin API answers `token`: 200 when it is the service's. */
async function adminStatus(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/admin/devices`, { headers: { authorization: `Bearer ${token}` } })).status;
}

/** The token is nowhere another user of the machine or a log could read it. */
function expectHidden(ledger: RunningLedger, token: string): void {
  expect(ledger.output()).not.toContain(token);
  expect(ledger.child.spawnargs.join(' ')).not.toContain(token);
  expect(readFileSync(`/proc/${ledger.child.pid}/cmdline`, 'utf8')).not.toContain(token);
}

describe('the admin token', () => {
  it('comes from a file or the environment, works, and is never in the command line or the output', async () => {
    const fromFile = await start({ db: freshDb(), adminToken: ADMIN_TOKEN });
    expect(fromFile.output()).toMatch(/admin token: from .*admin-token\n/);
    expect(await adminStatus(fromFile.url, ADMIN_TOKEN)).toBe(200);
    expectHidden(fromFile, ADMIN_TOKEN);

    const token = 'env-token-0123456789abcdefghij';
    const fromEnv = await start({ db: freshDb(), env: { AIDTRAIL_ADMIN_TOKEN: token } });
    expect(fromEnv.output()).toMatch(/admin token: from AIDTRAIL_ADMIN_TOKEN\n/);
    expect(await adminStatus(fromEnv.url, token)).toBe(200);
    expectHidden(fromEnv, token);
    // The hostile spelling of an admin path is refused by the running service too.
    const sneaky = await rawRequest(fromEnv.url, 'POST', '/%61dmin/devices', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(certBody(fastDevice().did)) });
    expect(sneaky.status).toBe(401);
    await Promise.all([fromFile.stop(), fromEnv.stop()]);
  });

  it('is made when none is given: written for its owner only (0600), the path printed, the same on the next start', async () => {
    const db = freshDb();
    const made = await start({ db });
    const path = join(dirname(db), 'admin-token');
    expect(made.output()).toContain(`admin token: in ${path} (made now, readable by this user only)`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const token = readFileSync(path, 'utf8').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await adminStatus(made.url, token)).toBe(200);
    expectHidden(made, token);
    await made.stop();
    const again = await start({ db });
    expect(again.output()).toContain(`admin token: in ${path}\n`);
    expect(await adminStatus(again.url, token)).toBe(200);
    await again.stop();
  });

  it('is refused on the command line, given twice, or too short, with exit code 2 and without echoing it', async () => {
    const refusals: [Parameters<typeof start>[0], RegExp][] = [
      [{ db: freshDb(), args: ['--admin-token', ADMIN_TOKEN] }, /--admin-token is refused.*--admin-token-file FILE or AIDTRAIL_ADMIN_TOKEN/],
      [{ db: freshDb(), adminToken: ADMIN_TOKEN, env: { AIDTRAIL_ADMIN_TOKEN: ADMIN_TOKEN } }, /not both/],
      [{ db: freshDb(), env: { AIDTRAIL_ADMIN_TOKEN: 'short' } }, /16–512 visible ASCII/],
    ];
    for (const [options, message] of refusals) {
      const failed = await start(options).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(failed).toMatch(/exited \(2\) before listening/);
      expect(failed).toMatch(message);
      expect(failed).not.toContain(ADMIN_TOKEN);
    }
    const unreadable = join(mkdtempSync(join(tmpdir(), 'aidtrail-token-')), 'missing');
    const failed = await start({ db: freshDb(), args: ['--admin-token-file', unreadable] }).catch((e: Error) => e.message);
    expect(failed).toMatch(/cannot read the admin token file .*ENOENT/);
  });
});

describe('the limits its options set', () => {
  it('cuts a trickling upload at --request-timeout and answers 429 over --rate-limit', async () => {
    const ledger = await start({ db: freshDb(), adminToken: ADMIN_TOKEN, args: ['--request-timeout', '1', '--rate-limit', '12'] });
    const cut = await slowUpload(ledger.url, true);
    expect(cut.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(cut.ms).toBeLessThan(3000);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await fetch(`${ledger.url}/checkpoint`)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(12);
    await ledger.stop();
  });
});
