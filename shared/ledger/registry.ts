/**
 * The device registry (DESIGN.md "Identity", "Wire formats"): which device
 * keys HQ trusts, for which site, and from when to when, derived only from
 * events HQ's own key signed: `device-cert` { subject, site, role, validFrom,
 * validUntil } and `device-revoked` { subject, from, reason }. HQ's `plan`
 * events travel in the same trust feed.
 *
 * Rules, for an event device D signed "at" T (its envelope `at`):
 * - D must hold a certificate with validFrom ≤ T ≤ validUntil;
 * - D must not be revoked before the event: a revocation with from ≤ T ends
 *   trust in everything D signed at or after `from`, under every certificate,
 *   for good (a revoked key is never trusted again; a device that returns
 *   gets a new key);
 * - an event naming a site (enrolment, day-close) must name a site D is
 *   certified for at T;
 * - devices never sign `plan`, `device-cert`, `device-revoked`, `contribution`
 *   or `allocation`: only HQ does.
 * T is the device's own clock. A stolen key can backdate; what bounds that is
 * the hash chain (a backdated event still has to extend the anchored chain)
 * and revoking as soon as a device is reported lost.
 */
import type { DidKey } from '../crypto/did-key';
import type { SignatureVerifier } from '../crypto/verifier';
import type { EventBody, EventType } from '../events/bodies';
import type { EventOfType, SignedEvent } from '../events/envelope';
import { verifyEventWith, type ChainLink, type VerifiedEvent } from '../events/verify';
import { err, ok, type Result } from '../result';
import type { BatchEventError } from './verify-batch';

export type DeviceRole = EventBody<'device-cert'>['role'];

export interface DeviceCertificate {
  /** Id of the device-cert event. */
  readonly id: string;
  readonly subject: DidKey;
  readonly site: string;
  readonly role: DeviceRole;
  readonly validFrom: string;
  readonly validUntil: string;
  /** The subject's card-issuer key (event format v2): cards it issued verify wherever this certificate counts. */
  readonly issuer?: DidKey;
}

export interface DeviceRevocation {
  readonly id: string;
  readonly subject: DidKey;
  readonly from: string;
  readonly reason: string;
  /** v2 (issue 12): the last sequence number still trusted; every later event is refused whatever its time. */
  readonly lastSeq?: number;
}

export interface DeviceRegistry {
  readonly hq: DidKey;
  readonly certificates: ReadonlyMap<DidKey, readonly DeviceCertificate[]>;
  /** The earliest revocation of each revoked device. */
  readonly revocations: ReadonlyMap<DidKey, DeviceRevocation>;
  /** HQ's plan events, in HQ's seq order. */
  readonly plans: readonly EventOfType<'plan'>[];
}

/**
 * Event types only HQ's key signs: an upload carrying one from any other key
 * is refused, and HQ's trust feed is exactly these, so that it is HQ's whole
 * chain, without gaps. The funds events (issue 15) are here for both reasons.
 */
export const HQ_ONLY_TYPES: ReadonlySet<EventType> = new Set(['plan', 'device-cert', 'device-revoked', 'contribution', 'allocation']);

/**
 * Builds the registry from verified HQ events. Events by any other key are
 * ignored (listed in `ignored`), so a registry can be built from a mixed feed.
 */
export function buildRegistry(hq: DidKey, events: readonly VerifiedEvent[]): { registry: DeviceRegistry; ignored: string[] } {
  const certificates = new Map<DidKey, DeviceCertificate[]>();
  const revocations = new Map<DidKey, DeviceRevocation>();
  const plans: EventOfType<'plan'>[] = [];
  const ignored: string[] = [];
  const ordered = [...events].sort((a, b) => a.event.seq - b.event.seq);
  for (const { id, event } of ordered) {
    if (event.device !== hq) {
      ignored.push(id);
      continue;
    }
    switch (event.type) {
      case 'device-cert': {
        const list = certificates.get(event.body.subject) ?? [];
        const { issuer, ...body } = event.body;
        list.push({ id, ...body, ...(issuer !== undefined && { issuer }) });
        certificates.set(event.body.subject, list);
        break;
      }
      case 'device-revoked': {
        // Several revocations of one device: the earliest time and the lowest last trusted seq both hold.
        const known = revocations.get(event.body.subject);
        const { lastSeq, ...body } = event.body;
        const earliest = known === undefined || Date.parse(body.from) < Date.parse(known.from) ? { id, ...body } : known;
        const seqs = [lastSeq, known?.lastSeq].filter((s): s is number => s !== undefined);
        revocations.set(event.body.subject, { ...earliest, ...(seqs.length > 0 && { lastSeq: Math.min(...seqs) }) });
        break;
      }
      case 'plan':
        plans.push(event);
        break;
      default:
        ignored.push(id);
    }
  }
  return { registry: { hq, certificates, revocations, plans }, ignored };
}

