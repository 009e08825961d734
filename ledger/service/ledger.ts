/**
 * The HQ ledger (DESIGN.md "Ledger protocol"), independent of HTTP, over a
 * LedgerStore: the one object the HTTP API (./http.ts) and the CLI call.
 * It holds the log's identity and keys and serialises every append; the
 * work is in its parts: batch intake (./intake.ts), HQ's own trust events
 * (here; a certificate's dates in ./registration.ts), receipts and proofs
 * (./proofs.ts), the admin views (./admin-views.ts) and the stored tree's
 * self-check (./verify-tree.ts).
 */
import { ed25519Signer, encodeVerifierKey, signCheckpoint, type NoteSigner } from '../../shared/checkpoint';
import { publicKeyToDid, type DidKey } from '../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import type { SignatureVerifier } from '../../shared/crypto/verifier';
import { eventBodies, type EventBody } from '../../shared/events/bodies';
import { versionFor, type SignedEvent, type UnsignedEvent } from '../../shared/events/envelope';
import { eventId, signEvent } from '../../shared/events/sign';
import { verifyEvent } from '../../shared/events/verify';
import { toHex } from '../../shared/bytes';
import { buildRegistry, HQ_ONLY_TYPES, makeBatch, seedBatchSigner, verifyBatch, type DeviceRegistry, type Receipt } from '../../shared/ledger';
import type { Issued } from '../../shared/ledger/admin-answers';
import type { ConsistencyAnswer, InclusionAnswer } from '../../shared/ledger/proof-answers';
import type { TrustFeed } from '../../shared/ledger/trust-feed';
import { validatePlan } from '../../shared/distribution/plan';
import { consistencyProof, inclusionProof } from '../../shared/merkle';
import { err, ok, type Result } from '../../shared/result';
import { createSerialQueue } from '../../shared/serial-queue';
import type { AppendRequest } from '../store/append';
import type { AppendResult, LedgerStore } from '../store/store';
import { AdminViews } from './admin-views';
import { Intake, type SubmitOptions, type SubmitResult } from './intake';
import { nodeVerifier } from './node-verifier';
import { MAX_PAGE, pageSize } from './page';
import { batchReceipts, withStoredNodes, type BatchReceipts } from './proofs';
import { Funds, normalisedContribution } from './funds';
import { datedCertificate, type RegistrationErrorCode } from './registration';
import { verifyStoredTree } from './verify-tree';

export type { SubmitErrorCode, SubmitOptions, SubmitResult } from './intake';

export const DEFAULT_ORIGIN = 'aidtrail.example-agency.org/hq-log';

/** The event types HQ signs itself (`Ledger.issue`): its trust events and its books (issue 15). */
export type IssuedType = 'device-cert' | 'device-revoked' | 'plan' | 'contribution' | 'allocation';

export interface LedgerOptions {
  readonly store: LedgerStore;
  /** HQ's Ed25519 seed: signs device certificates, revocations, plans, contributions, allocations, and the log's checkpoints. */
  readonly hqSeed: Uint8Array;
  readonly origin?: string;
  readonly verifier?: SignatureVerifier;
  readonly now?: () => Date;
  /** Checkpoint witnesses (C2SP tlog-witness; ../witness/client.ts), when HQ asks any. */
  readonly witnesses?: CheckpointWitnesses;
}

/** The hook through which the ledger's checkpoints reach witnesses and their cosignatures come back. */
export interface CheckpointWitnesses {
  /** Called once an append and its checkpoint are stored; it must return at once: asking witnesses never holds an append back. */
  signed(): void;
  /** The note with the cosignature lines witnesses gave for exactly this checkpoint. */
  cosigned(note: string): string;
}

/** What an admin POST answers (shared/ledger/admin-answers.ts): the id, with the signed event and its receipt. */
export interface IssuedEvent extends Issued {
  readonly event: SignedEvent;
  readonly receipt: Receipt;
}

/** A device's last anchored event; seq 0 and id null when nothing of it is anchored. */
export interface DeviceHead {
  readonly device: string;
  readonly seq: number;
  readonly id: string | null;
}

export class Ledger {
  readonly store: LedgerStore;
  readonly origin: string;
  readonly hq: DidKey;
  readonly logSigner: NoteSigner;
  /** The published verifier key string (`<origin>+<key id>+<key>`), what devices and auditors trust. */
  readonly logKey: string;
  /** HQ's admin views (./admin-views.ts): devices, sites, rounds, batches, refusals, events. */
  readonly admin: AdminViews;
  /** HQ's books and the flow of funds (./funds.ts, issue 15). */
  readonly funds: Funds;
  readonly #seed: Uint8Array;
  readonly #verifier: SignatureVerifier;
  readonly #now: () => Date;
  /** Appends and HQ's own events go one at a time per process (the store's lock orders them across servers). */
  readonly #appends = createSerialQueue();
  readonly #intake: Intake;
  readonly #witnesses: CheckpointWitnesses | undefined;
  #registry: { seq: number; registry: DeviceRegistry } | undefined;

