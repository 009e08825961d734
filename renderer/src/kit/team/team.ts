/**
 * The team (issue "Peer sync and team-lead reconciliation"): the lead's
 * laptop invites and admits the team's laptops with signed device
 * certificates; peer sync needs the team's room and this laptop's identity.
 */
import { didKeySchema, timestampSchema } from '../../../../shared/events/fields';
import { formatInvitation } from '../../../../shared/team/invitation';
import { err, ok } from '../../../../shared/result';
import type { TeamApi } from '../api/team';
import type { KitContext } from '../context';
import { readSetting } from '../settings';
import { sitePeople } from './people';
import { readRoomSecret } from './room-secret';
import { upkeep } from './upkeep';

export function teamModule(ctx: KitContext): TeamApi {
  const { db } = ctx;

  return {
    async people() {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      return ok(await sitePeople(ctx));
    },

    async invitation(signaling) {
      const lead = await ctx.leadLaptop('invites');
      if (!lead.ok) return lead;
      const secret = await readRoomSecret(ctx);
      if (secret === undefined) throw new Error('the team setting is missing: it is written at setup');
      // The invitation names the site's founding lead laptop: the root every laptop of the site trusts.
      const { site, siteName, teamLead } = await ctx.profile();
      return ok(formatInvitation({ site, siteName, lead: teamLead, secret, ...(signaling && { signaling }) }));
    },

    async certifyDevice(did, role) {
      const lead = await ctx.leadLaptop('admits laptops');
      if (!lead.ok) return lead;
      const profile = await ctx.profile();
      const subject = didKeySchema.safeParse(did);
      if (!subject.success) return err('invalid', 'not an Ed25519 did:key');
      const now = ctx.now();
      // Valid from the device's first event still waiting here (a device works,
      // then meets the lead), or from now.
      const waiting = await db.quarantine.find({ selector: { device: subject.data, reason: 'unknown-device' } }).exec();
      const firstAt = waiting
        .map((d) => (JSON.parse(d.raw) as { at?: unknown }).at)
        .filter((at): at is string => typeof at === 'string' && timestampSchema.safeParse(at).success)
        .reduce((min, at) => (at < min ? at : min), now.toISOString());
      const saved = await (await ctx.events()).append(
        'device-cert',
        { subject: subject.data, site: profile.site, role, validFrom: firstAt, validUntil: ctx.validUntil(now).toISOString() },
        { operator: lead.value.id },
      );
      await (await ctx.ingester()).release([subject.data]);
      // The admitted laptop's keys are in the log now: deliver the site key to it.
      await upkeep(ctx);
      return ok({ eventId: saved.id });
    },

    async syncIdentity() {
      const profile = await readSetting(db, 'profile');
      const secret = await readRoomSecret(ctx);
      if (profile === undefined || secret === undefined) return undefined;
      const round = (await ctx.plan())?.round;
      return { site: profile.site, device: profile.device, label: profile.deviceLabel, secret, ...(round !== undefined && { round }) };
    },
  };
}
