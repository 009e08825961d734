/**
 * What every capability of the kit shares (issue 9): the database, the host
 * (key vault), the clock, the signed-in operator, this laptop's profile, and
 * the one write path into the log. Capabilities (./session, ./households, …)
 * each take a context and answer their own API; `createKit` combines them.
 * All state lives in the context instance, none in modules.
 */
import type { DidKey } from '../../../shared/crypto/did-key';
import type { SignatureVerifier } from '../../../shared/crypto/verifier';
import { validatePlan, type DistributionPlan } from '../../../shared/distribution';
import { rawEventVerifier, type RawEventVerifier } from '../../../shared/events';
import type { HostApi } from '../../../shared/ipc';
import type { HttpFetch } from '../../../shared/ledger';
import { err, ok, type Result } from '../../../shared/result';
import { standingAt, type Role } from '../../../shared/team/authority';
import { createSerialQueue } from '../../../shared/serial-queue';
import type { AggregateStore } from '../db/aggregate-store';
import type { StoredCertificates } from '../db/certificates';
import type { KitDatabase } from '../db/database';
import { EventStore } from '../db/event-store';
import { EventWriter } from '../db/event-writer';
import { EventIngest, IngestShared } from '../db/ingest';
import type { HostKind } from '../host/select-host';
import { webCryptoVerifier } from '../host/webcrypto-verifier';
import { workerEventVerifier } from '../host/worker-verifier';
import type { Locked, NotAllowed } from './api/errors';
import type { OperatorSummary, SiteProfile } from './api/session';
import { readSetting } from './settings';

export interface KitOptions {
  readonly db: KitDatabase;
  readonly host: HostApi;
  /** Which host `host` is: the desktop app's preload, or the browser's vault. */
  readonly hostKind?: HostKind;
  readonly now?: () => Date;
  /** The plan installed at setup until HQ-signed plans arrive (resources/demo-plan.json). */
  readonly defaultPlan?: unknown;
  /** Where this site's revocation list is published; the cards name it. */
  readonly statusListBase?: string;
  /** How long a new ration card (and a device certificate) is valid. */
  readonly cardValidityDays?: number;
  /** Ed25519 verification for the kit's bulk checks; WebCrypto unless a test says otherwise. */
  readonly verifier?: SignatureVerifier;
  /** HTTP to the HQ ledger; the page's fetch unless a test says otherwise. */
  readonly fetch?: HttpFetch;
  /** The log's maintained aggregates, repaired at start-up (db/repair.ts); a fresh store over `db` otherwise. */
  readonly aggregates?: AggregateStore;
  /** Accept a plain-http ledger on another machine: for tests on a LAN only (https otherwise, or http to loopback). */
  readonly allowHttpLedger?: boolean;
}

const DAY_MS = 86_400_000;

/** Events after which team upkeep may have work: admissions, revocations, laptops' keys, key deliveries, directory entries. */
const TEAM_EVENT_TYPES: ReadonlySet<string> = new Set(['device-cert', 'device-revoked', 'device-keys', 'site-key', 'operator']);

/** Unwraps a host answer; a refused vault call is an environment fault, not user input. */
export async function must<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(`host refused: ${result.code}: ${result.message}`);
  return result.value;
}

/**
 * The host, watched: when the vault answers `locked` (its idle lock, the OS
 * locking the screen, another window), the kit signs out too, so the screen
 * follows the vault (issue 13: the lock is in the vault, not the screen).
 */
function followVaultLock(host: HostApi, onLocked: () => void): HostApi {
  const watched = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(host) as [string, (...args: unknown[]) => Promise<Result<unknown>>][]) {
    watched[name] = async (...args: unknown[]) => {
      const answer = await method(...args);
      if (!answer.ok && answer.code === 'locked') onLocked();
      return answer;
    };
  }
  return watched as HostApi;
}

export class KitContext {
  readonly db: KitDatabase;
  readonly host: HostApi;
  readonly now: () => Date;
  readonly verifier: SignatureVerifier;
  readonly writer: EventWriter;
  private signedIn: OperatorSummary | undefined;
  private readonly lockListeners = new Set<() => void>();
  private store: EventStore | undefined;
  /** Team upkeep (keys, directory) runs one at a time: it reads the log, then appends. */
  readonly upkeep = createSerialQueue();
  /** Set when the log gained an event that team upkeep acts on, or a laptop's events began waiting (team/upkeep.ts). */
  private teamChanged = false;
  /** What every ingester of this kit shares: certificates read once, batches stored one at a time (db/ingest.ts). */
  private readonly ingestShared: IngestShared;
  /** The verification stage of every ingest of this kit: parse, schema, signature (db/ingest.ts). */
  private readonly verifyRaw: RawEventVerifier;

  constructor(readonly options: KitOptions) {
    this.db = options.db;
    this.host = followVaultLock(options.host, () => {
      if (this.signedIn !== undefined) this.signIn(undefined);
    });
    this.now = options.now ?? (() => new Date());
    this.verifier = options.verifier ?? webCryptoVerifier();
    // Ingest verifies in a worker, off the thread that stores (issue 14); a verifier given for tests is used as given.
    this.verifyRaw = options.verifier === undefined ? workerEventVerifier(rawEventVerifier(this.verifier)) : rawEventVerifier(this.verifier);
    this.writer = new EventWriter(options.db, options.aggregates);
    this.ingestShared = new IngestShared(options.db);
    this.writer.onStored((events) => {
      if (events.some((e) => TEAM_EVENT_TYPES.has(e.event.type))) this.teamChanged = true;
    });
  }

