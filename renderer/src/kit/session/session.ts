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
import { publishStatusList } from '../cards/status-list';
import { must, type KitContext } from '../context';
import { readSetting, writeSetting, type StoredOperator } from '../settings';
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
      return { kind: 'locked', profile, operators: (await ctx.operators()).map(summary) };
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
      const lead: StoredOperator = {
        id: operatorId(keys.device, 1),
        name: input.lead.name.trim(),
        role: 'team-lead',
        pin: await hashPin(input.lead.pin, ctx.pinIterations),
      };
      await writeSetting(db, 'operators', [lead]);
      await writeSetting(db, 'team', { secret: team?.secret ?? toBase64url(crypto.getRandomValues(new Uint8Array(16))) });
      const plan = validatePlan(ctx.options.defaultPlan);
      if (plan.ok) await writeSetting(db, 'plan', plan.value);
      await publishStatusList(ctx, profile, createStatusList());
      // The profile is written last: a setup interrupted before it simply runs again.
      await writeSetting(db, 'profile', profile);
      ctx.signIn(lead);
      return ok(profile);
    },

    async unlock(id, pin) {
      const op = (await ctx.operators()).find((o) => o.id === id);
      if (op === undefined || !(await checkPin(pin, op.pin))) return err('bad-pin', 'wrong operator or PIN');
      ctx.signIn(op);
      return ok(summary(op));
    },

    lock() {
      ctx.signIn(undefined);
    },

    async addOperator(input) {
      const lead = ctx.lead('adds operators');
      if (!lead.ok) return lead;
      if (!input.name.trim() || !isValidPin(input.pin)) return err('invalid', 'a name and a 4–8 digit PIN are required');
      const operators = await ctx.operators();
      const op: StoredOperator = {
        id: operatorId((await ctx.profile()).device, operators.length + 1),
        name: input.name.trim(),
        role: input.role,
        pin: await hashPin(input.pin, ctx.pinIterations),
      };
      await writeSetting(db, 'operators', [...operators, op]);
      return ok(summary(op));
    },

    async hostInfo() {
      if (ctx.options.hostKind !== 'desktop') return { kind: 'browser' };
      const info = await ctx.host.getInfo();
      return info.ok ? { kind: 'desktop', info: info.value } : { kind: 'error', message: info.message };
    },
  };
}
