/**
 * Anchoring as the running ledger has it: nothing when no chain is
 * configured, else the poster under its scheduler, started beside the
 * ledger and stopped before it closes. A key file that is missing, or
 * readable by others, stops the start-up (an operator must fix it); a chain
 * that is down does not (the status says so and the log goes on).
 */
import { readChainKey } from './chain-key';
import type { ChainConfig } from './options';
import { AnchorPoster } from './poster';
import { AnchorScheduler, type CheckpointSource } from './scheduler';
import { CHAIN_OFF, type ChainStatus } from './status';

export interface Anchoring {
  status(): ChainStatus;
  /** One line for the ledger's start-up output. */
  readonly description: string;
  stop(): void;
}

/** How often the scheduler reads the log's size, and how long it leaves a failing chain alone. */
const POLL_MS = 5_000;
const RETRY_MS = 60_000;

export async function startAnchoring(config: ChainConfig | undefined, source: CheckpointSource): Promise<Anchoring> {
  if (config === undefined) return { status: () => CHAIN_OFF, description: 'off', stop: () => undefined };
  const account = await readChainKey(config.keyFile);
  const poster = new AnchorPoster({
    endpoint: config.endpoint,
    account,
    origin: source.origin,
    maxFeePerGas: config.maxFeePerGas,
    maxPriorityFeePerGas: config.maxPriorityFeePerGas,
    fromBlock: config.fromBlock,
  });
  const scheduler = new AnchorScheduler(source, poster, { everyMs: config.everyMs, afterLeaves: config.afterLeaves, pollMs: POLL_MS, retryMs: RETRY_MS });
  scheduler.start();
  return {
    status: () => scheduler.status,
    // The RPC's host only: hosted RPC URLs carry an API key in their path or query.
    description: `chain ${config.endpoint.chainId} at ${new URL(config.endpoint.rpcUrl).host}, contract ${poster.contract.address}, poster ${account.address}`,
    stop: () => scheduler.stop(),
  };
}
