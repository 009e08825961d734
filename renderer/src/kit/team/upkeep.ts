/**
 * What keeps a laptop a working member of its site (issue 10), run after
 * set-up, at every unlock and whenever the log gains certificates, keys or
 * directory entries; every step is idempotent, so running it again does
 * nothing new:
 *  1. its own keys and label are published (`device-keys`), and its card
 *     revocation list whenever it changed (`status-list`);
 *  2. site keys delivered to it are taken into its vault;
 *  3. on a lead's laptop, admissions extend back to a laptop's first event
 *     (admissions.ts), and the current site key reaches every trusted laptop
 *     and HQ (rotated first after a revocation);
 *  4. the site's directory reaches its vault (names and unlock slots of
 *     operators listed elsewhere); its own operators are listed once it can
 *     seal their profiles; its founding operator becomes a lead once a lead
 *     admits it as a lead's laptop.
 * Every step needs the vault, so upkeep runs only while an operator is
 * signed in (issue 13); what changed meanwhile waits for the next unlock.
 */
import type { EventOfType } from '../../../../shared/events';
import { canonicalize } from '../../../../shared/canonical';
import { storedEvent } from '../../db/event-doc';
import { must, type KitContext } from '../context';
import { readSetting } from '../settings';
import { extendAdmissions } from './admissions';
import { importDirectory, promoteFounder, publishPendingOperators } from './directory';
import { siteTrust } from './laptops';
import { acceptDeliveredKeys, deliverSiteKeys } from './site-keys';

async function ownEvents<T extends 'device-keys' | 'status-list'>(ctx: KitContext, type: T, device: string): Promise<EventOfType<T>[]> {
  const docs = await ctx.db.events.find({ selector: { type, device } }).exec();
  return docs
    .map((d) => d.toMutableJSON())
    .sort((a, b) => a.seq - b.seq)
    .map((d) => storedEvent(d).event as EventOfType<T>);
}

async function publishOwnKeys(ctx: KitContext): Promise<void> {
  const profile = await ctx.profile();
  if ((await ownEvents(ctx, 'device-keys', profile.device)).length > 0) return;
  // Idempotent: answers the keys that exist (and makes the agreement key of a vault older than it).
  const keys = await must(ctx.host.vaultCreate());
  await (await ctx.events()).append('device-keys', { issuer: keys.issuer, agreement: keys.agreement, label: profile.deviceLabel });
}

async function publishStatusList(ctx: KitContext): Promise<void> {
  const profile = await ctx.profile();
  const stored = await readSetting(ctx.db, 'statusList');
  if (stored === undefined) return;
  const last = (await ownEvents(ctx, 'status-list', profile.device)).at(-1);
  if (last !== undefined && canonicalize(last.body.credential) === canonicalize(stored.credential)) return;
  await (await ctx.events()).append('status-list', { credential: stored.credential });
}

export function upkeep(ctx: KitContext): Promise<void> {
  return ctx.upkeep(async () => {
    if ((await readSetting(ctx.db, 'profile')) === undefined || ctx.session === undefined) return;
    await publishOwnKeys(ctx);
    await publishStatusList(ctx);
    await acceptDeliveredKeys(ctx);
    const role = await ctx.laptopRole();
    if (role === 'team-lead' || role === 'hq') {
      const trust = await siteTrust(ctx);
      // An extended admission is a new certificate: the trust read before it would miss it.
      if (await extendAdmissions(ctx, trust)) await deliverSiteKeys(ctx, await siteTrust(ctx));
      else await deliverSiteKeys(ctx, trust);
    }
    await importDirectory(ctx);
    await publishPendingOperators(ctx);
    await promoteFounder(ctx, role);
  });
}
