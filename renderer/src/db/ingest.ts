/**
 * Events from elsewhere (a peer over the LAN, a sync file) enter the log only
 * through here (DESIGN.md principle 4: verify at every boundary). Each is
 * checked for schema, signature, a trusted device, revocation and its
 * device's hash chain; a failing one goes to the quarantine with its reason
 * and source, and never counts. Nothing is dropped silently and nothing here
 * throws on input.
 *
 * Trust (shared/team/authority.ts): `roots` are the site's founding lead
 * laptop and HQ; a `device-cert` counts when a root or a laptop that is a
 * team lead at the certificate's time signed it, a `device-revoked` only from
 * a root. A device's events are accepted while it holds a certificate valid at
 * the event's time and no revocation from before it, and only the events its
 * role allows (a field laptop's void is `not-authorised`). Events of a device
 * not yet certified wait in quarantine and are released when its certificate
 * arrives.
 */
import { utf8 } from '../../../shared/bytes';
import { sha256Hex } from '../../../shared/crypto/sha256';
import type { SignatureVerifier } from '../../../shared/crypto/verifier';
import { MAX_EVENT_BYTES, rawEventVerifier, type RawEventVerifier, type VerifiedEvent } from '../../../shared/events';
import { authorised, standingAt, type Role } from '../../../shared/team/authority';
import type { IngestResult } from '../kit/api/events';
import { createSerialQueue } from '../../../shared/serial-queue';
import { createTaskLimit } from '../../../shared/task-limit';
import type { KitDatabase, QuarantineDoc } from './database';
import { CertificateCache } from './certificates';
import { ChainLinks, type Link } from './chain-links';
import type { EventWriter } from './event-writer';

export type { IngestResult };

export type QuarantineReason =
  | 'not-json'
  | 'malformed'
  | 'unsupported-version'
  | 'oversized'
  | 'bad-signature'
  | 'bad-chain'
  | 'fork'
  | 'unknown-device'
  | 'revoked-device'
  | 'untrusted-certificate'
  | 'not-authorised';

export interface IngestOptions {
  readonly db: KitDatabase;
  /** The one write path: verified events are stored and projected there. */
  readonly writer: EventWriter;
  readonly verifier: SignatureVerifier;
  /** The verification stage (parse, schema, signature); on this thread with `verifier` when absent. */
  readonly verifyRaw?: RawEventVerifier;
  /** The site's roots and their roles: the founding lead laptop, and HQ once a ledger is configured. */
  readonly roots: () => Promise<ReadonlyMap<string, Role>>;
  readonly now: () => Date;
  /** Told when events start waiting for their device's certificate (a lead's laptop may extend an admission to them). */
  readonly onWaiting?: () => void;
  /** What the ingesters over this database share (a kit makes an ingester per call); one of its own when absent. */
  readonly shared?: IngestShared;
}

/**
 * Batches between arriving and stored at once: one being stored while the
 * next ones are verified (in the kit's worker), so neither stage waits for
 * the other (issue 14), and no more than this many batches held in memory
 * however fast a peer sends.
 */
const BATCHES_IN_FLIGHT = 3;

/**
 * What every ingester over one database shares: the stored certificates,
 * read once (./certificates.ts), and the queue that takes batches to the log
 * one at a time. Verification is the pure part and runs for the batches in
 * flight at once; checking a batch against the log and storing it must not
 * interleave with another's, or two batches could each accept one side of a
 * fork, neither seeing the other's.
 */
export class IngestShared {
  readonly certificates: CertificateCache;
  readonly inFlight = createTaskLimit(BATCHES_IN_FLIGHT);
  readonly toLog = createSerialQueue();

  constructor(db: KitDatabase) {
    this.certificates = new CertificateCache(db);
  }
}

type Candidate = { readonly raw: string; readonly event: VerifiedEvent };

export class EventIngest {
  private readonly shared: IngestShared;
  private readonly verifyRaw: RawEventVerifier;

  constructor(private readonly options: IngestOptions) {
    this.shared = options.shared ?? new IngestShared(options.db);
    this.verifyRaw = options.verifyRaw ?? rawEventVerifier(options.verifier);
  }

