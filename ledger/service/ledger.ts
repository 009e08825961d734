/**
 * The HQ ledger (DESIGN.md "Ledger protocol"), independent of HTTP: batch
 * intake, HQ's own trust events, receipts, proofs and the HQ views, over a
 * LedgerStore.
 *
 * Intake of one upload:
 *  1. a re-sent batch (id known, same signature, same event ids) is answered
 *     with its stored receipts at once: nothing is verified or appended again;
 *  2. verifyBatch: shape, limits, batch signature, every event (node:crypto
 *     Ed25519, proved equal to noble), the chain inside the batch, the root;
 *  3. the registry: every event's device certified, not revoked before the
 *     event, for the event's site; no HQ-only event types;
 *  4. the append, serialised: under the store's lock, the batch must continue
 *     the device's anchored chain (else replayed / gap / chain-fork), then
 *     events, nodes, head, size and a checkpoint signed for the new size
 *     commit in one transaction;
 *  5. the receipts: an inclusion proof per event at the batch's tree size,
 *     with that checkpoint. They depend only on stored data and
 *     deterministic signatures, so a re-send gets byte-identical receipts.
 * Every refusal is recorded with its reason for HQ and nothing is appended.
 */
import { canonicalBytes } from '../../shared/canonical';
import { sha256Hex } from '../../shared/crypto/sha256';
import { ed25519Signer, encodeVerifierKey, openCheckpoint, signCheckpoint, type Checkpoint, type NoteSigner } from '../../shared/checkpoint';
import { publicKeyToDid, type DidKey } from '../../shared/crypto/did-key';
import { keyPairFromSeed, sign } from '../../shared/crypto/ed25519';
import type { SignatureVerifier } from '../../shared/crypto/verifier';
import { eventBodies, type EventBody, type EventType } from '../../shared/events/bodies';
import type { SignedEvent, UnsignedEvent } from '../../shared/events/envelope';
import { signEvent } from '../../shared/events/sign';
import { verifyEvent, type ChainLink } from '../../shared/events/verify';
import { fromHex, toHex } from '../../shared/bytes';
import {
  batchId,
  batchRoot,
  batchHeaderSchema,
  buildRegistry,
  checkStanding,
  HQ_ONLY_TYPES,
  makeBatch,
  makeReceipt,
  redactEvent,
  standingAt,
  verifyBatch,
  type BatchEventError,
  type BatchHeader,
  type BundleEntry,
  type DeviceRegistry,
  type Receipt,
} from '../../shared/ledger';
import { consistencyProof, hashLeaf, inclusionProof, MerkleFrontier, rootAt } from '../../shared/merkle';
import { err, ok, type Result } from '../../shared/result';
import { peakCoords, rootOfPeaks } from '../store/append';
import type { LedgerStore, StoredBatch } from '../store/store';
import { nodeVerifier } from './node-verifier';
import { withStoredNodes } from './proofs';

export const DEFAULT_ORIGIN = 'aidtrail.example-agency.org/hq-log';
/** Page size of the list endpoints. */
export const MAX_PAGE = 1000;

export interface LedgerOptions {
  readonly store: LedgerStore;
  /** HQ's Ed25519 seed: signs device certificates, revocations, plans, and the log's checkpoints. */
  readonly hqSeed: Uint8Array;
  readonly origin?: string;
  readonly verifier?: SignatureVerifier;
  readonly now?: () => Date;
}

export type SubmitErrorCode =
  | 'malformed'
  | 'unsupported-version'
  | 'too-many-events'
  | 'oversized'
  | 'count-mismatch'
  | 'bad-signature'
  | 'bad-events'
  | 'root-mismatch'
  | 'replayed'
  | 'gap'
  | 'chain-fork'
  | 'device-revoked'
  | 'device-not-certified'
  | 'forbidden-event';

export interface BatchReceipts {
  readonly batch: string;
  readonly treeSize: number;
  readonly receipts: readonly Receipt[];
}

export type SubmitResult =
  | { readonly ok: true; readonly status: 'appended' | 'duplicate'; readonly value: BatchReceipts }
  | { readonly ok: false; readonly code: SubmitErrorCode; readonly message: string; readonly events: readonly BatchEventError[] };

