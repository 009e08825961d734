/**
 * The key vault (issue 13: "a lost, shared or unattended laptop gives away
 * nothing"): one pure implementation of every `vault:*` channel of
 * shared/ipc.ts, which each host wraps around its own record store
 * (./store.ts). It offers operations, not primitives: it signs events, batch
 * headers and credentials whose bytes it builds (./signing.ts), and nothing
 * but `vaultStatus`, `vaultCreate`, `unlock` and `lock` works until an
 * operator's secret unwrapped the vault key.
 *
 * Keys (records in ./records.ts): the device's Ed25519 seed and X25519
 * agreement secret under the host's device layer; the issuer seed, the data
 * key and the site keys under a random vault key MK; MK under each
 * operator's Argon2id key (./slots.ts, ./unlock.ts) and under each site key
 * (for operators from the site's directory, ./directory.ts). While unlocked
 * the vault holds every key in memory; `lock`, the idle lock and another
 * operator's unlock zero them.
 *
 * The session and the idle lock: ./session.ts.
 *
 * Calls that change records run one at a time (a serial queue), so
 * concurrent calls cannot fork the event chain or lose a write. The vault
 * assumes it is the only writer of its store: a host that may run two
 * instances over one store at once (two browser tabs) must let one at a time
 * hold it. A second instance started later (a restart) reads everything anew.
 */
import { equalBytes } from '../bytes';
import type { NewEventEntry, SignedEvent } from '../events/envelope';
import type { ChainHead, CredentialRequest, DirectoryImportEntry, DirectoryImportResult, OperatorAddRequest, OperatorProfileRequest } from '../ipc';
import type { OpenedBlob, OpenRequest, OperatorRole, OperatorUpdateRequest, SealedBlob, SealRequest, SiteKeyWrapRequest, UnlockRequest } from '../ipc';
import type { VaultErrorCode, VaultKeys, VaultSession, VaultStatus } from '../ipc';
import type { BatchHeader } from '../ledger/batch';
import type { SignedCredential } from '../credentials/credential';
import { err, ok, type Result } from '../result';
import { createSerialQueue } from '../serial-queue';
import type { VaultApi } from '../vault';
import type { WrappedSiteKey } from '../vault-wrap';
import { addFirstOperator, addOperator, forget, resetOperator, updateOperatorAs } from './admin';
import { createVault, publicKeys, tidySetup, type Adopt } from './create';
import { zero } from './crypto';
import { importDirectory, sealProfile } from './directory';
import { deviceTag, rosterEntry } from './operators';
import { DEFAULT_IDLE_LOCK_MS, vaultContext, type VaultOptions } from './options';
import type { DeviceRecord, StoreErrorCode } from './records';
import { lockedError, Sessions } from './session';
import { batchAfter, issueWith, signBatchHeader, signEntries } from './signing';
import { acceptSiteKey, createSiteKey, openAll, openOne, refreshSiteKeys, sealAll, sealOne, wrapFor } from './site-keys';
import { openKeyring, readChain, readDevice, readOperators, readSiteKeys, writeChain, writeOperators, zeroKeyring } from './state';
import type { Unlocked, VaultContext } from './state';
import { checkSecret, settle } from './unlock';

export type { AdoptedKeys, Adopt } from './create';
export { DEFAULT_IDLE_LOCK_MS, type VaultOptions };

type Failure = VaultErrorCode | 'invalid-args';
type Answer<T> = Promise<Result<T, Failure>>;
type DevicePublic = Pick<DeviceRecord, 'device' | 'issuer' | 'agreement' | 'dataKid'>;
type Task<T> = (session: Unlocked, device: DevicePublic) => Promise<Result<T, Failure>> | Result<T, Failure>;

const noVault = (): Result<never, 'no-key'> => err('no-key', 'the vault has no keys yet: create them first (vault:create)');

export class Vault implements VaultApi {
  readonly #ctx: VaultContext;
  readonly #seeds: VaultOptions['seeds'];
  readonly #adopt: Adopt | undefined;
  readonly #serial = createSerialQueue();
  readonly #sessions: Sessions;
  #public: DevicePublic | undefined;

