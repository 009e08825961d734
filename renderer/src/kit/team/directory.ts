/**
 * The site's operator directory (issue 10, point 4): every laptop knows every
 * operator by name, and an operator signs in on any laptop of the site. An
 * `operator` event carries the pseudonymous id events use, the role, whether
 * the operator is active, and a profile the vault sealed under a site key,
 * bound to the id: the name and an unlock slot (a site key wrapped under the
 * operator's Argon2id key, issue 13). Only vaults open profiles: the kit hands
 * the directory to its vault (`importDirectory`) and reads names back from the
 * vault's roster. A peer that was not admitted reads nothing.
 */
import type { EventOfType } from '../../../../shared/events';
import type { OperatorRole, RosterEntry, SealedBlob } from '../../../../shared/ipc';
import { err, ok, type Result } from '../../../../shared/result';
import { normalizeText } from '../../../../shared/search';
import type { Role } from '../../../../shared/team/authority';
import { storedEvent } from '../../db/event-doc';
import type { OperatorSummary } from '../api/session';
import { must, type KitContext } from '../context';
import { currentSiteKey } from './site-keys';

export interface DirectoryEntry {
  readonly id: string;
  readonly role: OperatorRole;
  readonly active: boolean;
  /** Signed by: the laptop that listed (or last changed) the operator. */
  readonly device: string;
  readonly profile: SealedBlob;
  /** From the vault's roster, when this laptop's vault could open the profile. */
  readonly name?: string;
}

/** Names compare as search compares them (shared/search): "Amina", "AMINA" and "Amína" are one name, in any script. */
export const sameName = (a: string, b: string): boolean => normalizeText(a) === normalizeText(b);

/** Who this laptop's vault knows: its own operators and the directory's it could open. Answered while locked. */
export async function roster(ctx: KitContext): Promise<RosterEntry[]> {
  return [...(await must(ctx.host.vaultStatus())).operators];
}

/** The latest `operator` event per operator id. */
async function latestEntries(ctx: KitContext): Promise<Map<string, EventOfType<'operator'>>> {
  const events = (await ctx.db.events.find({ selector: { type: 'operator' } }).exec()).map((d) => storedEvent(d.toMutableJSON()).event as EventOfType<'operator'>);
  const latest = new Map<string, EventOfType<'operator'>>();
  for (const e of events) {
    const known = latest.get(e.body.id);
    if (known === undefined || e.at > known.at || (e.at === known.at && e.seq > known.seq)) latest.set(e.body.id, e);
  }
  return latest;
}

/** The latest entry per operator id, named where the vault could open it. */
export async function directory(ctx: KitContext): Promise<Map<string, DirectoryEntry>> {
  const names = new Map((await roster(ctx)).map((o) => [o.id, o.name]));
  const entries = new Map<string, DirectoryEntry>();
  for (const [id, e] of await latestEntries(ctx)) {
    const name = names.get(id);
    entries.set(id, { id, role: e.body.role, active: e.body.active, device: e.device, profile: e.body.profile, ...(name !== undefined && { name }) });
  }
  return entries;
}

/** Everyone the site lists or this vault knows, by name: the directory's role and `active` win over the roster's. */
export async function operators(ctx: KitContext): Promise<(OperatorSummary & { readonly active: boolean; readonly lockedOut: boolean })[]> {
  const listed = await latestEntries(ctx);
  return (await roster(ctx)).map((o) => {
    const entry = listed.get(o.id);
    return { id: o.id, name: o.name, role: entry?.body.role ?? o.role, active: entry?.body.active ?? o.active, lockedOut: o.lockedOut };
  });
}

/**
 * A lead's approval of a decision on this laptop: the vault checks the lead's
 * PIN with the same back-off as an unlock. `bad-pin` carries the vault's
 * reason (wrong PIN, wait, locked out, not a lead).
 */
