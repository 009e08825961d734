/**
 * Which cards this laptop accepts (issue 10, point 1): the issuers a site
 * trusts are a signed, synced fact, not this laptop's own key. A card issuer
 * is trusted when
 *  - it is this laptop's own issuer key, or
 *  - a laptop of the site published it in its `device-keys` and holds (or
 *    held) a certificate that counts, or
 *  - HQ's certificate names it (`device-cert.issuer`): the cards of the
 *    agency's other sites, so a household that moves camp keeps its card.
 * A card its issuer signed at or after the issuer's laptop was revoked is
 * refused (`issuer-revoked`). Revocation lists: this laptop's own, and the
 * newest `status-list` each trusted issuer published.
 */
import { canonicalize } from '../../../../shared/canonical';
import type { EventOfType } from '../../../../shared/events';
import { storedEvent } from '../../db/event-doc';
import type { KitContext } from '../context';
import { readSetting } from '../settings';
import { revokedFrom, siteTrust } from '../team/laptops';

export interface CardTrust {
  readonly issuers: readonly string[];
  /** Issuer → the instant its laptop was revoked from. */
  readonly revokedFrom: ReadonlyMap<string, string>;
  /** Issuer → the label of the laptop (or the site, for HQ-listed issuers) that holds it. */
  readonly issuedBy: ReadonlyMap<string, string>;
  readonly statusLists: readonly unknown[];
}

export async function cardTrust(ctx: KitContext): Promise<CardTrust> {
  const profile = await ctx.profile();
  const trust = await siteTrust(ctx);
  const issuedBy = new Map<string, string>([[profile.issuer, profile.deviceLabel]]);
  const revoked = new Map<string, string>();
  const deviceOf = new Map<string, string>([[profile.issuer, profile.device]]);
  for (const laptop of trust.laptops.values()) {
    const certified = trust.roots.has(laptop.device) || trust.certificates.certs.some((c) => c.body.subject === laptop.device);
    if (!certified || issuedBy.has(laptop.issuer)) continue;
    issuedBy.set(laptop.issuer, laptop.label);
    deviceOf.set(laptop.issuer, laptop.device);
  }
  const hq = (await readSetting(ctx.db, 'ledger'))?.hq;
  for (const cert of trust.certificates.certs) {
    if (cert.device !== hq || cert.body.issuer === undefined || issuedBy.has(cert.body.issuer)) continue;
    issuedBy.set(cert.body.issuer, cert.body.site);
    deviceOf.set(cert.body.issuer, cert.body.subject);
  }
  for (const [issuer, device] of deviceOf) {
    const from = revokedFrom(trust, device);
    if (from !== undefined) revoked.set(issuer, from);
  }
  return { issuers: [...issuedBy.keys()], revokedFrom: revoked, issuedBy, statusLists: await statusLists(ctx, new Set(issuedBy.keys())) };
}

/** This laptop's own list and the newest published list of every trusted issuer. */
async function statusLists(ctx: KitContext, issuers: ReadonlySet<string>): Promise<unknown[]> {
  const own = (await readSetting(ctx.db, 'statusList'))?.credential;
  const newest = new Map<string, { at: string; credential: Record<string, unknown> }>();
  const docs = await ctx.db.events.find({ selector: { type: 'status-list' } }).exec();
  for (const e of docs.map((d) => storedEvent(d.toMutableJSON()).event as EventOfType<'status-list'>)) {
    const issuer = e.body.credential.issuer;
    const id = e.body.credential.id;
    if (typeof issuer !== 'string' || typeof id !== 'string' || !issuers.has(issuer)) continue;
    const known = newest.get(id);
    if (known === undefined || e.at > known.at) newest.set(id, { at: e.at, credential: e.body.credential });
  }
  const lists = [...newest.values()].map((n) => n.credential);
  if (own === undefined) return lists;
  const ownText = canonicalize(own);
  return [own, ...lists.filter((l) => canonicalize(l) !== ownText)];
}