export type StandingErrorCode = 'not-certified' | 'not-yet-valid' | 'expired' | 'revoked' | 'wrong-site';

/**
 * Is `device` trusted for an event it signed at `at`, as its number `seq`
 * (and, when given, for `site`)? A revocation covers what was signed from its
 * time on, and (v2) every event past its last trusted sequence number, since
 * a stolen key writes any time it likes.
 */
export function standingAt(
  registry: DeviceRegistry,
  device: string,
  at: string,
  site?: string,
  seq?: number,
): Result<DeviceCertificate, StandingErrorCode> {
  const t = Date.parse(at);
  const revoked = registry.revocations.get(device as DidKey);
  if (revoked !== undefined && t >= Date.parse(revoked.from)) {
    return err('revoked', `${device} is revoked from ${revoked.from} (${revoked.reason}); this event is of ${at}`);
  }
  if (revoked?.lastSeq !== undefined && seq !== undefined && seq > revoked.lastSeq) {
    return err('revoked', `${device} is revoked after its event #${revoked.lastSeq} (${revoked.reason}); this is #${seq}`);
  }
  const certs = registry.certificates.get(device as DidKey) ?? [];
  if (certs.length === 0) return err('not-certified', `${device} has no device certificate from HQ`);
  const current = certs.filter((c) => Date.parse(c.validFrom) <= t && t <= Date.parse(c.validUntil));
  if (current.length === 0) {
    return certs.every((c) => t < Date.parse(c.validFrom))
      ? err('not-yet-valid', `${device}'s certificate is not valid yet at ${at}`)
      : err('expired', `${device}'s certificate had expired by ${at}`);
  }
  if (site === undefined) return ok(current[current.length - 1]!);
  const forSite = current.filter((c) => c.site === site);
  if (forSite.length === 0) {
    return err('wrong-site', `${device} is certified for ${current.map((c) => c.site).join(', ')}, not for site ${site}`);
  }
  return ok(forSite[forSite.length - 1]!);
}

/** The site an event's body names, if any. */
export function siteOf(event: SignedEvent): string | undefined {
  switch (event.type) {
    case 'enrolment':
    case 'day-close':
    case 'plan':
    case 'device-cert':
      return event.body.site;
    default:
      return undefined;
  }
}

export type StandingBatchCode = 'device-revoked' | 'device-not-certified' | 'forbidden-event';

/**
 * Applies the registry to every event of a (signature-verified) batch. An
 * empty list means all are trusted. The batch-level code: any revoked event
 * makes it `device-revoked`, else any certificate problem
 * `device-not-certified`, else `forbidden-event`.
 */
export function checkStanding(
  registry: DeviceRegistry,
  events: readonly VerifiedEvent[],
): { code: StandingBatchCode; errors: BatchEventError[] } | undefined {
  const errors: BatchEventError[] = [];
  for (const [index, { id, event }] of events.entries()) {
    const standing = standingAt(registry, event.device, event.at, siteOf(event), event.seq);
    // A team lead's device admits its team's devices with its own device-cert
    // events (the kit's local trust until HQ certifies them). HQ anchors them
    // like any event of the lead's chain; its registry never counts them.
    const teamAdmission = event.type === 'device-cert' && standing.ok && standing.value.role === 'team-lead';
    // An admission signed while HQ had no certificate of its signer (not yet
    // registered, expired, revoked) fails for that reason, not for its type:
    // it counts once HQ registers the lead (issue 10, point 5).
    const signer = event.type === 'device-cert' ? standingAt(registry, event.device, event.at) : undefined;
    if (HQ_ONLY_TYPES.has(event.type) && !teamAdmission && signer?.ok !== false) {
      errors.push({ index, seq: event.seq, id, code: 'forbidden-type', message: `only HQ signs ${event.type} events` });
      continue;
    }
    const problem = signer?.ok === false ? signer : standing;
    if (!problem.ok) errors.push({ index, seq: event.seq, id, code: problem.code, message: problem.message });
  }
  return standingRefusal(errors);
}

