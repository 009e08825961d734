/**
 * What the ledger says about anchoring its checkpoints on an EVM chain
 * (GET /chain, issue 17), shared by the ledger that answers it and the HQ
 * console and donor page that show it: whether the chain takes the log's
 * checkpoints, and the last one it holds with the transaction that put it
 * there. The schema checks an answer before a page shows it.
 */
import { z } from 'zod';

/**
 * off          no chain configured
 * starting     configured, not yet heard from the chain
 * ok           the last attempt reached the chain and the contract took (or already held) the checkpoint
 * unreachable  the last attempt failed after its retries: network, timeouts, a garbled answer, fees above the cap;
 *              tried again on the schedule
 * refused      retrying cannot help until someone acts: another chain id, not our contract, our key not the
 *              registered poster, or the chain holding a checkpoint the log contradicts
 */
export const CHAIN_STATES = ['off', 'starting', 'ok', 'unreachable', 'refused'] as const;
export type ChainState = (typeof CHAIN_STATES)[number];

const hex = (bytes: number) => z.string().regex(new RegExp(`^(0x)?[0-9a-f]{${bytes * 2}}$`, 'i'));
const time = z.string().max(40);

export const lastAnchoredSchema = z.strictObject({
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** The Merkle root, lowercase hex as the ledger's own API writes it. */
  root: hex(32),
  /** The transaction that anchored it; null when found on chain but its event was not (an RPC refusing wide log queries). */
  tx: hex(32).nullable(),
  block: z.number().int().nonnegative().nullable(),
  /** The block's time, ISO 8601. */
  at: time,
});

export const chainStatusSchema = z.strictObject({
  state: z.enum(CHAIN_STATES),
  chainId: z.number().int().positive().nullable(),
  contract: hex(20).nullable(),
  /** The poster's address (the key's), so an operator sees what to register and fund. */
  poster: hex(20).nullable(),
  lastAnchored: lastAnchoredSchema.nullable(),
  /** When the ledger last tried to reach the chain, ISO 8601. */
  lastAttempt: time.nullable(),
  /** Why the state is not ok, one line. */
  error: z.string().max(2_000).nullable(),
});

export type LastAnchored = z.infer<typeof lastAnchoredSchema>;
export type ChainStatus = z.infer<typeof chainStatusSchema>;
