/**
 * The chain as the ledger and the auditor see it: one CheckpointAnchor
 * contract at a configured address on a configured chain, read and checked
 * with viem. Before it is trusted for anything, `verify` checks that the
 * RPC serves the chain id we were told (an RPC URL pointing at another
 * chain would make every anchor worthless) and that the code at the address
 * is byte for byte our compiled contract (../../contracts, which has no
 * immutables, so every deployment has the same code): a contract that only
 * looks like ours could accept anything and report anything.
 */
import { createPublicClient, defineChain, getAddress, http, isAddress, keccak256, stringToBytes, type Address, type Chain, type Hex, type HttpTransport, type PublicClient } from 'viem';
import { CHECKPOINT_ANCHOR } from './checkpoint-anchor.artifact';

export const ANCHOR_ABI = CHECKPOINT_ANCHOR.abi;

/** What identifies a log on chain: keccak256 of its origin line, as the contract hashes it. */
export const originHash = (origin: string): Hex => keccak256(stringToBytes(origin));

export interface RpcEndpoint {
  readonly rpcUrl: string;
  readonly chainId: number;
  /** Per JSON-RPC request; the default 10 s. */
  readonly timeoutMs?: number;
  /** How often to ask for a transaction's receipt; viem's default 4 s. */
  readonly pollingMs?: number;
}

export interface ChainEndpoint extends RpcEndpoint {
  readonly contract: string;
}

/** A problem retrying cannot fix: another chain, not our contract, not the registered poster, a refusal by the contract. */
export class ChainRefusal extends Error {}

export interface AnchorState {
  readonly size: number;
  readonly root: Hex;
  /** Seconds since the epoch, the block's time when it was anchored. */
  readonly time: number;
}

export interface AnchoredLog extends AnchorState {
  readonly tx: Hex;
  readonly block: bigint;
}

/** Blocks per eth_getLogs request: public RPCs refuse wide ranges. */
const LOG_RANGE = 10_000n;

/** A uint64 the chain returned, as the safe integer a tree size is; anything else is garbage. */
function safeSize(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`the chain returned ${what} ${value}, not a tree size`);
  return Number(value);
}

function contractAddress(text: string): Address {
  if (!isAddress(text, { strict: false })) throw new ChainRefusal(`${JSON.stringify(text)} is not a contract address (0x and 40 hex digits)`);
  return getAddress(text);
}

export function defineAnchorChain(endpoint: RpcEndpoint): Chain {
  return defineChain({
    id: endpoint.chainId,
    name: `chain ${endpoint.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [endpoint.rpcUrl] } },
  });
}

/** viem's own retries are off: the poster retries with its own bounds and says so in its status. */
export const anchorTransport = (endpoint: RpcEndpoint): HttpTransport => http(endpoint.rpcUrl, { timeout: endpoint.timeoutMs ?? 10_000, retryCount: 0 });

export const chainClient = (endpoint: RpcEndpoint): PublicClient<HttpTransport, Chain> =>
  createPublicClient({ chain: defineAnchorChain(endpoint), transport: anchorTransport(endpoint), ...(endpoint.pollingMs === undefined ? {} : { pollingInterval: endpoint.pollingMs }) });

export class AnchorContract {
  readonly address: Address;
  readonly chain: Chain;
  readonly client: PublicClient<HttpTransport, Chain>;

  constructor(readonly endpoint: ChainEndpoint) {
    this.address = contractAddress(endpoint.contract);
    this.client = chainClient(endpoint);
    this.chain = this.client.chain;
  }

  /** Throws ChainRefusal when the chain or the contract is not the configured one; network errors pass through. */
  async verify(): Promise<void> {
    const id = await this.client.getChainId();
    if (id !== this.endpoint.chainId) throw new ChainRefusal(`the RPC serves chain id ${id}, not the configured ${this.endpoint.chainId}`);
    const code = await this.client.getCode({ address: this.address });
    if (code === undefined || code === '0x') throw new ChainRefusal(`there is no contract at ${this.address} on chain ${id}`);
    if (code.toLowerCase() !== CHECKPOINT_ANCHOR.deployedBytecode.toLowerCase()) {
      throw new ChainRefusal(`the contract at ${this.address} is not CheckpointAnchor (its code differs from contracts/CheckpointAnchor.sol compiled)`);
    }
  }

  async posterOf(origin: string): Promise<Address> {
    return this.client.readContract({ address: this.address, abi: ANCHOR_ABI, functionName: 'posterOf', args: [originHash(origin)] });
  }

  /** The last anchored checkpoint of `origin`: size 0 when none. */
  async latest(origin: string): Promise<AnchorState> {
    const [size, time, root] = await this.client.readContract({ address: this.address, abi: ANCHOR_ABI, functionName: 'latest', args: [originHash(origin)] });
    return { size: safeSize(size, 'size'), time: safeSize(time, 'time'), root };
  }

  /** Every Anchored event of `origin` from `fromBlock` (the contract's deployment, ideally) on, oldest first. */
  async anchors(origin: string, fromBlock = 0n): Promise<AnchoredLog[]> {
    const head = await this.client.getBlockNumber();
    const found: AnchoredLog[] = [];
    for (let from = fromBlock; from <= head; from += LOG_RANGE) {
      const to = from + LOG_RANGE - 1n < head ? from + LOG_RANGE - 1n : head;
      const logs = await this.client.getContractEvents({
        address: this.address,
        abi: ANCHOR_ABI,
        eventName: 'Anchored',
        args: { originHash: originHash(origin) },
        fromBlock: from,
        toBlock: to,
        strict: true,
      });
      for (const log of logs) {
        if (log.transactionHash === null || log.blockNumber === null) continue; // pending: not anchored yet
        const { size, root, time } = log.args;
        // The RPC did the filtering; one that hands us another log's or another contract's events is not believed.
        if (log.args.originHash !== originHash(origin) || getAddress(log.address) !== this.address) throw new Error('the RPC returned an Anchored event of another log or contract');
        found.push({ size: safeSize(size, 'size'), root, time: safeSize(time, 'time'), tx: log.transactionHash, block: log.blockNumber });
      }
    }
    return found;
  }
}
