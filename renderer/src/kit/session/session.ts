/**
 * Set-up of this laptop, its operators and who is signed in (issue "The
 * field flow"). Since issue 13 the vault, not the screen, is what a PIN
 * unlocks: operators and their Argon2id-wrapped keys live in the vault
 * (shared/vault), the kit keeps no name, PIN or hash, and the session here
 * follows the vault's (an idle lock in the host locks the kit too).
 */
import { toBase64url } from '../../../../shared/bytes';
import { createStatusList } from '../../../../shared/credentials';
import { validatePlan } from '../../../../shared/distribution';
import { codeSchema } from '../../../../shared/events/fields';
import type { RosterEntry } from '../../../../shared/ipc';
import { err, ok, type Result } from '../../../../shared/result';
import { parseInvitation } from '../../../../shared/team/invitation';
import { checkOperatorSecret } from '../../../../shared/vault/secret';
import type { OperatorSummary, SessionApi, SiteProfile, UnlockError } from '../api/session';
import { publishStatusList, statusListUrl } from '../cards/status-list';
import { must, type KitContext } from '../context';
import { readSetting, writeSetting } from '../settings';
import { directory, publishOperator, roster, sameName } from '../team/directory';
import { FIRST_ROOM, writeRoomSecret } from '../team/room-secret';
import { createSiteKey } from '../team/site-keys';
import { upkeep } from '../team/upkeep';

/** What is wrong with a new operator's PIN (or a lead's passphrase), if anything: the vault's own rule. */
const secretProblem = (secret: string, role: OperatorSummary['role']): string | undefined => {
  const checked = checkOperatorSecret(secret, role);
  return checked.ok ? undefined : checked.message;
};

const summary = (op: RosterEntry): OperatorSummary => ({ id: op.id, name: op.name, role: op.role });

const UNLOCK_ERRORS: ReadonlySet<string> = new Set<UnlockError>(['bad-secret', 'wait', 'locked-out', 'disabled', 'unknown-operator']);

/** The vault's answer to a wrong or refused secret, as the kit's codes (the same names). */
function unlockError(code: string, message: string): Result<never, UnlockError> {
  if (UNLOCK_ERRORS.has(code)) return err(code as UnlockError, message);
  throw new Error(`host refused: ${code}: ${message}`);
}

/** A random 128-bit room password for a new team's sync room. */
const newRoomSecret = (): string => toBase64url(crypto.getRandomValues(new Uint8Array(16)));

