/**
 * What the ledger says about its anchoring (GET /chain, for the HQ console
 * and the donor page): the shapes are shared/ledger/chain-status.ts's, which
 * the pages check answers against; here, the status of a ledger with none.
 */

import type { ChainStatus } from '../../shared/ledger/chain-status';

export type { ChainState, ChainStatus, LastAnchored } from '../../shared/ledger/chain-status';

export const CHAIN_OFF: ChainStatus = { state: 'off', chainId: null, contract: null, poster: null, lastAnchored: null, lastAttempt: null, error: null };