  constructor(options: VaultOptions) {
    this.#ctx = vaultContext(options);
    this.#sessions = new Sessions(this.#ctx.now, options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS, this.#ctx.log);
    this.#seeds = options.seeds;
    this.#adopt = options.adopt;
  }

  /** Locks when the session has been idle for the idle time; true when it locked now. For the hosts' timers. */
  lockIfIdle(): boolean {
    return this.#sessions.lockIfIdle();
  }

  // ---------------------------------------------------------------------------
  // Answered while locked

  async vaultStatus(): Answer<VaultStatus> {
    this.lockIfIdle();
    const known = await this.#device();
    if (!known.ok) return known;
    if (!known.value) return ok({ device: null, issuer: null, agreement: null, session: null, operators: [], head: null });
    const { device, issuer, agreement } = known.value;
    const [operators, siteKeys, chain] = await Promise.all([
      readOperators(this.#ctx.store, device),
      readSiteKeys(this.#ctx.store, device),
      readChain(this.#ctx.store, device),
    ]);
    if (!operators.ok) return operators;
    if (!siteKeys.ok) return siteKeys;
    if (!chain.ok) return chain;
    const held = new Set(siteKeys.value.map((k) => k.kid));
    const session = this.#sessions.current;
    const current = session && operators.value.find((o) => o.id === session.operator);
    return ok({
      device,
      issuer,
      agreement,
      session: session && current ? { operator: session.operator, role: current.role, since: session.since } : null,
      operators: operators.value.map((o) => rosterEntry(o, held, this.#ctx.now())),
      head: chain.value.head,
    });
  }

  vaultCreate(): Answer<VaultKeys> {
    this.lockIfIdle();
    return this.#serial(async () => {
      const created = await createVault(this.#ctx, { seeds: this.#seeds, adopt: this.#adopt });
      if (!created.ok) return created;
      this.#public = publicPart(created.value);
      await tidySetup(this.#ctx, created.value.device);
      return ok(publicKeys(created.value));
    });
  }

  unlock(request: UnlockRequest): Answer<VaultSession> {
    this.lockIfIdle();
    return this.#serial(async () => {
      const device = await this.#fullDevice();
      if (!device.ok) return device;
      if (!device.value) return noVault();
      const checked = await checkSecret(this.#ctx, device.value.device, request);
      if (!checked.ok) return checked;
      const { mk, kek, kdf } = checked.value;
      const keys = openKeyring(device.value, checked.value.siteKeys, mk, this.#ctx);
      zero(mk);
      if (!keys.ok) return (zero(kek), keys);
      const settled = await settle(this.#ctx, device.value.device, checked.value, keys.value);
      if (!settled.ok) return (zero(kek), zeroKeyring(keys.value), settled);
      await tidySetup(this.#ctx, device.value.device);
      return ok(this.#sessions.begin(settled.value, kek, kdf, keys.value));
    });
  }

  lock(): Promise<Result<void, never>> {
    this.#sessions.end();
    return Promise.resolve(ok(undefined));
  }

  // ---------------------------------------------------------------------------
  // Operators

  approve(request: UnlockRequest): Answer<{ operator: string; role: OperatorRole }> {
    return this.#signedIn(async (session, { device }) => {
      const checked = await checkSecret(this.#ctx, device, request);
      if (!checked.ok) return checked;
      try {
        if (!equalBytes(checked.value.mk, session.keys.mk)) {
          return err('vault-unreadable', `the slot of ${request.operator} holds another vault key: the records do not belong together`);
        }
        const settled = await settle(this.#ctx, device, checked.value, session.keys);
        return settled.ok ? ok({ operator: settled.value.id, role: settled.value.role }) : settled;
      } finally {
        zero(checked.value.mk, checked.value.kek);
      }
    }, { serial: true });
  }

  operatorAdd(request: OperatorAddRequest): Answer<{ id: string }> {
    this.lockIfIdle();
    return this.#serial(async () => {
      const device = await this.#fullDevice();
      if (!device.ok) return device;
      if (!device.value) return noVault();
      const did = device.value.device;
      const operators = await readOperators(this.#ctx.store, did);
      if (!operators.ok) return operators;
      if (operators.value.length > 0) {
        return this.#use(async (session) => {
          const added = await addOperator(this.#ctx, did, operators.value, session.keys, request);
          if (!added.ok) return added;
          forget(added.value);
          const written = await writeOperators(this.#ctx.store, did, added.value.operators);
          return written.ok ? ok({ id: added.value.operator.id }) : written;
        }, true);
      }
      // The first operator: MK from the setup record, and they are signed in.
      const first = await addFirstOperator(this.#ctx, device.value, request);
      if (!first.ok) return first;
      const { added, keys } = first.value;
      await tidySetup(this.#ctx, did);
      this.#sessions.begin(added.operator, added.kek, added.kdf, keys);
      return ok({ id: added.operator.id });
    });
  }

  operatorUpdate(request: OperatorUpdateRequest): Answer<void> {
    return this.#signedIn(async (session, { device }) => {
      const operators = await readOperators(this.#ctx.store, device);
      if (!operators.ok) return operators;
      const updated = updateOperatorAs(session.operator, session.keys.mk, device, operators.value, request);
      return updated.ok ? writeOperators(this.#ctx.store, device, updated.value) : updated;
    }, { serial: true });
  }

  operatorReset(request: { readonly id: string }): Answer<void> {
    return this.#signedIn(async (_session, { device }) => {
      const operators = await readOperators(this.#ctx.store, device);
      if (!operators.ok) return operators;
      const reset = resetOperator(operators.value, request.id);
      return reset.ok ? writeOperators(this.#ctx.store, device, reset.value) : reset;
    }, { serial: true, lead: true });
  }

  operatorProfile(request: OperatorProfileRequest): Answer<SealedBlob> {
    return this.#signedIn(async (session, { device }) => {
      const refreshed = await refreshSiteKeys(this.#ctx, device, session.keys);
      if (!refreshed.ok) return refreshed;
      const operators = await readOperators(this.#ctx.store, device);
      if (!operators.ok) return operators;
      // A laptop lists its own operators; another laptop's only a lead (as peers' authority rules say).
      const lead = operators.value.find((o) => o.id === session.operator)?.role === 'team-lead';
      if (!lead && !request.id.startsWith(`op-${deviceTag(device)}-`)) {
        return err('not-allowed', `only a team lead lists an operator of another laptop (${request.id})`);
      }
      return sealProfile(operators.value, session.keys.siteKeys, request, this.#ctx.random);
    });
  }

  operatorImport(entries: readonly DirectoryImportEntry[]): Answer<DirectoryImportResult> {
    return this.#signedIn(async (session, { device }) => {
      const refreshed = await refreshSiteKeys(this.#ctx, device, session.keys);
      if (!refreshed.ok) return refreshed;
      const operators = await readOperators(this.#ctx.store, device);
      if (!operators.ok) return operators;
      const { operators: next, result } = importDirectory(session.keys.mk, device, operators.value, session.keys.siteKeys, entries);
      const written = await writeOperators(this.#ctx.store, device, next);
      if (!written.ok) return written;
      // The directory may have disabled whoever is signed in: their session ends here.
      if (next.find((o) => o.id === session.operator)?.active === false) this.#sessions.end();
      return ok(result);
    }, { serial: true });
  }

  // ---------------------------------------------------------------------------
  // Signing (./signing.ts)

  signEvents(entries: readonly NewEventEntry[], after?: ChainHead | null): Answer<readonly SignedEvent[]> {
    return this.#signedIn(async (session, { device }) => {
      const chain = await readChain(this.#ctx.store, device);
      if (!chain.ok) return chain;
      const signed = await signEntries(entries, after, device, session.keys.deviceKey, chain.value);
      if (!signed.ok) return signed;
      // Write-ahead, once per call: the head and the batch move before anyone sees a signature.
      const written = await writeChain(this.#ctx.store, device, signed.value.chain);
      return written.ok ? ok(signed.value.events) : written;
    }, { serial: true });
  }

  signedBatch(request: { readonly after: number }): Answer<readonly SignedEvent[]> {
    return this.#signedIn(async (_session, { device }) => {
      const chain = await readChain(this.#ctx.store, device);
      return chain.ok ? ok(batchAfter(chain.value, request.after)) : chain;
    }, { serial: true });
  }

  signBatch(header: BatchHeader): Answer<Uint8Array> {
    return this.#signedIn(async (session, { device }) => {
      const chain = await readChain(this.#ctx.store, device);
      return chain.ok ? await signBatchHeader(header, device, session.keys.deviceKey, chain.value) : chain;
    });
  }

  issueCredential(request: CredentialRequest): Answer<SignedCredential> {
    return this.#signedIn(async (session, { device, issuer }) => {
      const operators = await readOperators(this.#ctx.store, device);
      if (!operators.ok) return operators;
      if (operators.value.find((o) => o.id === session.operator)?.active !== true) {
        return err('disabled', `${session.operator} was disabled by a team lead and issues no credential`);
      }
      return issueWith(request, issuer, session.keys.issuerSeed);
    });
  }

  // ---------------------------------------------------------------------------
  // Sealing and site keys (./site-keys.ts)

  seal(request: SealRequest): Answer<SealedBlob> {
    return this.#signedIn((session, { device }) => sealOne(this.#ctx, device, session.keys, request));
  }

  sealMany(requests: readonly SealRequest[]): Answer<readonly SealedBlob[]> {
    return this.#signedIn((session, { device }) => sealAll(this.#ctx, device, session.keys, requests));
  }

  open(blob: SealedBlob, context?: string): Answer<Uint8Array> {
    return this.#signedIn((session, { device }) => openOne(this.#ctx, device, session.keys, blob, context));
  }

  openMany(requests: readonly OpenRequest[]): Answer<readonly OpenedBlob[]> {
    return this.#signedIn((session, { device }) => openAll(this.#ctx, device, session.keys, requests));
  }

  siteKeyCreate(): Answer<{ kid: string }> {
    return this.#signedIn((session, { device }) => createSiteKey(this.#ctx, device, session), { serial: true });
  }

  siteKeyWrap(request: SiteKeyWrapRequest): Answer<WrappedSiteKey> {
    return this.#signedIn((session, { device }) => wrapFor(this.#ctx, device, session.keys, request));
  }

  siteKeyAccept(wrapped: WrappedSiteKey): Answer<{ kid: string }> {
    return this.#signedIn((session, { device }) => acceptSiteKey(this.#ctx, device, session, wrapped), { serial: true });
  }

  siteKeys(): Answer<readonly string[]> {
    return this.#signedIn((session, { device }) => refreshSiteKeys(this.#ctx, device, session.keys));
  }

  // ---------------------------------------------------------------------------

  /** A session-gated operation: the idle check, then `task` with the session (queued when it changes records). */
  #signedIn<T>(task: Task<T>, options: { readonly serial?: boolean; readonly lead?: boolean } = {}): Answer<T> {
    this.lockIfIdle();
    const lead = options.lead === true;
    return options.serial ? this.#serial(() => this.#use(task, lead)) : this.#use(task, lead);
  }

  /** Runs `task` with the current session (`locked` without one; `not-allowed` for a field officer when `lead`). */
  #use<T>(task: Task<T>, lead: boolean): Answer<T> {
    return this.#sessions.hold<T, Failure>(async (session) => {
      const known = this.#public!;
      if (lead) {
        const operators = await readOperators(this.#ctx.store, known.device);
        if (!operators.ok) return operators;
        const role = operators.value.find((o) => o.id === session.operator)?.role;
        if (role !== 'team-lead') return err('not-allowed', 'only a signed-in team lead may do this');
      }
      return task(session, known);
    }, () => this.#refuse());
  }

  async #refuse(): Promise<Result<never, Failure>> {
    const known = await this.#device();
    if (!known.ok) return known;
    return known.value ? lockedError() : noVault();
  }

  /** The public part of the device record, cached once read (it never changes). */
  async #device(): Promise<Result<DevicePublic | undefined, StoreErrorCode>> {
    if (this.#public) return ok(this.#public);
    const read = await this.#fullDevice();
    return read.ok ? ok(read.value && publicPart(read.value)) : read;
  }

  async #fullDevice(): Promise<Result<DeviceRecord | undefined, StoreErrorCode>> {
    const read = await readDevice(this.#ctx.store);
    if (read.ok && read.value) this.#public ??= publicPart(read.value);
    return read;
  }
}

const publicPart = ({ device, issuer, agreement, dataKid }: DeviceRecord): DevicePublic => ({ device, issuer, agreement, dataKid });
