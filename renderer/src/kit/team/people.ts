/** The site's operators and laptops by name, for every tally, conflict and presence (issue 10, point 4). */
import type { EventOfType } from '../../../../shared/events';
import type { SitePeople } from '../api/team';
import { storedEvent } from '../../db/event-doc';
import type { KitContext } from '../context';
import { operators } from './directory';
import { revokedFrom, siteTrust } from './laptops';
import { currentSiteKey } from './site-keys';

export async function sitePeople(ctx: KitContext): Promise<SitePeople> {
  const profile = await ctx.profile();
  const trust = await siteTrust(ctx);
  const now = ctx.now().toISOString();
  const kid = await currentSiteKey(ctx);
  const deliveries = (await ctx.db.events.find({ selector: { type: 'site-key' } }).exec()).map((d) => storedEvent(d.toMutableJSON()).event as EventOfType<'site-key'>);
  // A laptop holds the current key if it was delivered to it, or it delivered it (it made it).
  const current = deliveries.filter((e) => e.body.wrapped.kid === kid);
  const keyed = new Set<string>([...current.map((e) => e.body.to), ...current.map((e) => e.device)]);
  const laptops = [...trust.laptops.values()].map((laptop) => {
    const standing = trust.standing(laptop.device, now);
    return {
      device: laptop.device,
      label: laptop.label,
      ...(standing.kind === 'trusted' && { role: standing.role }),
      revoked: revokedFrom(trust, laptop.device) !== undefined,
      hasSiteKey: laptop.device === profile.device ? kid !== undefined : keyed.has(laptop.device),
      thisLaptop: laptop.device === profile.device,
    };
  });
  const people = (await operators(ctx)).map((op) => ({ id: op.id, name: op.name, role: op.role, active: op.active, lockedOut: op.lockedOut }));
  return { operators: people, laptops };
}
