/**
 * The poster against a local anvil chain, reached through a proxy the tests
 * break: what it posts, what it refuses to post or to believe, and the status
 * it reports for each.
 */
import { randomBytes } from 'node:crypto';
import { toFunctionSelector, type Address } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_ANCHOR } from './checkpoint-anchor.artifact';
import { deployAnchor, setPoster } from './deploy';
import { AnchorPoster, type PosterOptions } from './poster';
import { ANVIL_CHAIN_ID, ANVIL_KEYS, startAnvil, type RunningAnvil } from './testing/anvil';
import { startRpcProxy, type RpcProxy } from './testing/rpc-proxy';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';
const owner = privateKeyToAccount(ANVIL_KEYS[0]);
const posterKey = privateKeyToAccount(ANVIL_KEYS[1]);
let anvil: RunningAnvil;
let proxy: RpcProxy;
let contract: Address;
let fromBlock: bigint;

const checkpoint = (size: number) => ({ size, rootHash: new Uint8Array(randomBytes(32)) });
const rpc = () => ({ rpcUrl: proxy.url, chainId: ANVIL_CHAIN_ID, pollingMs: 50, timeoutMs: 2_000 });

function poster(options: Partial<PosterOptions> & { account?: PrivateKeyAccount } = {}): AnchorPoster {
  return new AnchorPoster({
    endpoint: { ...rpc(), contract },
    account: posterKey,
    origin: ORIGIN,
    maxFeePerGas: 100_000_000_000n,
    maxPriorityFeePerGas: 2_000_000_000n,
    attempts: 2,
    backoffMs: 10,
    fromBlock,
    ...options,
  });
}