  private get db(): KitDatabase {
    return this.options.db;
  }

  private quarantineDoc(raw: string, source: string, reason: QuarantineReason, message: string, id?: string, device = ''): QuarantineDoc {
    return {
      id: id ?? sha256Hex(utf8(raw)),
      reason,
      message,
      source: source.slice(0, 128),
      device,
      receivedAt: this.options.now().toISOString(),
      raw: raw.slice(0, MAX_EVENT_BYTES),
    };
  }

  /**
   * Verifies and stores a batch of raw event texts. Events are taken in
   * (device, seq) order so a chain that arrives in one batch checks link by
   * link, whatever order the sender used.
   */
  async ingest(raws: readonly string[], source: string): Promise<IngestResult> {
    return this.shared.inFlight(async () => {
      const verified = await this.verify(raws, source);
      return this.shared.toLog(() => this.toLog(verified, source));
    });
  }

  /** Parse, schema and signature of each text: what needs nothing from the log (in a worker where the kit has one). */
  private async verify(raws: readonly string[], source: string): Promise<{ quarantine: QuarantineDoc[]; candidates: Candidate[] }> {
    const verdicts = await this.verifyRaw(raws);
    const quarantine: QuarantineDoc[] = [];
    const candidates: Candidate[] = [];
    verdicts.forEach((verdict, i) => {
      const raw = raws[i]!;
      if (verdict.ok) candidates.push({ raw, event: verdict.value });
      else quarantine.push(this.quarantineDoc(raw, source, verdict.code as QuarantineReason, verdict.message, undefined, verdict.device));
    });
    return { quarantine, candidates };
  }

  /** Certificates, revocation, authority and chain against the log, then the write: one batch at a time (`IngestShared`). */
  private async toLog({ quarantine, candidates }: { quarantine: QuarantineDoc[]; candidates: Candidate[] }, source: string): Promise<IngestResult> {
    // Certificates first, in time order, so a lead laptop's certificate counts
    // before the ones it signed and events in the same batch see their
    // device's; then each device's chain in seq order.
    const isCert = (e: VerifiedEvent) => e.event.type === 'device-cert' || e.event.type === 'device-revoked';
    candidates.sort(({ event: a }, { event: b }) => {
      if (isCert(a) !== isCert(b)) return isCert(a) ? -1 : 1;
      if (isCert(a) && a.event.at !== b.event.at) return a.event.at < b.event.at ? -1 : 1;
      return a.event.device < b.event.device ? -1 : a.event.device > b.event.device ? 1 : a.event.seq - b.event.seq;
    });

    const [roots, known, links] = await Promise.all([
      this.options.roots(),
      this.shared.certificates.current(),
      // Each device's stored neighbours of the batch, read once per device, not three queries per event.
      ChainLinks.around(this.db, candidates.map((c) => c.event.event)),
    ]);
    const accepted = new Map<string, VerifiedEvent>();
    let duplicates = 0;
    for (const { raw, event: verified } of candidates) {
      const { id, event } = verified;
      // The log's (or this batch's) event at this device and seq: the same id is this very event, there already.
      const same = await links.at(event.device, event.seq);
      if (same?.id === id) {
        duplicates++;
        continue;
      }
      const standing = standingAt(event.device, event.at, roots, known, event.seq);
      if (event.type === 'device-cert' || event.type === 'device-revoked') {
        const isRoot = roots.has(event.device);
        const may = event.type === 'device-revoked' ? isRoot : standing.kind === 'trusted' && authorised(event, standing.role, isRoot);
        if (!may) {
          quarantine.push(this.quarantineDoc(raw, source, 'untrusted-certificate', `${event.type} signed by a key that may not certify devices`, id, event.device));
          continue;
        }
      }
      if (standing.kind !== 'trusted') {
        const [reason, message] =
          standing.kind === 'revoked'
            ? (['revoked-device', `${event.device} was revoked before this event`] as const)
            : (['unknown-device', `${event.device} has no device certificate (yet)`] as const);
        quarantine.push(this.quarantineDoc(raw, source, reason, message, id, event.device));
        continue;
      }
      if (!authorised(event, standing.role, roots.has(event.device))) {
        quarantine.push(this.quarantineDoc(raw, source, 'not-authorised', `a ${event.type} needs a team lead's laptop; ${event.device} is certified as ${standing.role}`, id, event.device));
        continue;
      }
      const chain = await this.chainProblem(verified, same, links);
      if (chain !== undefined) {
        quarantine.push(this.quarantineDoc(raw, source, chain.reason, chain.message, id, event.device));
        continue;
      }
      accepted.set(id, verified);
      links.add(event.device, event.seq, { id, prev: event.prev });
      if (event.type === 'device-cert') known.certs.push(event);
      if (event.type === 'device-revoked') known.revocations.push(event);
    }

    const written = await this.options.writer.write([...accepted.values()]);
    const stored = written.stored;
    duplicates += written.duplicates;
    // An event quarantined earlier (say, before its device was certified) and now stored is no longer waiting.
    // One count first: the quarantine is usually empty, and a lookup per stored event is a read each.
    if (stored.length > 0 && (await this.db.quarantine.count().exec()) > 0) {
      const waited = await this.db.quarantine.findByIds(stored.map((e) => e.id)).exec();
      if (waited.size > 0) await this.db.quarantine.bulkRemove([...waited.keys()]);
    }
    if (quarantine.length > 0) await this.db.quarantine.bulkUpsert(quarantine);
    if (quarantine.some((q) => q.reason === 'unknown-device')) this.options.onWaiting?.();
    // Events quarantined earlier for want of a certificate get their second look.
    const released = await this.releaseNow(stored.flatMap(({ event }) => (event.type === 'device-cert' ? [event.body.subject] : [])));
    return { stored: stored.length + released.stored, duplicates: duplicates + released.duplicates, quarantined: quarantine.length };
  }