export async function leadApproval(ctx: KitContext, leadId: string, pin: string): Promise<Result<OperatorSummary, 'bad-pin'>> {
  const approved = await ctx.host.approve({ operator: leadId, secret: pin });
  if (!approved.ok) {
    if (approved.code === 'locked') return err('bad-pin', 'the kit locked: sign in again');
    if (['bad-secret', 'wait', 'locked-out', 'disabled', 'unknown-operator'].includes(approved.code)) return err('bad-pin', approved.message);
    throw new Error(`host refused: ${approved.code}: ${approved.message}`);
  }
  if (approved.value.role !== 'team-lead') return err('bad-pin', 'only a team lead approves this');
  const name = (await roster(ctx)).find((o) => o.id === leadId)?.name ?? leadId;
  return ok({ id: leadId, name, role: 'team-lead' });
}

/**
 * Lists (or changes) an operator in the directory with a profile the vault
 * seals under the current site key (or `reuse`, an earlier profile); false
 * while the vault cannot make one (no site key yet, or the operator has not
 * unlocked since this laptop got the current key).
 */
export async function publishOperator(ctx: KitContext, id: string, role: OperatorRole, active: boolean, reuse?: SealedBlob): Promise<boolean> {
  let profile = reuse;
  if (profile === undefined) {
    const kid = await currentSiteKey(ctx);
    if (kid === undefined) return false;
    const made = await ctx.host.operatorProfile({ id, kid });
    if (!made.ok) {
      if (made.code === 'no-key') return false;
      throw new Error(`host refused: ${made.code}: ${made.message}`);
    }
    profile = made.value;
  }
  await (await ctx.events()).append('operator', { id, role, active, profile }, { operator: ctx.session?.id ?? id });
  return true;
}

/** Hands the site's directory to the vault: names and unlock slots of operators listed on other laptops. */
export async function importDirectory(ctx: KitContext): Promise<void> {
  const entries = [...(await latestEntries(ctx)).values()].map((e) => ({ id: e.body.id, role: e.body.role, active: e.body.active, profile: e.body.profile }));
  if (entries.length > 0) await must(ctx.host.operatorImport(entries));
}

/** This laptop's own operators (ids carry its device tag). */
const ownOperators = async (ctx: KitContext): Promise<RosterEntry[]> => {
  const tag = `op-${(await ctx.profile()).device.slice(-6)}-`;
  return (await roster(ctx)).filter((o) => o.id.startsWith(tag));
};

/**
 * A laptop that joined a team starts with a field officer; once a lead admits
 * it as a lead's laptop, the operator who set it up becomes a team lead, here
 * and in the directory (issue 10, point 3).
 */
export async function promoteFounder(ctx: KitContext, laptopRole: Role | undefined): Promise<void> {
  const profile = await ctx.profile();
  if (profile.teamLead === profile.device || laptopRole !== 'team-lead') return;
  const founder = (await ownOperators(ctx)).find((o) => o.id.endsWith('-1'));
  if (founder === undefined || founder.role === 'team-lead') return;
  await must(ctx.host.operatorUpdate({ id: founder.id, role: 'team-lead' }));
  if (ctx.session?.id === founder.id) ctx.signIn({ id: founder.id, name: founder.name, role: 'team-lead' });
  const listed = (await latestEntries(ctx)).get(founder.id);
  if (listed !== undefined) await publishOperator(ctx, founder.id, 'team-lead', listed.body.active, listed.body.profile);
}

/**
 * This laptop's own operators that the directory does not list yet (a laptop
 * that worked before it held the site key), or lists under a site key that
 * is no longer current: laptops admitted after a rotation hold only the new one.
 */
export async function publishPendingOperators(ctx: KitContext): Promise<void> {
  const kid = await currentSiteKey(ctx);
  if (kid === undefined) return;
  const listed = await latestEntries(ctx);
  for (const op of await ownOperators(ctx)) {
    const entry = listed.get(op.id);
    if (entry === undefined) await publishOperator(ctx, op.id, op.role, op.active);
    else if (entry.body.profile.kid !== kid) await publishOperator(ctx, op.id, entry.body.role, entry.body.active);
  }
}