  /** Whether the log gained certificates, keys or directory entries, or events began waiting, since the last call. */
  takeTeamChanged(): boolean {
    const changed = this.teamChanged;
    this.teamChanged = false;
    return changed;
  }

  /** How long what this kit issues (cards, device certificates) stays valid, from `from`. */
  validUntil(from: Date): Date {
    return new Date(from.getTime() + (this.options.cardValidityDays ?? 365) * DAY_MS);
  }

  // ---- the session ---------------------------------------------------------------

  get session(): OperatorSummary | undefined {
    return this.signedIn;
  }

  signIn(operator: OperatorSummary | undefined): void {
    this.signedIn = operator;
    if (operator === undefined) for (const listener of this.lockListeners) listener();
  }

  /** Called when the kit locks: what was opened for the session (names in memory) is dropped. */
  onLock(listener: () => void): () => void {
    this.lockListeners.add(listener);
    return () => {
      this.lockListeners.delete(listener);
    };
  }

  /** The signed-in operator, or `locked`. */
  operator(): Result<OperatorSummary, Locked> {
    return this.signedIn === undefined ? err('locked', 'unlock the kit first') : ok(this.signedIn);
  }

  /** The signed-in operator when a team lead, else `locked` or `not-allowed` (saying what only a lead may do). */
  lead(action: string): Result<OperatorSummary, Locked | NotAllowed> {
    const operator = this.operator();
    if (!operator.ok) return operator;
    return operator.value.role === 'team-lead' ? operator : err('not-allowed', `only a team lead ${action}`);
  }

  /** This laptop's role now, from the certificates that count: a root's own, a certificate's, or none. */
  async laptopRole(): Promise<Role | undefined> {
    const profile = await this.profile();
    const standing = standingAt(profile.device, this.now().toISOString(), await this.roots(profile), await this.certificates());
    return standing.kind === 'trusted' ? standing.role : undefined;
  }

  /**
   * A team lead signed in on a laptop certified as a team lead's (issue 10):
   * what voids, corrections, settlements, day closes and admissions need, so
   * this laptop never signs what every other laptop would refuse.
   */
  async leadLaptop(action: string): Promise<Result<OperatorSummary, Locked | NotAllowed>> {
    const lead = this.lead(action);
    if (!lead.ok) return lead;
    const laptop = await this.onLeadLaptop(action);
    return laptop.ok ? lead : laptop;
  }

  /**
   * A decision a lead approves with their PIN (void, settlement, day close):
   * any operator signed in, on a laptop certified as a team lead's.
   */
  async decision(action: string): Promise<Result<OperatorSummary, Locked | NotAllowed>> {
    const operator = this.operator();
    if (!operator.ok) return operator;
    const laptop = await this.onLeadLaptop(action);
    return laptop.ok ? operator : laptop;
  }

  /** Whether this laptop is certified as a team lead's (a lead's PIN on it approves the action). */
  async onLeadLaptop(action: string): Promise<Result<void, NotAllowed>> {
    const role = await this.laptopRole();
    return role === 'team-lead' || role === 'hq' ? ok(undefined) : err('not-allowed', `only a team lead's laptop ${action}; this one is certified as ${role ?? 'nothing yet'}`);
  }

  // ---- this laptop ----------------------------------------------------------------

  async profile(): Promise<SiteProfile> {
    const profile = await readSetting(this.db, 'profile');
    if (profile === undefined) throw new Error('the kit is not set up');
    return profile;
  }

  async plan(): Promise<DistributionPlan | undefined> {
    const plan = validatePlan(await readSetting(this.db, 'plan'));
    return plan.ok ? plan.value : undefined;
  }

  // ---- the log ------------------------------------------------------------------------

  /**
   * This laptop's own events: signed by the vault a segment per call, verified
   * as a peer would, stored through the write path; what the vault signed but
   * a page that died never stored is stored first (db/event-store.ts).
   */
  async events(): Promise<EventStore> {
    if (this.store === undefined) {
      const profile = await this.profile();
      this.store = new EventStore(this.db, this.writer, profile.device as DidKey, this.host, this.now, this.verifyRaw);
    }
    return this.store;
  }

  /** Events from elsewhere, verified at the boundary, stored through the same write path. */
  async ingester(): Promise<EventIngest> {
    const profile = await this.profile();
    const onWaiting = () => {
      this.teamChanged = true;
    };
    return new EventIngest({ db: this.db, writer: this.writer, verifier: this.verifier, verifyRaw: this.verifyRaw, roots: () => this.roots(profile), now: this.now, onWaiting, shared: this.ingestShared });
  }

  /** The stored device certificates and revocations, read once and again only after one is written (db/certificates.ts). */
  certificates(): Promise<StoredCertificates> {
    return this.ingestShared.certificates.current();
  }

  /** The site's founding lead laptop, and HQ's key once a ledger is configured: their certificates count. */
  async roots(profile: SiteProfile): Promise<ReadonlyMap<string, Role>> {
    const hq = (await readSetting(this.db, 'ledger'))?.hq;
    return new Map<string, Role>([[profile.teamLead, 'team-lead'], ...(hq === undefined ? [] : [[hq, 'hq'] as const])]);
  }
}