export function sessionModule(ctx: KitContext): SessionApi {
  const { db } = ctx;

  /** Signs the kit in as the vault's session holder, or out when the vault locked (idle lock, another window). */
  async function followVault(): Promise<RosterEntry[]> {
    const status = await must(ctx.host.vaultStatus());
    const holder = status.session === null ? undefined : status.operators.find((o) => o.id === status.session!.operator);
    if (holder === undefined && ctx.session !== undefined) ctx.signIn(undefined);
    if (holder !== undefined && ctx.session?.id !== holder.id) ctx.signIn(summary(holder));
    return [...status.operators];
  }

  return {
    async state() {
      const profile = await readSetting(db, 'profile');
      if (profile === undefined) return { kind: 'needs-setup' };
      const operators = await followVault();
      if (ctx.session !== undefined) return { kind: 'unlocked', profile, operator: ctx.session };
      return {
        kind: 'locked',
        profile,
        operators: operators
          .filter((o) => o.active)
          .map((o) => ({ ...summary(o), canUnlock: o.canUnlock, lockedOut: o.lockedOut, ...(o.retryAt !== undefined && { retryAt: o.retryAt }) })),
      };
    },

    async setup(input) {
      if ((await readSetting(db, 'profile')) !== undefined) return err('already-set-up', 'this device is already set up');
      const invitation = input.invitation === undefined ? undefined : parseInvitation(input.invitation);
      if (invitation !== undefined && !invitation.ok) return err('invalid', invitation.message);
      const team = invitation?.value;
      const site = team?.site ?? input.site;
      // Issue 10: a laptop that joins a team starts with a field officer; the
      // lead makes it a lead's laptop by admitting it as one.
      const role = team === undefined ? 'team-lead' : 'field-officer';
      const problems = [
        !codeSchema.safeParse(site).success && 'site code must be letters, digits, . _ : - (up to 64)',
        !(team?.siteName ?? input.siteName).trim() && 'site name is required',
        !input.deviceLabel.trim() && 'device label is required',
        !input.lead.name.trim() && 'team lead name is required',
        secretProblem(input.lead.pin, role),
      ].filter((p): p is string => typeof p === 'string');
      if (problems.length > 0) return err('invalid', problems.join('; '));
      const keys = await must(ctx.host.vaultCreate());
      const first = await firstOperator(input.lead.name.trim(), role, input.lead.pin);
      if (!first.ok) return first;
      const profile: SiteProfile = {
        site,
        siteName: (team?.siteName ?? input.siteName).trim(),
        deviceLabel: input.deviceLabel.trim(),
        device: keys.device,
        issuer: keys.issuer,
        createdAt: ctx.now().toISOString(),
        teamLead: team?.lead ?? keys.device,
      };
      ctx.signIn(first.value);
      // The invitation's room (or a new team's) counts as older than any a lead delivers.
      await writeRoomSecret(ctx, team?.secret ?? newRoomSecret(), FIRST_ROOM);
      const plan = validatePlan(ctx.options.defaultPlan);
      if (plan.ok) await writeSetting(db, 'plan', plan.value);
      await publishStatusList(ctx, profile, createStatusList(), statusListUrl(ctx, profile));
      // The founding lead's laptop makes the site data key; the others receive it once admitted.
      if (team === undefined && (await readSetting(db, 'siteKey')) === undefined) await createSiteKey(ctx);
      // The profile is written last: a setup interrupted before it simply runs again.
      await writeSetting(db, 'profile', profile);
      await upkeep(ctx);
      return ok(profile);
    },

    async unlock(id, secret) {
      const unlocked = await ctx.host.unlock({ operator: id, secret });
      if (!unlocked.ok) return unlockError(unlocked.code, unlocked.message);
      const op = (await followVault()).find((o) => o.id === id);
      if (op === undefined) throw new Error(`the vault signed in ${id}, which its roster does not list`);
      await upkeep(ctx);
      return ok(summary(op));
    },

    async lock() {
      await must(ctx.host.lock());
      ctx.signIn(undefined);
    },

    onLocked(listener) {
      return ctx.onLock(listener);
    },

    async addOperator(input) {
      // A lead may add field officers on any laptop of the site; another lead only on a lead's laptop.
      const lead = input.role === 'team-lead' ? await ctx.leadLaptop('adds team leads') : ctx.lead('adds operators');
      if (!lead.ok) return lead;
      const problem = !input.name.trim() ? 'a name is required' : secretProblem(input.pin, input.role);
      if (problem !== undefined) return err('invalid', problem);
      // The roster holds every name this laptop can read: its own operators and the directory's its vault opened.
      if ((await roster(ctx)).some((o) => sameName(o.name, input.name))) return err('name-taken', 'the site already has an operator of that name');
      const added = await ctx.host.operatorAdd({ name: input.name.trim(), role: input.role, secret: input.pin });
      if (!added.ok) {
        if (added.code === 'invalid-args') return err('invalid', added.message);
        // The vault knows a name the directory did not show here yet.
        if (added.code === 'refused') return err('name-taken', added.message);
        throw new Error(`host refused: ${added.code}: ${added.message}`);
      }
      const op = { id: added.value.id, name: input.name.trim(), role: input.role };
      await publishOperator(ctx, op.id, op.role, true);
      return ok(op);
    },

    async setOperatorActive(id, active) {
      const lead = await ctx.leadLaptop('disables operators');
      if (!lead.ok) return lead;
      if (id === lead.value.id) return err('invalid', 'a lead cannot disable their own sign-in');
      const entry = (await directory(ctx)).get(id);
      const local = (await roster(ctx)).find((o) => o.id === id);
      if (entry === undefined && local === undefined) return err('not-found', `no operator ${id} in the site's directory`);
      if (local !== undefined) await must(ctx.host.operatorUpdate({ id, active }));
      if (entry?.active === active) return ok(undefined);
      const listed = await publishOperator(ctx, id, entry?.role ?? local!.role, active, entry?.profile);
      return listed ? ok(undefined) : err('no-site-key', 'this laptop holds no site key yet to list the operator with');
    },

    async resetOperator(id) {
      const lead = ctx.lead('lets a locked-out operator try again');
      if (!lead.ok) return lead;
      const reset = await ctx.host.operatorReset({ id });
      if (reset.ok) return ok(undefined);
      if (reset.code === 'unknown-operator') return err('not-found', reset.message);
      throw new Error(`host refused: ${reset.code}: ${reset.message}`);
    },

    async hostInfo() {
      if (ctx.options.hostKind !== 'desktop') return { kind: 'browser' };
      const info = await ctx.host.getInfo();
      return info.ok ? { kind: 'desktop', info: info.value } : { kind: 'error', message: info.message };
    },
  };

  /**
   * The laptop's first operator, signed in. A set-up interrupted after the
   * vault took the operator runs again: the same name and secret unlock them.
   */
  async function firstOperator(name: string, role: OperatorSummary['role'], secret: string): Promise<Result<OperatorSummary, 'invalid'>> {
    const existing = (await roster(ctx)).find((o) => sameName(o.name, name));
    if (existing !== undefined) {
      const unlocked = await ctx.host.unlock({ operator: existing.id, secret });
      return unlocked.ok ? ok(summary(existing)) : err('invalid', `this laptop's vault already has ${name}: ${unlocked.message}`);
    }
    const added = await ctx.host.operatorAdd({ name, role, secret });
    if (!added.ok) return err('invalid', added.message);
    return ok({ id: added.value.id, name, role });
  }
}