  private constructor(options: LedgerOptions, logSigner: NoteSigner) {
    this.store = options.store;
    this.origin = options.origin ?? DEFAULT_ORIGIN;
    this.#seed = Uint8Array.from(options.hqSeed);
    this.hq = publicKeyToDid(keyPairFromSeed(this.#seed).publicKey);
    this.logSigner = logSigner;
    this.logKey = encodeVerifierKey(logSigner);
    this.#verifier = options.verifier ?? nodeVerifier({ threadpool: true });
    this.#now = options.now ?? (() => new Date());
    this.#witnesses = options.witnesses;
    const registry = () => this.registry();
    this.#intake = new Intake({
      store: this.store,
      verifier: this.#verifier,
      now: this.#now,
      registry,
      append: (request) => this.#appends(() => this.#append(request)),
    });
    this.admin = new AdminViews({ store: this.store, hq: this.hq, registry });
    this.funds = new Funds(this.store, this.hq, this.#now);
  }

  /**
   * Opens the store for this log (refusing a database of another origin or
   * key) and signs the empty log's checkpoint if there is none yet. The log
   * key is named by the origin, as C2SP logs conventionally do.
   */
  static async open(options: LedgerOptions): Promise<Ledger> {
    const origin = options.origin ?? DEFAULT_ORIGIN;
    const signer = ed25519Signer(origin, options.hqSeed);
    if (!signer.ok) throw new Error(`cannot sign checkpoints for origin ${JSON.stringify(origin)}: ${signer.message}`);
    const ledger = new Ledger(options, signer.value);
    await ledger.store.init({ origin, logKey: ledger.logKey });
    await ledger.store.ensureCheckpoint((s) => ledger.#signCheckpoint(s));
    return ledger;
  }

  async close(): Promise<void> {
    await this.#appends(async () => this.store.close());
  }

  #signCheckpoint({ size, root }: { size: number; root: Uint8Array }): string {
    const note = signCheckpoint({ origin: this.origin, size, rootHash: root, extensions: [] }, [this.logSigner]);
    // Origin and key were checked when the signer was made; size and root come from the tree.
    if (!note.ok) throw new Error(`cannot sign the checkpoint: ${note.message}`);
    return note.value;
  }

  /** Callers run it on #appends. */
  async #append(request: AppendRequest): Promise<AppendResult> {
    const result = await this.store.append(request, (s) => this.#signCheckpoint(s));
    if (result.kind === 'appended') this.#witnesses?.signed();
    return result;
  }

  // -------------------------------------------------------------------------
  // Devices: intake, receipts, heads

  async submit(input: unknown, options: SubmitOptions = {}): Promise<SubmitResult> {
    return this.#intake.submit(input, options);
  }

  /** Records a request refused before it was an upload (unparseable JSON, too large). */
  async recordUnreadable(code: string, message: string): Promise<void> {
    await this.#intake.recordUnreadable(code, message);
  }

  /** The receipts of a stored batch, for a device resuming an upload. */
  async receipts(id: string): Promise<BatchReceipts | undefined> {
    const batch = await this.store.batch(id);
    return batch === undefined ? undefined : batchReceipts(this.store, batch);
  }

  async deviceHead(device: string): Promise<DeviceHead> {
    const head = await this.store.deviceHead(device);
    return { device, seq: head?.seq ?? 0, id: head?.id ?? null };
  }

  // -------------------------------------------------------------------------
  // HQ's own events: the device registry and plans

  /** The registry from HQ's trust events, reloaded whenever HQ's chain has grown (by this server or another). */
  async registry(): Promise<DeviceRegistry> {
    const head = await this.store.deviceHead(this.hq);
    const seq = head?.seq ?? 0;
    if (this.#registry?.seq === seq) return this.#registry.registry;
    const events = await this.trustEvents(0, Number.MAX_SAFE_INTEGER);
    const { registry } = buildRegistry(this.hq, events.map((e) => ({ id: eventId(e), event: e })));
    this.#registry = { seq, registry };
    return registry;
  }

  /** HQ's trust events (device-cert, device-revoked, plan, and its books: contribution, allocation) with seq > after, in HQ's chain order. */
  async trustEvents(after: number, limit: number = MAX_PAGE): Promise<SignedEvent[]> {
    const out: SignedEvent[] = [];
    let afterLeaf = -1;
    while (out.length < limit) {
      const page = await this.store.events({ afterLeaf, limit: MAX_PAGE, device: this.hq, types: [...HQ_ONLY_TYPES] });
      for (const row of page) {
        const event = JSON.parse(row.json) as SignedEvent;
        if (event.seq > after && out.length < limit) out.push(event);
      }
      if (page.length < MAX_PAGE) break;
      afterLeaf = page.at(-1)!.leaf;
    }
    return out;
  }

  /** The trust feed devices verify (shared/ledger verifyTrustFeed) and the console lists (shared/ledger/trust-feed.ts): HQ's did and its trust events after seq `after`. */
  async trustFeed(after: number): Promise<TrustFeed> {
    return { hq: this.hq, events: await this.trustEvents(after) };
  }

  /**
   * Signs an HQ event of `type` (validated against its body schema first),
   * continuing HQ's own chain, and anchors it as a one-event batch signed by
   * HQ: the trust list is in the log like everything else. HQ writes the
   * current event format (a device-cert's `issuer` exists from v2 on), v3
   * for what only v3 carries (`versionFor`: funds events, costed plans).
   * `precondition` runs in the same turn as the signing, after every
   * earlier issue: what it checks against HQ's chain (./funds.ts) still
   * holds when the event is signed.
   */
  async issue<T extends IssuedType>(
    type: T,
    body: unknown,
    round?: string,
    precondition?: (body: EventBody<T>) => Promise<Result<void, 'bad-request'>>,
  ): Promise<Result<IssuedEvent, 'bad-request'>> {
    const parsedBody = eventBodies[type].safeParse(body);
    if (!parsedBody.success) {
      const issue = parsedBody.error.issues[0];
      return err('bad-request', `${issue?.path.map(String).join('.') || type}: ${issue?.message ?? 'invalid'}`);
    }
    const parsed = parsedBody.data as EventBody<T>;
    return this.#appends(async () => {
      const allowed = (await precondition?.(parsed)) ?? ok(undefined);
      if (!allowed.ok) return allowed;
      const head = await this.store.deviceHead(this.hq);
      const draft = {
        v: versionFor(type, parsed),
        type,
        device: this.hq,
        seq: (head?.seq ?? 0) + 1,
        prev: head?.id ?? null,
        at: this.#now().toISOString(),
        ...(round === undefined ? {} : { round }),
        body: parsed,
      } as UnsignedEvent;
      const event = signEvent(draft, this.#seed);
      const checked = verifyEvent(event, { previous: head });
      if (!checked.ok) return err('bad-request', checked.message);
      const upload = await makeBatch([event], seedBatchSigner(this.hq, this.#seed));
      if (!upload.ok) throw new Error(`cannot batch HQ's own event: ${upload.message}`);
      const verdict = await verifyBatch(upload.value, { verifier: this.#verifier, knownHead: head });
      if (!verdict.ok) throw new Error(`HQ's own batch does not verify: ${verdict.message}`);
      const appended = await this.#append({ batch: verdict.value, site: null, receivedAt: this.#now().toISOString() });
      if (appended.kind !== 'appended') throw new Error(`HQ's own event was not appended (${appended.kind}): another server may be issuing at once; retry`);
      const receipts = await batchReceipts(this.store, appended.batch);
      return ok({ id: checked.value.id, event, receipt: receipts.receipts[0]! });
    });
  }

  /** Certifies a device; its dates as ./registration.ts settles them (by default from now for a year). */
  async certifyDevice(body: Readonly<Record<string, unknown>>): Promise<Result<IssuedEvent, RegistrationErrorCode>> {
    const dated = await datedCertificate(body, { now: this.#now(), firstRefusedEventAt: (device) => this.store.firstRefusedEventAt(device) });
    return dated.ok ? this.issue('device-cert', dated.value) : dated;
  }

  /**
   * Revokes a device; without `from`, from now; without `lastSeq`, after the
   * last event HQ holds of it (issue 12): whatever a stolen key signs next is
   * refused, however early it claims to be.
   */
  async revokeDevice(body: Readonly<Record<string, unknown>>): Promise<Result<IssuedEvent, 'bad-request'>> {
    const subject = typeof body.subject === 'string' ? body.subject : '';
    const lastSeq = body.lastSeq ?? (await this.store.deviceHead(subject))?.seq ?? 0;
    return this.issue('device-revoked', { from: this.#now().toISOString(), ...body, lastSeq });
  }

  /** Publishes a plan: `body` is the plan event's body and the `round` it belongs to. */
  async publishPlan(body: Readonly<Record<string, unknown>>): Promise<Result<IssuedEvent, 'bad-request'>> {
    const { round, ...plan } = body;
    if (typeof round !== 'string') return err('bad-request', 'round: a plan names its round');
    // A plan the kits and the funds flow would refuse (overlapping bands, an item priced twice…) is not signed.
    return this.issue('plan', plan, round, async (parsed) => {
      const valid = validatePlan({ round, ...parsed });
      return valid.ok ? ok(undefined) : err('bad-request', valid.message);
    });
  }

  /** Records money received from a donor organisation (issue 15): `body` is the contribution event's body. */
  async recordContribution(body: Readonly<Record<string, unknown>>): Promise<Result<IssuedEvent, 'bad-request'>> {
    return this.issue('contribution', normalisedContribution(body));
  }

  /** Assigns part of a contribution to a site's round (issue 15), if HQ's books allow it (./funds.ts). */
  async allocate(body: Readonly<Record<string, unknown>>): Promise<Result<IssuedEvent, 'bad-request'>> {
    return this.issue('allocation', body, undefined, (parsed) => this.funds.allocationAllowed(parsed));
  }

  // -------------------------------------------------------------------------
  // Public reads: the log, checkpoints, proofs, leaf hashes

  /** What a device or auditor needs to know the log: its origin, key, HQ's did and its size now. */
  async info(): Promise<{ origin: string; logKey: string; hq: DidKey; size: number }> {
    const { size } = await this.checkpoint();
    return { origin: this.origin, logKey: this.logKey, hq: this.hq, size };
  }

  /** The latest checkpoint, with the cosignatures witnesses gave for it (GET /checkpoint). */
  async checkpoint(): Promise<{ size: number; note: string }> {
    const latest = await this.store.latestCheckpoint();
    return this.#witnesses === undefined ? latest : { size: latest.size, note: this.#witnesses.cosigned(latest.note) };
  }

  async checkpoints(after: number, limit: number): Promise<{ size: number; note: string }[]> {
    return this.store.checkpoints(after, pageSize(limit));
  }

  async inclusion(query: { id?: string; leaf?: number; size?: number }): Promise<Result<InclusionAnswer, 'not-found' | 'bad-request'>> {
    const latest = await this.store.latestCheckpoint();
    const size = query.size ?? latest.size;
    if (size > latest.size) return err('bad-request', `size ${size} is beyond the log's ${latest.size} leaves`);
    let leaf = query.leaf;
    if (query.id !== undefined) {
      leaf = await this.store.leafOf(query.id);
      if (leaf === undefined) return err('not-found', `event ${query.id} is not in the log`);
    }
    if (leaf === undefined) return err('bad-request', 'give id or leaf');
    if (leaf >= size) return err('bad-request', `leaf ${leaf} is not in the tree of size ${size}`);
    const at = leaf;
    const [proof, [leafHash], note] = await Promise.all([
      withStoredNodes(this.store, size, (source) => inclusionProof(source, at, size)),
      this.store.nodes([{ level: 0, index: at }]),
      this.store.checkpoint(size),
    ]);
    if (!proof.ok) return err('bad-request', proof.message);
    return ok({ leafIndex: at, treeSize: size, leafHash: toHex(leafHash!), inclusion: proof.value.map(toHex), checkpoint: note ?? null });
  }

  /** A receipt for an anchored event against the latest checkpoint. */
  async receiptFor(id: string): Promise<Receipt | undefined> {
    const answer = await this.inclusion({ id });
    if (!answer.ok || answer.value.checkpoint === null) return undefined;
    const { leafIndex, treeSize, inclusion, checkpoint } = answer.value;
    return { event: id, leafIndex, treeSize, inclusion, checkpoint };
  }

  async consistency(from: number, to?: number): Promise<Result<ConsistencyAnswer, 'bad-request'>> {
    const size = to ?? (await this.store.latestCheckpoint()).size;
    const current = await this.store.size();
    if (size > current) return err('bad-request', `size ${size} is beyond the log's ${current} leaves`);
    const proof = await withStoredNodes(this.store, size, (source) => consistencyProof(source, from, size));
    if (!proof.ok) return err('bad-request', proof.message);
    return ok({ from, to: size, proof: proof.value.map(toHex) });
  }

  async leaves(start: number, end: number): Promise<Result<string[], 'bad-request'>> {
    const size = await this.store.size();
    if (start > end || end > size) return err('bad-request', `need 0 ≤ start ≤ end ≤ ${size}`);
    if (end - start > MAX_PAGE) return err('bad-request', `at most ${MAX_PAGE} leaves per request`);
    return ok((await this.store.leaves(start, end)).map(toHex));
  }

  // -------------------------------------------------------------------------
  // HQ

  /** Rebuilds the tree from the stored leaves and compares (./verify-tree.ts): after a crash and restart they must all agree. */
  async verifyStoredTree(): Promise<Result<{ size: number; root: string }, 'corrupt'>> {
    return verifyStoredTree(this.store, this.origin, this.logSigner);
  }
}
