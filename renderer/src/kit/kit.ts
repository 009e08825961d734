/**
 * The field kit's core: every flow of the field officer and the team lead,
 * on top of the event log (RxDB) and the host's key vault, one module per
 * capability over a shared context. No React here; the UI talks to it
 * through `KitApi` (./api).
 *
 * Event first (issue "The field flow"): each action is a signed event written
 * durably before its result is returned; views (households, tallies) are
 * derived from events by one write path and can always be rebuilt from them.
 */
import type { KitApi } from './api';
import { cardsModule } from './cards/cards';
import { checksModule } from './checks/checks';
import { combine } from './combine';
import { KitContext, type KitOptions } from './context';
import { distributionModule } from './distribution/distribution';
import { householdsModule } from './households/households';
import { ledgerModule } from './ledger/ledger';
import { networkModule } from './network/network';
import { reconcileModule } from './reconcile/reconcile';
import { reportsModule } from './reports/reports';
import { sessionModule } from './session/session';
import { eventLogModule } from './sync/event-log';
import { tallyModule } from './tally/tally';
import { teamModule } from './team/team';

export type { KitOptions };

export function createKit(options: KitOptions): KitApi {
  const ctx = new KitContext(options);
  return combine(
    sessionModule(ctx),
    householdsModule(ctx),
    cardsModule(ctx),
    checksModule(ctx),
    distributionModule(ctx),
    tallyModule(ctx),
    reconcileModule(ctx),
    reportsModule(ctx),
    teamModule(ctx),
    eventLogModule(ctx),
    ledgerModule(ctx),
    networkModule(ctx),
  );
}