  /** The device's neighbours in the log (and in this batch) must agree with this event's seq and prev. */
  private async chainProblem({ id, event }: VerifiedEvent, same: Link | undefined, links: ChainLinks): Promise<{ reason: QuarantineReason; message: string } | undefined> {
    if (same !== undefined && same.id !== id) {
      return { reason: 'fork', message: `${event.device} signed two different events #${event.seq}: a cloned or rolled-back device` };
    }
    const before = event.seq > 1 ? await links.at(event.device, event.seq - 1) : undefined;
    if (before !== undefined && before.id !== event.prev) {
      return { reason: 'fork', message: `event #${event.seq} does not follow the stored #${event.seq - 1} of ${event.device}` };
    }
    const after = await links.at(event.device, event.seq + 1);
    if (after !== undefined && after.prev !== id) {
      return { reason: 'fork', message: `the stored #${event.seq + 1} of ${event.device} follows another #${event.seq}` };
    }
    return undefined;
  }

  /** Events that waited for these devices' certificates, ingested again (from their own sources) now that one is stored. */
  release(subjects: readonly string[]): Promise<IngestResult> {
    return this.shared.toLog(() => this.releaseNow(subjects));
  }

  /** `release`, from within the queue (a batch that stored certificates). */
  private async releaseNow(subjects: readonly string[]): Promise<IngestResult> {
    const total = { stored: 0, duplicates: 0, quarantined: 0 };
    if (subjects.length === 0) return total;
    const waiting = await this.db.quarantine.find({ selector: { device: { $in: [...subjects] }, reason: 'unknown-device' } }).exec();
    const bySource = new Map<string, string[]>();
    for (const doc of waiting) bySource.set(doc.source, [...(bySource.get(doc.source) ?? []), doc.raw]);
    await this.db.quarantine.bulkRemove(waiting.map((d) => d.id));
    for (const [source, raws] of bySource) {
      const r = await this.toLog(await this.verify(raws, source), source);
      total.stored += r.stored;
      total.duplicates += r.duplicates;
      total.quarantined += r.quarantined;
    }
    return total;
  }
}