export interface IssuedEvent {
  readonly id: string;
  readonly event: SignedEvent;
  readonly receipt: Receipt;
}

export interface InclusionAnswer {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly inclusion: readonly string[];
  /** The signed checkpoint of that size, when HQ signed one (after every append it does). */
  readonly checkpoint: string | null;
}

/** Serialises async work: appends and HQ's own events go one at a time per process. */
class Mutex {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(work, work);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class Ledger {
  readonly store: LedgerStore;
  readonly origin: string;
  readonly hq: DidKey;
  readonly logSigner: NoteSigner;
  /** The published verifier key string (`<origin>+<key id>+<key>`), what devices and auditors trust. */
  readonly logKey: string;
  readonly #seed: Uint8Array;
  readonly #verifier: SignatureVerifier;
  readonly #now: () => Date;
  readonly #appends = new Mutex();
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
    await this.#appends.run(async () => this.store.close());
  }

  #signCheckpoint({ size, root }: { size: number; root: Uint8Array }): string {
    const note = signCheckpoint({ origin: this.origin, size, rootHash: root, extensions: [] }, [this.logSigner]);
    // Origin and key were checked when the signer was made; size and root come from the tree.
    if (!note.ok) throw new Error(`cannot sign the checkpoint: ${note.message}`);
    return note.value;
  }

  // -------------------------------------------------------------------------
  // Intake

  async submit(input: unknown): Promise<SubmitResult> {
    const resent = await this.#resent(input);
    if (resent !== undefined) return { ok: true, status: 'duplicate', value: await this.#receiptsOf(resent) };

    const verdict = await verifyBatch(input, { verifier: this.#verifier });
    if (!verdict.ok) return this.#refuse(input, verdict.code, verdict.message, verdict.events);
    const batch = verdict.value;

    const registry = await this.registry();
    const standing = checkStanding(registry, batch.events);
    if (standing !== undefined) {
      const { code, errors } = standing;
      return this.#refuse(input, code, `${errors.length} of ${batch.events.length} events are not from a trusted device: ${errors[0]!.message}`, errors);
    }
    const last = batch.events.at(-1)!.event;
    const cert = standingAt(registry, last.device, last.at);
    const site = cert.ok ? cert.value.site : null;

    const appended = await this.#appends.run(() =>
      this.store.append({ batch, site, receivedAt: this.#now().toISOString() }, (s) => this.#signCheckpoint(s)),
    );
    if (appended.kind === 'rejected') {
      const { code, message, events } = appended.rejection;
      return this.#refuse(input, code as SubmitErrorCode, message, events);
    }
    return { ok: true, status: appended.kind === 'appended' ? 'appended' : 'duplicate', value: await this.#receiptsOf(appended.batch) };
  }

  /**
   * A re-send of a stored batch: same header (hence id), same signature, and
   * events whose ids give the stored root. Only hashing, no signature checks:
   * the stored batch was verified when it came in. Anything else is verified
   * in full, and the transaction still catches a duplicate that raced in.
   */
  async #resent(input: unknown): Promise<StoredBatch | undefined> {
    if (!isRecord(input) || !Array.isArray(input.events)) return undefined;
    const header = batchHeaderSchema.safeParse(input.header);
    if (!header.success) return undefined;
    const stored = await this.store.batch(batchId(header.data as BatchHeader));
    if (stored === undefined || stored.sig !== input.sig || input.events.length !== stored.header.count) return undefined;
    try {
      const ids = input.events.map(idOf);
      return batchRoot(ids) === stored.header.root ? stored : undefined;
    } catch {
      return undefined;
    }
  }

  async #refuse(input: unknown, code: SubmitErrorCode, message: string, events: readonly BatchEventError[]): Promise<SubmitResult> {
    const header = isRecord(input) && isRecord(input.header) ? input.header : {};
    const device = typeof header.device === 'string' ? header.device.slice(0, 200) : null;
    const parsed = batchHeaderSchema.safeParse(header);
    await this.store.recordRejection({
      at: this.#now().toISOString(),
      device,
      batch: parsed.success ? batchId(parsed.data as BatchHeader) : null,
      code,
      message,
      events,
    });
    return { ok: false, code, message, events };
  }

  /** Records a request refused before it was an upload (unparseable JSON, too large). */
  async recordUnreadable(code: string, message: string): Promise<void> {
    await this.store.recordRejection({ at: this.#now().toISOString(), device: null, batch: null, code, message, events: [] });
  }

  async #receiptsOf(batch: StoredBatch): Promise<BatchReceipts> {
    const { firstLeaf, treeSize } = batch;
    const count = batch.header.count;
    const [ids, note] = await Promise.all([this.store.eventIds(firstLeaf, firstLeaf + count), this.store.checkpoint(treeSize)]);
    if (note === undefined || ids.length !== count) throw new Error(`batch ${batch.id} is incomplete in the store`);
    const proofs = await withStoredNodes(this.store, treeSize, (source) =>
      ids.map((_, i) => {
        const proof = inclusionProof(source, firstLeaf + i, treeSize);
        if (!proof.ok) throw new Error(proof.message);
        return proof.value;
      }),
    );
    return {
      batch: batch.id,
      treeSize,
      receipts: ids.map((id, i) => makeReceipt(id, firstLeaf + i, treeSize, proofs[i]!, note)),
    };
  }

  /** The receipts of a stored batch, for a device resuming an upload. */
  async receipts(id: string): Promise<BatchReceipts | undefined> {
    const batch = await this.store.batch(id);
    return batch === undefined ? undefined : this.#receiptsOf(batch);
  }

  async deviceHead(device: string): Promise<ChainLink | null> {
    return this.store.deviceHead(device);
  }

  // -------------------------------------------------------------------------
  // HQ's own events: the device registry and plans

  /** The registry from HQ's trust events, reloaded whenever HQ's chain has grown (by this server or another). */
  async registry(): Promise<DeviceRegistry> {
    const head = await this.store.deviceHead(this.hq);
    const seq = head?.seq ?? 0;
    if (this.#registry?.seq === seq) return this.#registry.registry;
    const events = await this.trustEvents(0, Number.MAX_SAFE_INTEGER);
    const { registry } = buildRegistry(this.hq, events.map((e) => ({ id: idOf(e), event: e })));
    this.#registry = { seq, registry };
    return registry;
  }

  /** HQ's trust events (device-cert, device-revoked, plan) with seq > after, in HQ's chain order. */
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

  /**
   * Signs an HQ event of `type` (validated against its body schema first),
   * continuing HQ's own chain, and anchors it as a one-event batch signed by
   * HQ: the trust list is in the log like everything else.
   */
  async issue<T extends 'device-cert' | 'device-revoked' | 'plan'>(
    type: T,
    body: unknown,
    round?: string,
  ): Promise<Result<IssuedEvent, 'bad-request'>> {
    const parsedBody = eventBodies[type].safeParse(body);
    if (!parsedBody.success) {
      const issue = parsedBody.error.issues[0];
      return err('bad-request', `${issue?.path.map(String).join('.') || type}: ${issue?.message ?? 'invalid'}`);
    }
    return this.#appends.run(async () => {
      const head = await this.store.deviceHead(this.hq);
      const draft = {
        v: 1,
        type,
        device: this.hq,
        seq: (head?.seq ?? 0) + 1,
        prev: head?.id ?? null,
        at: this.#now().toISOString(),
        ...(round === undefined ? {} : { round }),
        body: parsedBody.data as EventBody<EventType>,
      } as UnsignedEvent;
      const event = signEvent(draft, this.#seed);
      const checked = verifyEvent(event, { previous: head });
      if (!checked.ok) return err('bad-request', checked.message);
      const upload = await makeBatch([event], { did: this.hq, sign: async (bytes) => sign(bytes, this.#seed) });
      if (!upload.ok) throw new Error(`cannot batch HQ's own event: ${upload.message}`);
      const verdict = await verifyBatch(upload.value, { verifier: this.#verifier, knownHead: head });
      if (!verdict.ok) throw new Error(`HQ's own batch does not verify: ${verdict.message}`);
      const appended = await this.store.append(
        { batch: verdict.value, site: null, receivedAt: this.#now().toISOString() },
        (s) => this.#signCheckpoint(s),
      );
      if (appended.kind !== 'appended') throw new Error(`HQ's own event was not appended (${appended.kind}): another server may be issuing at once; retry`);
      const receipts = await this.#receiptsOf(appended.batch);
      return ok({ id: checked.value.id, event, receipt: receipts.receipts[0]! });
    });
  }

  // -------------------------------------------------------------------------
  // Public reads: checkpoints, proofs, leaf hashes

  async checkpoint(): Promise<{ size: number; note: string }> {
    return this.store.latestCheckpoint();
  }

  async checkpoints(after: number, limit: number): Promise<{ size: number; note: string }[]> {
    return this.store.checkpoints(after, Math.min(limit, MAX_PAGE));
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

  async consistency(from: number, to?: number): Promise<Result<{ from: number; to: number; proof: string[] }, 'bad-request'>> {
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
  // HQ views (admin)

  async views() {
    const [devices, sites, rounds, registry] = await Promise.all([this.store.devices(), this.store.sites(), this.store.rounds(), this.registry()]);
    return { devices, sites, rounds, registry };
  }

  /** Anchored events for HQ, whole (personal data sealed but present). */
  async events(query: { afterLeaf: number; limit: number; round?: string; site?: string; device?: string }) {
    return this.store.events({ ...query, limit: Math.min(query.limit, MAX_PAGE) });
  }

  /** Anchored events for a donor's bundle: personal fields removed (shared/ledger/bundle.ts). */
  async exportEvents(query: { afterLeaf: number; limit: number; round?: string; site?: string }): Promise<(BundleEntry & { leafIndex: number; batch: string })[]> {
    const rows = await this.events(query);
    return rows.map((row) => ({ ...redactEvent(row.id, JSON.parse(row.json) as SignedEvent), leafIndex: row.leaf, batch: row.batch }));
  }

  /**
   * Rebuilds the tree from the stored leaf hashes alone and compares its
   * root with the root from the stored nodes and with the latest signed
   * checkpoint: after a crash and restart they must all agree.
   */
  async verifyStoredTree(): Promise<Result<{ size: number; root: string }, 'corrupt'>> {
    const latest = await this.store.latestCheckpoint();
    const size = await this.store.size();
    const frontier = MerkleFrontier.empty();
    for (let start = 0; start < size; start += 10_000) {
      for (const leaf of await this.store.leaves(start, Math.min(size, start + 10_000))) frontier.append(leaf);
    }
    if (frontier.size !== size) return err('corrupt', `${frontier.size} leaf hashes stored for a log of ${size}`);
    const rebuilt = toHex(frontier.root());
    const fromNodes = toHex(rootOfPeaks(await this.store.nodes(peakCoords(size))));
    const viaSource = await withStoredNodes(this.store, size, (source) => rootAt(source, size));
    const checkpoint = openCheckpoint(latest.note, this.origin, this.logSigner);
    if (!checkpoint.ok) return err('corrupt', `the latest checkpoint does not verify: ${checkpoint.message}`);
    const signed: Checkpoint = checkpoint.value;
    if (!viaSource.ok || toHex(viaSource.value) !== rebuilt || fromNodes !== rebuilt) {
      return err('corrupt', `the stored nodes give root ${fromNodes}, the leaves ${rebuilt}`);
    }
    if (signed.size !== size || toHex(signed.rootHash) !== rebuilt) {
      return err('corrupt', `the latest checkpoint signs size ${signed.size}, the log has ${size} leaves with root ${rebuilt}`);
    }
    const leafIds = await this.store.eventIds(0, Math.min(size, 1));
    if (size > 0 && toHex(hashLeaf(fromHex(leafIds[0]!))) !== toHex((await this.store.leaves(0, 1))[0]!)) {
      return err('corrupt', 'leaf 0 is not the hash of event 0');
    }
    return ok({ size, root: rebuilt });
  }
}

/**
 * SHA-256 of the JCS of a value: an event's id (shared/events eventId) for
 * input not schema-checked yet. Throws on what is not JSON (the caller catches).
 */
const idOf = (value: unknown): string => sha256Hex(canonicalBytes(value));
