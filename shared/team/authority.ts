/**
 * Who may sign what, on every laptop of a site (issue 10, point 3: authority
 * from certificates). A laptop's role at a time is what a certificate that
 * counts says about it then, never which operator happened to be signed in:
 *
 * - roots: the site's founding lead laptop (`team-lead`) and HQ (`hq`), from
 *   the invitation and the ledger configuration;
 * - a `device-cert` counts when a root, or a laptop that is `team-lead` at the
 *   certificate's own time, signed it; a `device-revoked` only from a root.
 *   A revocation ends every role of its subject, a root's included, from its
 *   `from` time and past its `lastSeq`.
 *
 * Then an event needs, of its signer at its `at`:
 * - `team-lead` (or `hq`): void, correction, household-update, resolution, day-close, a handout
 *   carrying a lead's override, site-key, device-cert, an `operator` entry for
 *   a lead or for another laptop's operator;
 * - a root: device-revoked, plan;
 * - HQ itself (the root whose role is `hq`), never the founding lead laptop
 *   however much else it may do: contribution, allocation (issue 15, the
 *   money: every total a donor sees comes from HQ's signature);
 * - any role: everything else (enrolments, cards, checks, handouts, stock,
 *   the laptop's own keys, status lists, its own field officers).
 * What fails is quarantined as `not-authorised`, visible to the lead.
 */
import type { EventOfType, SignedEvent } from '../events/envelope';

export type Role = 'field-officer' | 'team-lead' | 'hq';

export interface Certificates {
  readonly certs: readonly EventOfType<'device-cert'>[];
  readonly revocations: readonly EventOfType<'device-revoked'>[];
}

export type Standing =
  | { readonly kind: 'trusted'; readonly role: Role }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'unknown' };

/**
 * Whether a revocation covers an event: signed at or after its `from`, or,
 * since a stolen key writes any time it likes, with a sequence number past
 * the last one the revocation still trusts (`lastSeq`, issue 12).
 */
export function revokes(revocation: EventOfType<'device-revoked'>, at: string, seq: number | undefined): boolean {
  const { from, lastSeq } = revocation.body;
  return from <= at || (lastSeq !== undefined && seq !== undefined && seq > lastSeq);
}

/**
 * What a device is for its event signed at `at` (sequence number `seq`): a
 * root's role, a certificate's, revoked, or unknown. A revocation beats
 * everything, a root's own standing included: HQ's revocation of the site's
 * founding lead laptop ends its authority on every laptop.
 */
export function standingAt(device: string, at: string, roots: ReadonlyMap<string, Role>, known: Certificates, seq?: number): Standing {
  if (known.revocations.some((r) => r.body.subject === device && revokes(r, at, seq))) return { kind: 'revoked' };
  const root = roots.get(device);
  if (root !== undefined) return { kind: 'trusted', role: root };
  const covering = known.certs.filter((c) => c.body.subject === device && c.body.validFrom <= at && at <= c.body.validUntil);
  if (covering.length === 0) return { kind: 'unknown' };
  // Of several certificates, the latest signed one says what the device is now.
  const latest = covering.reduce((a, b) => (b.at > a.at ? b : a));
  return { kind: 'trusted', role: latest.body.role };
}

/** The 6-character device tag operator ids carry (`op-<tag>-<n>`). */
export const deviceTag = (device: string): string => device.slice(-6);

/** What an event needs of its signer: nothing beyond trust, a lead's role, a root, or HQ (the root whose role is `hq`). */
export function requiredAuthority(event: SignedEvent): 'any' | 'lead' | 'root' | 'hq' {
  switch (event.type) {
    case 'void':
    case 'correction':
    case 'resolution':
    case 'day-close':
    case 'site-key':
    case 'device-cert':
    case 'household-update':
      return 'lead';
    case 'handout':
      return event.body.override === undefined ? 'any' : 'lead';
    case 'operator':
      // A laptop lists its own field officers; leads, and other laptops' operators, need a lead.
      return event.body.role === 'field-officer' && event.body.id.startsWith(`op-${deviceTag(event.device)}-`) ? 'any' : 'lead';
    case 'device-revoked':
    case 'plan':
      return 'root';
    case 'contribution':
    case 'allocation':
      return 'hq';
    default:
      return 'any';
  }
}

/** Whether a signer with `role` (or a root) may sign `event`. */
export function authorised(event: SignedEvent, role: Role, isRoot: boolean): boolean {
  const needs = requiredAuthority(event);
  if (needs === 'any') return true;
  if (needs === 'root') return isRoot;
  if (needs === 'hq') return isRoot && role === 'hq';
  return role === 'team-lead' || role === 'hq';
}
