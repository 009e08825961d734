import { describe, expect, it } from 'vitest';
import { chainConfig } from './options';

const ADDRESS = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const all = { 'chain-rpc': 'http://127.0.0.1:8545', 'chain-id': '31337', 'chain-key': 'poster.key', 'chain-contract': ADDRESS };

describe('the ledger chain options', () => {
  it('are all off, or all four with defaults for the rest', () => {
    expect(chainConfig({})).toEqual({ ok: true, value: undefined });
    expect(chainConfig(all)).toEqual({
      ok: true,
      value: {
        endpoint: { rpcUrl: 'http://127.0.0.1:8545', chainId: 31337, contract: ADDRESS },
        keyFile: 'poster.key',
        everyMs: 3_600_000,
        afterLeaves: 10_000,
        maxFeePerGas: 100_000_000_000n,
        maxPriorityFeePerGas: 2_000_000_000n,
        fromBlock: 0n,
      },
    });
    const tuned = chainConfig({ ...all, 'chain-every': '15', 'chain-after': '500', 'chain-max-fee': '0.5', 'chain-max-tip': '0.001', 'chain-from-block': '1234' });
    expect(tuned.ok && tuned.value).toMatchObject({ everyMs: 900_000, afterLeaves: 500, maxFeePerGas: 500_000_000n, maxPriorityFeePerGas: 1_000_000n, fromBlock: 1234n });
  });

  it('refuse half a configuration and values that cannot work', () => {
    const refused = (values: Record<string, string>) => {
      const r = chainConfig(values);
      return r.ok ? 'accepted' : r.message;
    };
    expect(refused({ 'chain-rpc': all['chain-rpc'] })).toMatch(/needs all of/);
    expect(refused({ 'chain-every': '5' })).toMatch(/needs all of/);
    expect(refused({ ...all, 'chain-rpc': 'ws://127.0.0.1:8545' })).toMatch(/http\(s\) URL/);
    expect(refused({ ...all, 'chain-contract': '0x1234' })).toMatch(/must be an address/);
    expect(refused({ ...all, 'chain-id': '0' })).toMatch(/--chain-id/);
    expect(refused({ ...all, 'chain-id': '1e3' })).toMatch(/--chain-id/);
    expect(refused({ ...all, 'chain-every': '0' })).toMatch(/--chain-every/);
    expect(refused({ ...all, 'chain-every': '99999' })).toMatch(/--chain-every/);
    expect(refused({ ...all, 'chain-after': '-1' })).toMatch(/--chain-after/);
    expect(refused({ ...all, 'chain-from-block': 'latest' })).toMatch(/--chain-from-block/);
    expect(refused({ ...all, 'chain-max-fee': '0' })).toMatch(/gwei above 0/);
    expect(refused({ ...all, 'chain-max-fee': '1e9' })).toMatch(/gwei above 0/);
    expect(refused({ ...all, 'chain-max-fee': '1', 'chain-max-tip': '2' })).toMatch(/cannot be above/);
  });
});