async function rpcCall(method: string, params: unknown[]): Promise<unknown> {
  const answer = await fetch(anvil.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return ((await answer.json()) as { result: unknown }).result;
}

beforeAll(async () => {
  anvil = await startAnvil();
  proxy = await startRpcProxy(anvil.url);
});
afterAll(async () => {
  await proxy?.close();
  await anvil?.stop();
});
beforeEach(async () => {
  proxy.mode = { kind: 'up' };
  const deployed = await deployAnchor({ rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, pollingMs: 50 }, owner);
  [contract, fromBlock] = [deployed.address, deployed.block];
  await setPoster({ rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, pollingMs: 50, contract }, owner, ORIGIN, posterKey.address);
  proxy.methods.length = 0;
});

describe('AnchorPoster', () => {
  it('anchors a checkpoint and reports its transaction; the same checkpoint again sends nothing', async () => {
    const p = poster();
    expect(p.status).toMatchObject({ state: 'starting', lastAnchored: null, poster: posterKey.address, chainId: ANVIL_CHAIN_ID });
    const c = checkpoint(12);
    const status = await p.post(c);
    expect(status).toMatchObject({ state: 'ok', error: null, lastAnchored: { size: 12, root: Buffer.from(c.rootHash).toString('hex') } });
    expect(status.lastAnchored!.tx).toMatch(/^0x[0-9a-f]{64}$/);
    expect(status.lastAnchored!.block).toBeGreaterThan(Number(fromBlock));
    expect(Date.parse(status.lastAnchored!.at)).toBeGreaterThan(0);
    proxy.methods.length = 0;
    expect(await p.post(c)).toEqual({ ...status, lastAttempt: expect.any(String) });
    expect(proxy.methods).not.toContain('eth_sendRawTransaction');
    // After a restart, the checkpoint and its transaction are found on chain.
    expect((await poster().post(c)).lastAnchored).toEqual(status.lastAnchored);
  });

  it('reports an unreachable chain and recovers when it is back', async () => {
    const p = poster();
    proxy.mode = { kind: 'down' };
    const down = await p.post(checkpoint(5));
    expect(down).toMatchObject({ state: 'unreachable', lastAnchored: null });
    expect(down.error).toMatch(/\(2 attempts\)$/);
    proxy.mode = { kind: 'up' };
    expect(await p.post(checkpoint(7))).toMatchObject({ state: 'ok', error: null, lastAnchored: { size: 7 } });
  });

  it('gives up on a chain that never answers within its timeout', async () => {
    proxy.mode = { kind: 'hang' };
    const status = await poster({ endpoint: { ...rpc(), contract, timeoutMs: 200 } }).post(checkpoint(5));
    expect(status).toMatchObject({ state: 'unreachable' });
    expect(status.error).toMatch(/took too long|timed out/i);
  });

  it('does not believe a chain answering garbage', async () => {
    proxy.mode = { kind: 'answer', answer: () => '<html>502 Bad Gateway</html>' };
    expect(await poster().post(checkpoint(5))).toMatchObject({ state: 'unreachable', error: expect.stringMatching(/JSON/) });
    // A uint64 size beyond what a tree size can be.
    const latest = toFunctionSelector('latest(bytes32)');
    proxy.mode = {
      kind: 'answer',
      answer: ({ method, id, params }) =>
        method === 'eth_call' && (params[0] as { data: string }).data.startsWith(latest) ? JSON.stringify({ jsonrpc: '2.0', id, result: `0x${'f'.repeat(64)}${'0'.repeat(128)}` }) : undefined,
    };
    expect(await poster().post(checkpoint(5))).toMatchObject({ state: 'unreachable', error: expect.stringMatching(/the chain returned size \d+, not a tree size/) });
    proxy.mode = { kind: 'up' };
    expect(proxy.methods).not.toContain('eth_sendRawTransaction');
  });

  it('refuses an RPC serving another chain id', async () => {
    proxy.mode = { kind: 'answer', answer: ({ method, id }) => (method === 'eth_chainId' ? JSON.stringify({ jsonrpc: '2.0', id, result: '0x1' }) : undefined) };
    expect(await poster().post(checkpoint(5))).toMatchObject({ state: 'refused', error: 'the RPC serves chain id 1, not the configured 31337' });
    proxy.mode = { kind: 'up' };
    expect(await poster({ endpoint: { ...rpc(), chainId: 10, contract } }).post(checkpoint(5))).toMatchObject({ state: 'refused' });
  });

  it('refuses an address without code, and a contract that is not ours, even one that only differs a little', async () => {
    const empty = await poster({ endpoint: { ...rpc(), contract: owner.address } }).post(checkpoint(5));
    expect(empty).toMatchObject({ state: 'refused', error: expect.stringMatching(/no contract at/) });
    const code = CHECKPOINT_ANCHOR.deployedBytecode;
    const lookalike = `${code.slice(0, -2)}${code.endsWith('00') ? '01' : '00'}`;
    await rpcCall('anvil_setCode', [contract, lookalike]);
    const status = await poster().post(checkpoint(5));
    expect(status).toMatchObject({ state: 'refused', error: expect.stringMatching(/is not CheckpointAnchor/) });
    expect(proxy.methods).not.toContain('eth_sendRawTransaction');
  });

  it('refuses to post with a key that is not the registered poster', async () => {
    const stranger = privateKeyToAccount(ANVIL_KEYS[2]);
    const status = await poster({ account: stranger }).post(checkpoint(5));
    expect(status.state).toBe('refused');
    expect(status.error).toContain(`this key (${stranger.address}) is not the registered poster of ${ORIGIN}: the contract names ${posterKey.address}`);
  });

  it('refuses, loudly, when the chain holds more than the log or another root for its size', async () => {
    const p = poster();
    const c = checkpoint(20);
    await p.post(c);
    expect(await p.post(checkpoint(19))).toMatchObject({ state: 'refused', error: expect.stringMatching(/holds size 20 .* more than the log's 19: the log lost leaves/) });
    expect(await p.post(checkpoint(20))).toMatchObject({ state: 'refused', error: expect.stringMatching(/two histories/) });
    expect(p.status.lastAnchored).toMatchObject({ size: 20 });
  });

  it('waits rather than pay above its fee cap', async () => {
    const status = await poster({ maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }).post(checkpoint(5));
    expect(status).toMatchObject({ state: 'unreachable', error: expect.stringMatching(/fees above the cap: the network asks \d+ wei\/gas, the cap is 1/) });
    expect(proxy.methods).not.toContain('eth_sendRawTransaction');
  });
});