/** The batch-level code for these per-event standing errors (see checkStanding), or undefined for none. */
function standingRefusal(errors: BatchEventError[]): { code: StandingBatchCode; errors: BatchEventError[] } | undefined {
  if (errors.length === 0) return undefined;
  const code: StandingBatchCode = errors.some((e) => e.code === 'revoked')
    ? 'device-revoked'
    : errors.some((e) => e.code !== 'forbidden-type')
      ? 'device-not-certified'
      : 'forbidden-event';
  return { code, errors };
}

/** The time one event of an upload claims, read before the event's own signature is checked. */
export interface ClaimedTime {
  readonly index: number;
  readonly seq?: number;
  readonly at: string;
}

/**
 * The registry's verdict on `device` at the times a batch's events claim,
 * before any event signature is verified (HQ's intake,
 * ledger/service/intake.ts). An event `device` signed at T is trusted only
 * if `device` has standing at T; checkStanding refuses a batch with any event
 * that is not, and a batch is taken whole or not at all. So when `device`
 * lacks standing at some claimed time, the batch is refused whatever its
 * events' signatures say: forged, they fail; genuine, checkStanding refuses
 * them. HQ then refuses it without verifying up to MAX_BATCH_EVENTS
 * signatures of a key it does not trust at all. What needs the verified
 * event (its site, its type) stays checkStanding's.
 */
export function checkClaimedStanding(
  registry: DeviceRegistry,
  device: DidKey,
  claims: readonly ClaimedTime[],
): { code: StandingBatchCode; errors: BatchEventError[] } | undefined {
  const errors: BatchEventError[] = [];
  for (const { index, seq, at } of claims) {
    const standing = standingAt(registry, device, at, undefined, seq);
    if (!standing.ok) errors.push({ index, ...(seq === undefined ? {} : { seq }), code: standing.code, message: standing.message });
  }
  return standingRefusal(errors);
}

export interface TrustFeedResult {
  readonly events: readonly VerifiedEvent[];
  /** Entries refused, by position in the feed: not HQ's, bad signature, out of HQ's chain. */
  readonly rejected: readonly { readonly index: number; readonly code: string; readonly message: string }[];
}

/**
 * Verifies a trust feed (HQ's `GET /trust`, or the same events synced from a
 * peer): each event must be HQ's, signed, and the feed must follow HQ's own
 * hash chain from `after` (null: from HQ's first event). Verification stops
 * at the first break in the chain, since nothing after it can be placed.
 */
export async function verifyTrustFeed(
  hq: DidKey,
  input: readonly unknown[],
  verifier: SignatureVerifier,
  after: ChainLink | null = null,
): Promise<TrustFeedResult> {
  const events: VerifiedEvent[] = [];
  const rejected: { index: number; code: string; message: string }[] = [];
  let previous = after;
  for (const [index, item] of input.entries()) {
    const verdict = await verifyEventWith(verifier, item, { device: hq, previous });
    if (!verdict.ok) {
      rejected.push({ index, code: verdict.code, message: verdict.message });
      break;
    }
    if (!HQ_ONLY_TYPES.has(verdict.value.event.type)) {
      rejected.push({ index, code: 'not-a-trust-event', message: `a ${verdict.value.event.type} event has no place in the trust feed` });
      break;
    }
    events.push(verdict.value);
    previous = { id: verdict.value.id, seq: verdict.value.event.seq };
  }
  return { events, rejected };
}
