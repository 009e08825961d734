/**
 * The team (issue "Peer sync and team-lead reconciliation"): the lead's
 * laptop invites and admits the team's laptops with signed device
 * certificates; peer sync needs the team's room and this laptop's identity.
 */
import { didKeySchema, timestampSchema } from '../../../../shared/events/fields';
import { formatInvitation } from '../../../../shared/team/invitation';
import { err, ok, type Result } from '../../../../shared/result';
import type { NotAllowed, Locked } from '../api/errors';
import type { SiteProfile } from '../api/session';
import type { TeamApi } from '../api/team';
import type { KitContext } from '../context';
import { readSetting } from '../settings';

export function teamModule(ctx: KitContext): TeamApi {
  const { db } = ctx;

  /** A team lead signed in on the team lead's own laptop: what inviting and admitting need. */
  async function leadDevice(action: string): Promise<Result<SiteProfile, Locked | NotAllowed>> {
    const lead = ctx.lead(action);
    if (!lead.ok) return lead;
    const profile = await ctx.profile();
    return profile.teamLead === profile.device ? ok(profile) : err('not-allowed', `only the team lead's laptop ${action}`);
  }

  return {
    async invitation(signaling) {
      const profile = await leadDevice('invites');
      if (!profile.ok) return profile;
      const team = await readSetting(db, 'team');
      if (team === undefined) throw new Error('the team setting is missing: it is written at setup');
      const { site, siteName, device: lead } = profile.value;
      return ok(formatInvitation({ site, siteName, lead, secret: team.secret, ...(signaling && { signaling }) }));
    },

    async certifyDevice(did, role) {
      const profile = await leadDevice('admits devices');
      if (!profile.ok) return profile;
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
        { subject: subject.data, site: profile.value.site, role, validFrom: firstAt, validUntil: ctx.validUntil(now).toISOString() },
        { operator: ctx.session!.id },
      );
      await (await ctx.ingester()).release([subject.data]);
      return ok({ eventId: saved.id });
    },

    async syncIdentity() {
      const profile = await readSetting(db, 'profile');
      const team = await readSetting(db, 'team');
      if (profile === undefined || team === undefined) return undefined;
      const round = (await ctx.plan())?.round;
      return { site: profile.site, device: profile.device, label: profile.deviceLabel, secret: team.secret, ...(round !== undefined && { round }) };
    },
  };
}
