/**
 * The ledger's chain options (ledger/main.ts): all of the first four, or
 * none (no anchoring).
 *
 *   --chain-rpc URL       anchor checkpoints on an EVM chain through this JSON-RPC URL
 *   --chain-id N          the chain's id (checked against the RPC's)
 *   --chain-key FILE      the poster's private key (0x + 64 hex digits, mode 0600)
 *   --chain-contract ADDR the CheckpointAnchor contract (contracts/CheckpointAnchor.sol)
 *   --chain-every MIN     anchor the grown log every MIN minutes (default 60)
 *   --chain-after N       and as soon as N leaves were appended since the last anchor (default 10000)
 *   --chain-max-fee GWEI  pay at most this per gas, base fee and tip (default 100)
 *   --chain-max-tip GWEI  tip at most this per gas (default 2)
 *   --chain-from-block N  the contract's deployment block, where its events start (default 0)
 */
import { isAddress, parseGwei } from 'viem';
import { err, ok, type Result } from '../../shared/result';
import type { ChainEndpoint } from './anchor-contract';

export const CHAIN_OPTIONS = {
  'chain-rpc': { type: 'string' },
  'chain-id': { type: 'string' },
  'chain-key': { type: 'string' },
  'chain-contract': { type: 'string' },
  'chain-every': { type: 'string' },
  'chain-after': { type: 'string' },
  'chain-max-fee': { type: 'string' },
  'chain-max-tip': { type: 'string' },
  'chain-from-block': { type: 'string' },
} as const;

export interface ChainConfig {
  readonly endpoint: ChainEndpoint;
  readonly keyFile: string;
  readonly everyMs: number;
  readonly afterLeaves: number;
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly fromBlock: bigint;
}

type ChainValues = { readonly [K in keyof typeof CHAIN_OPTIONS]?: string | undefined };

const whole = (text: string | undefined, fallback: number, max: number): number | undefined => {
  if (text === undefined) return fallback;
  return /^[1-9][0-9]{0,15}$/.test(text) && Number(text) <= max ? Number(text) : undefined;
};

function gwei(text: string | undefined, fallback: string): bigint | undefined {
  const value = text ?? fallback;
  return /^[0-9]{1,9}(\.[0-9]{1,9})?$/.test(value) && /[1-9]/.test(value) ? parseGwei(value) : undefined;
}

/** undefined: no chain; an error: options that cannot work together (a usage error). */
export function chainConfig(values: ChainValues): Result<ChainConfig | undefined, 'usage'> {
  const { 'chain-rpc': rpcUrl, 'chain-id': id, 'chain-key': keyFile, 'chain-contract': contract } = values;
  const given = Object.entries(values).filter(([name, value]) => name in CHAIN_OPTIONS && value !== undefined);
  if (given.length === 0) return ok(undefined);
  if (rpcUrl === undefined || id === undefined || keyFile === undefined || contract === undefined) {
    return err('usage', 'anchoring needs all of --chain-rpc, --chain-id, --chain-key and --chain-contract');
  }
  if (!/^https?:\/\//.test(rpcUrl) || !URL.canParse(rpcUrl)) return err('usage', '--chain-rpc must be an http(s) URL');
  if (!isAddress(contract, { strict: false })) return err('usage', '--chain-contract must be an address: 0x and 40 hex digits');
  const chainId = whole(id, 0, Number.MAX_SAFE_INTEGER);
  const every = whole(values['chain-every'], 60, 7 * 24 * 60);
  const afterLeaves = whole(values['chain-after'], 10_000, 1e12);
  const fromBlock = values['chain-from-block'] === '0' ? 0 : whole(values['chain-from-block'], 0, Number.MAX_SAFE_INTEGER);
  const maxFeePerGas = gwei(values['chain-max-fee'], '100');
  const maxPriorityFeePerGas = gwei(values['chain-max-tip'], '2');
  if (chainId === undefined) return err('usage', '--chain-id must be a whole number above 0');
  if (every === undefined) return err('usage', '--chain-every must be minutes, 1 to 10080');
  if (afterLeaves === undefined) return err('usage', '--chain-after must be a whole number above 0');
  if (fromBlock === undefined) return err('usage', '--chain-from-block must be a block number');
  if (maxFeePerGas === undefined || maxPriorityFeePerGas === undefined) return err('usage', '--chain-max-fee and --chain-max-tip are gwei above 0, like 30 or 0.5');
  if (maxPriorityFeePerGas > maxFeePerGas) return err('usage', '--chain-max-tip cannot be above --chain-max-fee');
  return ok({ endpoint: { rpcUrl, chainId, contract }, keyFile, everyMs: every * 60_000, afterLeaves, maxFeePerGas, maxPriorityFeePerGas, fromBlock: BigInt(fromBlock) });
}
