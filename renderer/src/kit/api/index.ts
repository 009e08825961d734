/**
 * What the UI can ask of the kit: the local-first core (events, RxDB views,
 * keys through the HostApi) kept apart from React, as Actual Budget keeps its
 * core apart from its UI. One API per capability; `KitApi` is their
 * intersection, composed by `combine` (../combine.ts), which refuses a
 * method name two capabilities both define.
 *
 * Every answer a person can act on is a Result with a code that means
 * exactly what it says (the UI translates it; ./errors.ts holds the ones all
 * methods share) and an English message (logs, tests). Nothing here names a
 * person in a log or an event; names live only in sealed PII blobs.
 *
 * The UI imports from this folder and from shared/ only (an ESLint zone).
 */
import type { CardsApi } from './cards';
import type { ChecksApi } from './checks';
import type { DistributionApi } from './distribution';
import type { EventsApi } from './events';
import type { HouseholdsApi } from './households';
import type { LedgerApi } from './ledger';
import type { NetworkApi } from './network';
import type { ReconcileApi } from './reconcile';
import type { ReportsApi } from './reports';
import type { SessionApi } from './session';
import type { TallyApi } from './tally';
import type { TeamApi } from './team';

export type KitApi = SessionApi &
  HouseholdsApi &
  CardsApi &
  ChecksApi &
  DistributionApi &
  TallyApi &
  ReconcileApi &
  ReportsApi &
  TeamApi &
  EventsApi &
  LedgerApi &
  NetworkApi;

export * from './cards';
export * from './checks';
export * from './distribution';
export * from './errors';
export * from './events';
export * from './households';
export * from './ledger';
export * from './network';
export * from './reconcile';
export * from './reports';
export * from './session';
export * from './sync';
export * from './tally';
export * from './team';

type ErrorOf<F> = F extends (...args: never[]) => Promise<infer R> ? (R extends { readonly ok: false; readonly code: infer C } ? C : never) : never;

/** Every code a kit method can answer with: each has its own text in every language (i18n.test.ts). */
export type KitErrorCode = { [K in keyof KitApi]: ErrorOf<KitApi[K]> }[keyof KitApi];
