/**
 * The site's laptops as the log knows them (issue 10): each one's keys and
 * label from its own `device-keys` event, and its standing from the
 * certificates that count (shared/team/authority.ts). Every laptop derives
 * the same answer from the same events: this is the site's trust, not this
 * laptop's opinion.
 */
import type { EventOfType } from '../../../../shared/events';
import { standingAt, type Role, type Standing } from '../../../../shared/team/authority';
import type { StoredCertificates } from '../../db/certificates';
import type { KitContext } from '../context';

export interface Laptop {
  readonly device: string;
  readonly label: string;
  readonly issuer: string;
  /** X25519 key agreement key (base64url): the site key is delivered sealed to it. */
  readonly agreement: string;
}

export interface SiteTrust {
  readonly roots: ReadonlyMap<string, Role>;
  readonly certificates: StoredCertificates;
  /** Laptops that published their keys, by device. */
  readonly laptops: ReadonlyMap<string, Laptop>;
  standing(device: string, at: string): Standing;
}

export async function siteTrust(ctx: KitContext): Promise<SiteTrust> {
  const profile = await ctx.profile();
  const roots = await ctx.roots(profile);
  const certificates = await ctx.certificates();
  const docs = await ctx.db.events.find({ selector: { type: 'device-keys' } }).exec();
  const laptops = new Map<string, Laptop>();
  // A laptop writes its keys once; should there be more, the first stands (a later one could be a stolen key's).
  for (const { event } of docs.map((d) => d.toMutableJSON()).sort((a, b) => a.seq - b.seq)) {
    const keys = event as EventOfType<'device-keys'>;
    if (!laptops.has(keys.device)) laptops.set(keys.device, { device: keys.device, ...keys.body });
  }
  return { roots, certificates, laptops, standing: (device, at) => standingAt(device, at, roots, certificates) };
}

/** When a device was revoked (its earliest revocation), if it was. */
export function revokedFrom(trust: SiteTrust, device: string): string | undefined {
  return trust.certificates.revocations
    .filter((r) => r.body.subject === device)
    .map((r) => r.body.from)
    .sort()[0];
}
