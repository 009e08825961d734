/**
 * Posts the log's checkpoints to the CheckpointAnchor contract (viem wallet
 * client). One `post` is one bounded piece of work: a few attempts with
 * doubling pauses, each checking the chain and the contract, the poster's
 * registration and what the contract already holds before it spends
 * anything, then a transaction under the fee caps and its receipt. It never
 * throws: the outcome is the status, and the caller (./scheduler.ts) only
 * decides when to try again. Nothing here touches the log: the ledger's
 * appends never wait on the chain.
 */
import { BaseError, ContractFunctionRevertedError, createWalletClient, type Hex, type WalletClient, type HttpTransport, type Chain } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { toHex } from '../../shared/bytes';
import { ANCHOR_ABI, AnchorContract, anchorTransport, ChainRefusal, originHash, type AnchorState, type ChainEndpoint } from './anchor-contract';
import type { ChainStatus, LastAnchored } from './status';

export interface PosterOptions {
  readonly endpoint: ChainEndpoint;
  readonly account: PrivateKeyAccount;
  /** The log's origin line: which log on the contract this poster anchors. */
  readonly origin: string;
  /** The most wei per gas it pays, base fee and tip together (EIP-1559 maxFeePerGas). */
  readonly maxFeePerGas: bigint;
  /** The most tip per gas (maxPriorityFeePerGas). */
  readonly maxPriorityFeePerGas: bigint;
  /** Attempts per post (default 3), pausing backoffMs, then twice that, … between them. */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** How long to wait for a sent transaction's receipt (default 3 minutes). */
  readonly receiptTimeoutMs?: number;
  /** Where to look for Anchored events (the contract's deployment block), for the transaction of a checkpoint anchored before this process. */
  readonly fromBlock?: bigint;
  readonly now?: () => Date;
}

export interface CheckpointToAnchor {
  readonly size: number;
  readonly rootHash: Uint8Array;
}

/** An error, one line, without viem's multi-line details (they name versions and docs URLs). */
export function oneLine(e: unknown): string {
  const text = e instanceof BaseError ? `${e.shortMessage}${e.details === '' ? '' : ` ${e.details}`}` : e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}

