/**
 * Set-up of this laptop, its operators and who is signed in (issue "The
 * field flow"). Operators and their PIN hashes are this laptop's own
 * settings; only their pseudonymous ids travel in events.
 */
import { toBase64url } from '../../../../shared/bytes';
import { createStatusList } from '../../../../shared/credentials';
import { validatePlan } from '../../../../shared/distribution';
import { codeSchema } from '../../../../shared/events/fields';
import { parseInvitation } from '../../../../shared/team/invitation';
import { err, ok } from '../../../../shared/result';
import type { OperatorSummary, SessionApi, SiteProfile } from '../api/session';
import { publishStatusList, statusListUrl } from '../cards/status-list';
import { must, type KitContext } from '../context';
import { readSetting, writeSetting, type StoredOperator } from '../settings';
import { directory, operators, publishOperator, sameName } from '../team/directory';
import { createSiteKey } from '../team/site-keys';
import { upkeep } from '../team/upkeep';
import { checkPin, hashPin, isValidPin } from './pin';

/**
 * Operator ids travel in events from every device of the team, so each
 * carries a tag of its device's key: `op-<6 characters>-<n>`. Pseudonymous,
 * and one operator's tally never merges with another device's.
 */
const operatorId = (device: string, n: number): string => `op-${device.slice(-6)}-${n}`;

const summary = (op: StoredOperator): OperatorSummary => ({ id: op.id, name: op.name, role: op.role });

export function sessionModule(ctx: KitContext): SessionApi {
  const { db } = ctx;
  return {
    async state() {
      const profile = await readSetting(db, 'profile');
      if (profile === undefined) return { kind: 'needs-setup' };
      if (ctx.session !== undefined) return { kind: 'unlocked', profile, operator: summary(ctx.session) };
      return { kind: 'locked', profile, operators: (await operators(ctx)).filter((o) => o.active !== false).map(summary) };
    },

    async setup(input) {
      if ((await readSetting(db, 'profile')) !== undefined) return err('already-set-up', 'this device is already set up');
      const invitation = input.invitation === undefined ? undefined : parseInvitation(input.invitation);
      if (invitation !== undefined && !invitation.ok) return err('invalid', invitation.message);
      const team = invitation?.value;
      const site = team?.site ?? input.site;
      const problems = [
        !codeSchema.safeParse(site).success && 'site code must be letters, digits, . _ : - (up to 64)',
        !(team?.siteName ?? input.siteName).trim() && 'site name is required',
        !input.deviceLabel.trim() && 'device label is required',
        !input.lead.name.trim() && 'team lead name is required',
        !isValidPin(input.lead.pin) && 'PIN must be 4 to 8 digits',
      ].filter((p): p is string => typeof p === 'string');
      if (problems.length > 0) return err('invalid', problems.join('; '));
      const keys = await must(ctx.host.vaultCreate());
      const profile: SiteProfile = {
        site,
        siteName: (team?.siteName ?? input.siteName).trim(),
        deviceLabel: input.deviceLabel.trim(),
        device: keys.device,
        issuer: keys.issuer,
        createdAt: ctx.now().toISOString(),
        teamLead: team?.lead ?? keys.device,
      };
      // Issue 10: a laptop that joins a team starts with a field officer; the
      // lead makes it a lead's laptop by admitting it as one.
      const first: StoredOperator = {
        id: operatorId(keys.device, 1),
        name: input.lead.name.trim(),
        role: team === undefined ? 'team-lead' : 'field-officer',
        pin: await hashPin(input.lead.pin, ctx.pinIterations),
      };
      await writeSetting(db, 'operators', [first]);
      await writeSetting(db, 'team', { secret: team?.secret ?? toBase64url(crypto.getRandomValues(new Uint8Array(16))) });
      const plan = validatePlan(ctx.options.defaultPlan);
      if (plan.ok) await writeSetting(db, 'plan', plan.value);
      await publishStatusList(ctx, profile, createStatusList(), statusListUrl(ctx, profile));
      // The founding lead's laptop makes the site data key; the others receive it once admitted.
      if (team === undefined && (await readSetting(db, 'siteKey')) === undefined) await createSiteKey(ctx);
      // The profile is written last: a setup interrupted before it simply runs again.
      await writeSetting(db, 'profile', profile);
      ctx.signIn(first);
      await upkeep(ctx);
      return ok(profile);
    },

    async unlock(id, pin) {
      const op = (await operators(ctx)).find((o) => o.id === id);
      if (op === undefined || !(await checkPin(pin, op.pin))) return err('bad-pin', 'wrong operator or PIN');
      if (op.active === false) return err('disabled', 'a team lead disabled this operator');
      ctx.signIn(op);
      await upkeep(ctx);
      return ok(summary(op));
    },

    lock() {
      ctx.signIn(undefined);
    },

    async addOperator(input) {
      // A lead may add field officers on any laptop of the site; another lead only on a lead's laptop.
      const lead = input.role === 'team-lead' ? await ctx.leadLaptop('adds team leads') : ctx.lead('adds operators');
      if (!lead.ok) return lead;
      if (!input.name.trim() || !isValidPin(input.pin)) return err('invalid', 'a name and a 4–8 digit PIN are required');
      const everyone = await operators(ctx);
      if (everyone.some((o) => sameName(o.name, input.name))) return err('name-taken', 'the site already has an operator of that name');
      const local = await ctx.localOperators();
      const op: StoredOperator = {
        id: operatorId((await ctx.profile()).device, local.length + 1),
        name: input.name.trim(),
        role: input.role,
        pin: await hashPin(input.pin, ctx.pinIterations),
      };
      await writeSetting(db, 'operators', [...local, op]);
      await publishOperator(ctx, op);
      return ok(summary(op));
    },

    async setOperatorActive(id, active) {
      const lead = await ctx.leadLaptop('disables operators');
      if (!lead.ok) return lead;
      if (id === lead.value.id) return err('invalid', 'a lead cannot disable their own sign-in');
      const entry = (await directory(ctx)).get(id);
      const local = (await ctx.localOperators()).find((o) => o.id === id);
      if (entry === undefined && local === undefined) return err('not-found', `no operator ${id} in the site's directory`);
      const op = local ?? { id, name: entry!.opened?.name ?? id, role: entry!.role, pin: entry!.opened?.pin ?? { salt: '', hash: '', iterations: 1 } };
      if (entry?.active === active) return ok(undefined);
      const listed = await publishOperator(ctx, { ...op, role: entry?.role ?? op.role }, active, entry?.profile);
      return listed ? ok(undefined) : err('no-site-key', 'this laptop holds no site key yet to list the operator with');
    },

    async hostInfo() {
      if (ctx.options.hostKind !== 'desktop') return { kind: 'browser' };
      const info = await ctx.host.getInfo();
      return info.ok ? { kind: 'desktop', info: info.value } : { kind: 'error', message: info.message };
    },
  };
}
