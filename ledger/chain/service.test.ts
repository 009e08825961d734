/**
 * The ledger service (ledger/main.ts) run with a chain: it anchors on its
 * own and says so at GET /chain; its chain options and key file are checked
 * before it listens. GET /chain of a ledger without a chain says 'off'.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chainStatusSchema } from '../../shared/ledger/chain-status';
import { fastDevice, ADMIN_TOKEN, HQ_SEED, openLedger } from '../testing/fixtures';
import { startLedger, writeKeyFile, type RunningLedger } from '../testing/spawn';
import { buildApp } from '../service/http';
import { DEFAULT_ORIGIN } from '../service/ledger';
import { SqliteStore } from '../store/sqlite-store';
import { deployAnchor, setPoster } from './deploy';
import { chainRoutes } from './routes';
import { CHAIN_OFF, type ChainStatus } from './status';
import { ANVIL_CHAIN_ID, ANVIL_KEYS, startAnvil, type RunningAnvil } from './testing/anvil';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'aidtrail-chain-service-'));
const owner = privateKeyToAccount(ANVIL_KEYS[0]);
const posterKey = privateKeyToAccount(ANVIL_KEYS[1]);
let anvil: RunningAnvil;
let contract: string;
let ledger: RunningLedger | undefined;

function chainKey(name: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, `${ANVIL_KEYS[1]}\n`, { mode });
  return path;
}

const chainArgs = () => ['--chain-rpc', anvil.url, '--chain-id', String(ANVIL_CHAIN_ID), '--chain-contract', contract, '--chain-after', '1'];

beforeAll(async () => {
  anvil = await startAnvil();
  const rpc = { rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, pollingMs: 50 };
  contract = (await deployAnchor(rpc, owner)).address;
  await setPoster({ ...rpc, contract }, owner, DEFAULT_ORIGIN, posterKey.address);
});
afterAll(async () => {
  await ledger?.stop();
  await anvil?.stop();
});

describe('the ledger service with a chain', () => {
  it('anchors on its own and reports it at GET /chain', async () => {
    ledger = await startLedger({
      keyFile: writeKeyFile(dir, HQ_SEED),
      db: join(dir, 'ledger.sqlite'),
      adminToken: ADMIN_TOKEN,
      args: [...chainArgs(), '--chain-key', chainKey('poster.key', 0o600)],
    });
    expect(ledger.output()).toMatch(new RegExp(`anchoring: +chain 31337 at ${new URL(anvil.url).host}, contract ${contract}, poster ${posterKey.address}`));
    const chain = async () => (await (await fetch(`${ledger!.url}/chain`)).json()) as ChainStatus;
    // The empty log: the chain answered, nothing to anchor yet.
    await vi.waitFor(async () => expect(await chain()).toMatchObject({ state: 'ok', lastAnchored: null }), { timeout: 10_000, interval: 50 });
    const certified = await fetch(`${ledger.url}/admin/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: fastDevice().did, site: 'camp-a', role: 'field-officer' }),
    });
    expect(certified.status).toBe(201);
    // Anchored at the next poll (every 5 s), since --chain-after 1.
    await vi.waitFor(async () => expect((await chain()).lastAnchored).toMatchObject({ size: 1, tx: expect.stringMatching(/^0x[0-9a-f]{64}$/) }), { timeout: 15_000, interval: 100 });
    const answer = await fetch(`${ledger.url}/chain`);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    // What the HQ console and the donor page check an answer against.
    expect(chainStatusSchema.safeParse(await answer.json()).success).toBe(true);
  }, 30_000);

  it('refuses to start with a chain key others can read, or half the chain options', () => {
    const start = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'ledger', 'main.ts'), '--key', writeKeyFile(dir, HQ_SEED), '--db', join(dir, 'refused.sqlite'), '--port', '0', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, AIDTRAIL_ADMIN_TOKEN: ADMIN_TOKEN },
        timeout: 30_000,
      });
    const leaked = start([...chainArgs(), '--chain-key', chainKey('leaked.key', 0o644)]);
    expect(leaked.status).toBe(1);
    expect(leaked.stderr).toMatch(/^ledger: the chain key .*leaked\.key is readable by other users \(mode 644\)/);
    const half = start(['--chain-rpc', anvil.url]);
    expect(half.status).toBe(2);
    expect(half.stderr).toMatch(/anchoring needs all of --chain-rpc, --chain-id, --chain-key and --chain-contract/);
  }, 60_000);

  it("says 'off' at GET /chain without a chain", async () => {
    const inProcess = await openLedger(new SqliteStore(':memory:'));
    const app = buildApp(inProcess, { adminToken: ADMIN_TOKEN });
    void app.register(chainRoutes({ status: () => CHAIN_OFF }));
    const answer = await app.inject({ method: 'GET', url: '/chain' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ state: 'off', chainId: null, contract: null, poster: null, lastAnchored: null, lastAttempt: null, error: null });
    expect(chainStatusSchema.safeParse(answer.json()).success).toBe(true);
    await app.close();
    await inProcess.close();
  });
});
