/**
 * CheckpointAnchor on a local anvil chain: who may write, what it refuses,
 * what it records. A forged transaction is sent with its gas given, so it
 * skips simulation and is mined: the refusal is the contract's, on chain.
 */
import { createWalletClient, decodeEventLog, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR_ABI, AnchorContract, anchorTransport, chainClient, defineAnchorChain, originHash, type RpcEndpoint } from './anchor-contract';
import { deployAnchor, setPoster } from './deploy';
import { ANVIL_CHAIN_ID, ANVIL_KEYS, startAnvil, type RunningAnvil } from './testing/anvil';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';
const owner = privateKeyToAccount(ANVIL_KEYS[0]);
const poster = privateKeyToAccount(ANVIL_KEYS[1]);
const stranger = privateKeyToAccount(ANVIL_KEYS[2]);
const root = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;
let anvil: RunningAnvil;
let rpc: RpcEndpoint;
let address: Address;
let contract: AnchorContract;

/** Sends anchor() as `from`, mined even when it reverts; resolves with the receipt's status and gas. */
async function forge(from: typeof poster, hash: Hex, size: number, r: Hex) {
  const wallet = createWalletClient({ account: from, chain: defineAnchorChain(rpc), transport: anchorTransport(rpc) });
  const tx = await wallet.writeContract({ address, abi: ANCHOR_ABI, functionName: 'anchor', args: [hash, BigInt(size), r], gas: 200_000n });
  return chainClient(rpc).waitForTransactionReceipt({ hash: tx });
}

beforeAll(async () => {
  anvil = await startAnvil();
  rpc = { rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, pollingMs: 50 };
  address = (await deployAnchor(rpc, owner)).address;
  contract = new AnchorContract({ ...rpc, contract: address });
  await setPoster({ ...rpc, contract: address }, owner, ORIGIN, poster.address);
});
afterAll(async () => anvil?.stop());

describe('CheckpointAnchor', () => {
  it('is the committed code, owned by its deployer, with the poster its owner named', async () => {
    await contract.verify();
    expect(await contract.posterOf(ORIGIN)).toBe(poster.address);
    expect(await contract.posterOf('another/log')).toBe('0x0000000000000000000000000000000000000000');
    expect(await contract.latest(ORIGIN)).toEqual({ size: 0, time: 0, root: root(0) });
  });

  it('records (size, root, time) and emits Anchored; grows only', async () => {
    const first = await forge(poster, originHash(ORIGIN), 10, root(10));
    expect(first.status).toBe('success');
    const event = decodeEventLog({ abi: ANCHOR_ABI, ...first.logs[0]! });
    expect(event.eventName).toBe('Anchored');
    expect(event.args).toMatchObject({ originHash: originHash(ORIGIN), size: 10n, root: root(10) });
    const held = await contract.latest(ORIGIN);
    expect(held).toMatchObject({ size: 10, root: root(10) });
    expect(held.time).toBeGreaterThan(1_600_000_000);
    expect((await forge(poster, originHash(ORIGIN), 25, root(25))).status).toBe('success');
    // What a later anchoring costs (two storage words rewritten and the event): kept small.
    expect((await forge(poster, originHash(ORIGIN), 26, root(26))).gasUsed).toBeLessThan(40_000n);
    expect((await contract.anchors(ORIGIN)).map((a) => [a.size, a.root])).toEqual([[10, root(10)], [25, root(25)], [26, root(26)]]);
  });

  it('refuses a forged lower size, and another root for the anchored size, from the poster itself', async () => {
    expect((await forge(poster, originHash(ORIGIN), 20, root(20))).status).toBe('reverted');
    expect((await forge(poster, originHash(ORIGIN), 26, root(99))).status).toBe('reverted');
    expect(await contract.latest(ORIGIN)).toMatchObject({ size: 26, root: root(26) });
    // The same checkpoint again is a no-op: no event, nothing changes.
    const again = await forge(poster, originHash(ORIGIN), 26, root(26));
    expect(again.status).toBe('success');
    expect(again.logs).toEqual([]);
  });

  it('refuses a poster that is not registered, for this log or any', async () => {
    expect((await forge(stranger, originHash(ORIGIN), 1000, root(1000))).status).toBe('reverted');
    expect((await forge(stranger, originHash('another/log'), 5, root(5))).status).toBe('reverted');
    // The owner names posters but is not one.
    expect((await forge(owner, originHash(ORIGIN), 1000, root(1000))).status).toBe('reverted');
    expect(await contract.latest(ORIGIN)).toMatchObject({ size: 26 });
  });

  it('lets only the owner name a poster; a new poster is bound by what is anchored', async () => {
    await expect(setPoster({ ...rpc, contract: address }, stranger, ORIGIN, stranger.address)).rejects.toThrow(/NotOwner/);
    await setPoster({ ...rpc, contract: address }, owner, ORIGIN, stranger.address);
    expect((await forge(poster, originHash(ORIGIN), 30, root(30))).status).toBe('reverted');
    expect((await forge(stranger, originHash(ORIGIN), 3, root(3))).status).toBe('reverted');
    expect((await forge(stranger, originHash(ORIGIN), 30, root(30))).status).toBe('success');
    await setPoster({ ...rpc, contract: address }, owner, ORIGIN, poster.address);
  });
});