/** A revert by the contract, as the ChainRefusal it is: NotPoster, SizeDecreased, RootChanged. */
function revertOf(e: unknown): ChainRefusal | undefined {
  if (!(e instanceof BaseError)) return undefined;
  const reverted = e.walk((c) => c instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  const args = (reverted.data?.args ?? []).map(String).join(', ');
  return new ChainRefusal(`the contract refused the checkpoint: ${reverted.data?.errorName ?? reverted.reason ?? 'reverted'}(${args})`);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AnchorPoster {
  readonly contract: AnchorContract;
  readonly #options: PosterOptions;
  readonly #wallet: WalletClient<HttpTransport, Chain, PrivateKeyAccount>;
  readonly #now: () => Date;
  #status: ChainStatus;

  constructor(options: PosterOptions) {
    this.#options = options;
    this.contract = new AnchorContract(options.endpoint);
    this.#wallet = createWalletClient({ account: options.account, chain: this.contract.chain, transport: anchorTransport(options.endpoint) });
    this.#now = options.now ?? (() => new Date());
    this.#status = {
      state: 'starting',
      chainId: options.endpoint.chainId,
      contract: this.contract.address,
      poster: options.account.address,
      lastAnchored: null,
      lastAttempt: null,
      error: null,
    };
  }

  get status(): ChainStatus {
    return this.#status;
  }

  /** Anchors `checkpoint` unless the chain already holds it; resolves with the new status, never rejects. */
  async post(checkpoint: CheckpointToAnchor): Promise<ChainStatus> {
    const attempts = this.#options.attempts ?? 3;
    const backoff = this.#options.backoffMs ?? 2_000;
    const lastAttempt = this.#now().toISOString();
    for (let attempt = 1; ; attempt++) {
      try {
        const lastAnchored = await this.#once(checkpoint);
        return this.#set({ state: 'ok', lastAnchored, lastAttempt, error: null });
      } catch (e) {
        const refusal = e instanceof ChainRefusal ? e : revertOf(e);
        if (refusal !== undefined) return this.#set({ state: 'refused', lastAttempt, error: refusal.message });
        if (attempt >= attempts) return this.#set({ state: 'unreachable', lastAttempt, error: `${oneLine(e)} (${attempts} attempts)` });
      }
      await pause(backoff * 2 ** (attempt - 1));
    }
  }

  #set(change: Partial<ChainStatus>): ChainStatus {
    this.#status = { ...this.#status, ...change };
    return this.#status;
  }

  /** The anchored checkpoint after this attempt; null while the log and the chain hold nothing (an empty log is not anchored). */
  async #once(checkpoint: CheckpointToAnchor): Promise<LastAnchored | null> {
    const { contract } = this;
    const { account, origin } = this.#options;
    await contract.verify();
    const poster = await contract.posterOf(origin);
    if (poster !== account.address) {
      throw new ChainRefusal(`this key (${account.address}) is not the registered poster of ${origin}: the contract names ${poster}; its owner registers one with setPoster`);
    }
    const root: Hex = `0x${toHex(checkpoint.rootHash)}`;
    const held = await contract.latest(origin);
    if (held.size > checkpoint.size) {
      throw new ChainRefusal(`the chain holds size ${held.size} of ${origin}, more than the log's ${checkpoint.size}: the log lost leaves it had anchored`);
    }
    if (held.size === 0 && checkpoint.size === 0) return null;
    if (held.size === checkpoint.size) {
      if (held.root !== root) throw new ChainRefusal(`the chain holds root ${held.root} for size ${held.size}, the log ${root}: two histories`);
      return this.#heldOnChain(held);
    }
    return this.#send(checkpoint.size, root);
  }

  /** The chain already has it (anchored before a restart, or a retry after a receipt we never saw). */
  async #heldOnChain(held: AnchorState): Promise<LastAnchored> {
    const known = this.#status.lastAnchored;
    if (known !== null && known.size === held.size && known.tx !== null) return known;
    let log;
    try {
      log = (await this.contract.anchors(this.#options.origin, this.#options.fromBlock)).findLast((a) => a.size === held.size);
    } catch {
      // The event is for showing the transaction; the anchor itself is read from the contract's state.
    }
    return {
      size: held.size,
      root: held.root.slice(2),
      tx: log?.tx ?? null,
      block: log === undefined ? null : Number(log.block),
      at: new Date(held.time * 1000).toISOString(),
    };
  }

  async #send(size: number, root: Hex): Promise<LastAnchored> {
    const { client, address } = this.contract;
    const { account, origin, maxFeePerGas, maxPriorityFeePerGas } = this.#options;
    const fees = await client.estimateFeesPerGas();
    // What the network asks now is over our cap: sending at the cap would sit unmined. Wait for cheaper blocks.
    if (fees.maxFeePerGas > maxFeePerGas) throw new Error(`fees above the cap: the network asks ${fees.maxFeePerGas} wei/gas, the cap is ${maxFeePerGas}`);
    const tip = fees.maxPriorityFeePerGas < maxPriorityFeePerGas ? fees.maxPriorityFeePerGas : maxPriorityFeePerGas;
    // Simulated first, so a refusal by the contract costs nothing and comes back with its reason.
    const { request } = await client.simulateContract({
      account,
      address,
      abi: ANCHOR_ABI,
      functionName: 'anchor',
      args: [originHash(origin), BigInt(size), root],
      maxFeePerGas,
      maxPriorityFeePerGas: tip,
    });
    const tx = await this.#wallet.writeContract(request);
    const receipt = await client.waitForTransactionReceipt({ hash: tx, timeout: this.#options.receiptTimeoutMs ?? 180_000 });
    if (receipt.status !== 'success') throw new ChainRefusal(`the anchoring transaction ${tx} reverted`);
    const block = await client.getBlock({ blockNumber: receipt.blockNumber });
    return { size, root: root.slice(2), tx, block: Number(receipt.blockNumber), at: new Date(Number(block.timestamp) * 1000).toISOString() };
  }
}
