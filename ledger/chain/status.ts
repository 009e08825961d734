/**
 * What the ledger says about its anchoring (GET /chain, for the HQ console
 * and the donor page): whether the chain takes our checkpoints, and the last
 * one it holds with the transaction that put it there.
 */

/**
 * off          no chain configured
 * starting     configured, not yet heard from the chain
 * ok           the last attempt reached the chain and the contract took (or already held) the checkpoint
 * unreachable  the last attempt failed after its retries: network, timeouts, a garbled answer, fees above the cap;
 *              tried again on the schedule
 * refused      retrying cannot help until someone acts: another chain id, not our contract, our key not the
 *              registered poster, or the chain holding a checkpoint the log contradicts
 */
export type ChainState = 'off' | 'starting' | 'ok' | 'unreachable' | 'refused';

export interface LastAnchored {
  readonly size: number;
  /** The Merkle root, lowercase hex as the ledger's own API writes it. */
  readonly root: string;
  /** The transaction that anchored it; null when found on chain but its event was not (an RPC refusing wide log queries). */
  readonly tx: string | null;
  readonly block: number | null;
  /** The block's time, ISO 8601. */
  readonly at: string;
}

export interface ChainStatus {
  readonly state: ChainState;
  readonly chainId: number | null;
  readonly contract: string | null;
  /** The poster's address (the key's), so an operator sees what to register and fund. */
  readonly poster: string | null;
  readonly lastAnchored: LastAnchored | null;
  /** When the ledger last tried to reach the chain, ISO 8601. */
  readonly lastAttempt: string | null;
  /** Why the state is not ok, one line. */
  readonly error: string | null;
}

export const CHAIN_OFF: ChainStatus = { state: 'off', chainId: null, contract: null, poster: null, lastAnchored: null, lastAttempt: null, error: null };
