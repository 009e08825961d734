import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnchorContract } from './anchor-contract';
import { setup } from './setup';
import { ANVIL_CHAIN_ID, ANVIL_KEYS, startAnvil, type RunningAnvil } from './testing/anvil';

const dir = mkdtempSync(join(tmpdir(), 'aidtrail-chain-setup-'));
const ownerKey = join(dir, 'owner.key');
writeFileSync(ownerKey, ANVIL_KEYS[0], { mode: 0o600 });
const poster = privateKeyToAccount(ANVIL_KEYS[1]).address;
let anvil: RunningAnvil;

beforeAll(async () => {
  anvil = await startAnvil();
});
afterAll(async () => anvil?.stop());

describe('chain setup', () => {
  it('deploys the contract and names a poster, then names another for a second log on it', async () => {
    const base = ['--rpc', anvil.url, '--chain-id', String(ANVIL_CHAIN_ID), '--owner-key', ownerKey, '--poster', poster];
    const first = await setup([...base, '--origin', 'a.example/log']);
    const contract = /deployed CheckpointAnchor at (0x[0-9a-fA-F]{40}) in block (\d+)/.exec(first)![1]!;
    expect(first).toContain(`ledger options: --chain-rpc ${anvil.url} --chain-id 31337 --chain-contract ${contract} --chain-from-block `);
    const second = await setup([...base, '--origin', 'b.example/log', '--contract', contract]);
    expect(second).not.toMatch(/deployed/);
    const onChain = new AnchorContract({ rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, contract });
    await onChain.verify();
    expect([await onChain.posterOf('a.example/log'), await onChain.posterOf('b.example/log')]).toEqual([poster, poster]);
  });

  it('refuses missing or malformed options', async () => {
    await expect(setup(['--rpc', anvil.url])).rejects.toThrow(/needs --rpc/);
    await expect(setup(['--rpc', anvil.url, '--chain-id', '31337', '--owner-key', ownerKey, '--origin', 'o', '--poster', '0x12'])).rejects.toThrow(/--poster must be an address/);
  });
});
