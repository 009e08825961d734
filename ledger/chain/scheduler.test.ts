/**
 * The ledger anchoring on a local anvil chain: a real Ledger over SQLite,
 * the scheduler's clock in the test's hands (ticks driven one by one), and
 * the chain behind a proxy that goes down and comes back.
 */
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { certBody, type TestDevice } from '../../shared/ledger/test-support';
import { fastDevice, HQ_SEED, uploadOf } from '../testing/fixtures';
import { Ledger } from '../service/ledger';
import { SqliteStore } from '../store/sqlite-store';
import { deployAnchor, setPoster } from './deploy';
import { AnchorPoster } from './poster';
import { AnchorScheduler } from './scheduler';
import { ANVIL_CHAIN_ID, ANVIL_KEYS, startAnvil, type RunningAnvil } from './testing/anvil';
import { startRpcProxy, type RpcProxy } from './testing/rpc-proxy';

const owner = privateKeyToAccount(ANVIL_KEYS[0]);
const posterKey = privateKeyToAccount(ANVIL_KEYS[1]);
const MINUTE = 60_000;
let anvil: RunningAnvil;
let proxy: RpcProxy;
let contract: string;

beforeAll(async () => {
  anvil = await startAnvil();
  proxy = await startRpcProxy(anvil.url);
  const rpc = { rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, pollingMs: 50 };
  contract = (await deployAnchor(rpc, owner)).address;
});
afterAll(async () => {
  await proxy?.close();
  await anvil?.stop();
});

async function anchoredLedger(origin: string): Promise<{ ledger: Ledger; device: TestDevice; append: (n: number) => Promise<void>; poster: AnchorPoster }> {
  await setPoster({ rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, pollingMs: 50, contract }, owner, origin, posterKey.address);
  const device = fastDevice();
  // Each test its own log (origin) on the one contract.
  const ledger = await Ledger.open({ store: new SqliteStore(':memory:'), hqSeed: HQ_SEED, origin });
  const cert = await ledger.issue('device-cert', certBody(device.did));
  if (!cert.ok) throw new Error(cert.message);
  const append = async (n: number) => {
    const r = await ledger.submit(await uploadOf(device, device.handouts(n)));
    if (!r.ok) throw new Error(r.message);
  };
  const poster = new AnchorPoster({
    endpoint: { rpcUrl: proxy.url, chainId: ANVIL_CHAIN_ID, contract, pollingMs: 50, timeoutMs: 300 },
    account: posterKey,
    origin: ledger.origin,
    maxFeePerGas: 100_000_000_000n,
    maxPriorityFeePerGas: 2_000_000_000n,
    attempts: 2,
    backoffMs: 10,
  });
  return { ledger, device, append, poster };
}

describe('AnchorScheduler', () => {
  it('anchors on start, on schedule, after many leaves; rides out an outage without holding up an append', async () => {
    proxy.mode = { kind: 'up' };
    const { ledger, append, poster } = await anchoredLedger('aidtrail.example-agency.org/hq-log');
    let now = 1_000_000;
    const scheduler = new AnchorScheduler(ledger, poster, { everyMs: 60 * MINUTE, afterLeaves: 100, pollMs: 5_000, retryMs: 5 * MINUTE, now: () => now });
    const size = async () => (await ledger.checkpoint()).size;

    await scheduler.tick();
    expect(scheduler.status).toMatchObject({ state: 'ok', lastAnchored: { size: await size() } });
    const first = scheduler.status.lastAnchored!;

    // A few leaves: not yet (fewer than 100, within the hour).
    await append(10);
    now += 59 * MINUTE;
    await scheduler.tick();
    expect(scheduler.status.lastAnchored).toEqual(first);
    // The hour is up.
    now += MINUTE;
    await scheduler.tick();
    expect(scheduler.status.lastAnchored).toMatchObject({ size: await size() });
    expect(scheduler.status.lastAnchored!.tx).not.toBe(first.tx);
    // 100 leaves: at once.
    await append(100);
    now += 1_000;
    await scheduler.tick();
    expect(scheduler.status.lastAnchored).toMatchObject({ size: await size() });
    const beforeOutage = scheduler.status.lastAnchored!;

    // The chain stops answering while a post is under way; the log goes on appending, checkpoint after checkpoint.
    proxy.mode = { kind: 'hang' };
    await append(100);
    now += 1_000;
    let posting = true;
    const tick = scheduler.tick().finally(() => (posting = false));
    for (let i = 0; i < 20; i++) await append(5);
    expect(posting).toBe(true);
    await tick;
    expect(scheduler.status).toMatchObject({ state: 'unreachable', lastAnchored: beforeOutage });
    expect(scheduler.status.error).toMatch(/took too long|timed out/i);
    const grown = await size();
    expect(grown).toBe(beforeOutage.size + 200);

    // Down entirely: still unreachable; then back, and the next try (after retryMs) anchors everything.
    proxy.mode = { kind: 'down' };
    now += 5 * MINUTE;
    await scheduler.tick();
    expect(scheduler.status.state).toBe('unreachable');
    proxy.mode = { kind: 'up' };
    now += MINUTE;
    await scheduler.tick();
    expect(scheduler.status.state).toBe('unreachable'); // not hammered: retried after retryMs
    now += 4 * MINUTE;
    await scheduler.tick();
    expect(scheduler.status).toMatchObject({ state: 'ok', error: null, lastAnchored: { size: grown } });
    await ledger.close();
  });

  it('runs on its own timer once started, and stops', async () => {
    proxy.mode = { kind: 'up' };
    const { ledger, append, poster } = await anchoredLedger('aidtrail.example-agency.org/timer-log');
    await append(3);
    const scheduler = new AnchorScheduler(ledger, poster, { everyMs: MINUTE, afterLeaves: 2, pollMs: 20, retryMs: MINUTE });
    scheduler.start();
    await vi.waitFor(() => expect(scheduler.status.lastAnchored?.size).toBe(4), { timeout: 10_000, interval: 20 });
    await append(2);
    await vi.waitFor(() => expect(scheduler.status.lastAnchored?.size).toBe(6), { timeout: 10_000, interval: 20 });
    scheduler.stop();
    await append(5);
    expect(scheduler.status.lastAnchored?.size).toBe(6);
    await ledger.close();
  });
});
