/**
 * The site's operator directory (issue 10, point 4): every laptop knows every
 * operator by name. An `operator` event carries the pseudonymous id events
 * use, the role and whether the operator is active; the name and PIN hash
 * are sealed under the site data key, bound to the id, so a peer that was not
 * admitted reads nothing. This laptop's own operators (settings) count until
 * their entry is in the directory; the directory's role and `active` win.
 */
import { fromUtf8, utf8 } from '../../../../shared/bytes';
import type { EventOfType } from '../../../../shared/events';
import type { SealedBlob } from '../../../../shared/ipc';
import { z } from 'zod';
import { storedEvent } from '../../db/event-doc';
import type { KitContext } from '../context';
import { checkPin } from '../session/pin';
import { pinHashSchema, writeSetting, type StoredOperator } from '../settings';
import { normalizeText } from '../../../../shared/search';
import type { Role } from '../../../../shared/team/authority';
import { currentSiteKey } from './site-keys';

const profileSchema = z.strictObject({ name: z.string().min(1).max(120), pin: pinHashSchema });

export interface DirectoryEntry {
  readonly id: string;
  readonly role: StoredOperator['role'];
  readonly active: boolean;
  /** Signed by: the laptop that listed (or last changed) the operator. */
  readonly device: string;
  readonly profile: SealedBlob;
  /** Name and PIN hash, when this laptop holds the key they were sealed with. */
  readonly opened?: z.infer<typeof profileSchema>;
}

/** Names compare as search compares them (shared/search): "Amina", "AMINA" and "Amína" are one name, in any script. */
export const sameName = (a: string, b: string): boolean => normalizeText(a) === normalizeText(b);

async function openProfile(ctx: KitContext, entry: EventOfType<'operator'>): Promise<z.infer<typeof profileSchema> | undefined> {
  const opened = await ctx.host.open(entry.body.profile, entry.body.id);
  if (!opened.ok) return undefined;
  try {
    const parsed = profileSchema.safeParse(JSON.parse(fromUtf8(opened.value)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The latest `operator` event per operator id, nothing opened: what bookkeeping needs. */
async function latestEntries(ctx: KitContext): Promise<Map<string, EventOfType<'operator'>>> {
  const events = (await ctx.db.events.find({ selector: { type: 'operator' } }).exec()).map((d) => storedEvent(d.toMutableJSON()).event as EventOfType<'operator'>);
  const latest = new Map<string, EventOfType<'operator'>>();
  for (const e of events) {
    const known = latest.get(e.body.id);
    if (known === undefined || e.at > known.at || (e.at === known.at && e.seq > known.seq)) latest.set(e.body.id, e);
  }
  return latest;
}

/** The latest entry per operator id, with the name and PIN hash where this laptop can open them. */
export async function directory(ctx: KitContext): Promise<Map<string, DirectoryEntry>> {
  const entries = new Map<string, DirectoryEntry>();
  for (const [id, e] of await latestEntries(ctx)) {
    const opened = await openProfile(ctx, e);
    entries.set(id, { id, role: e.body.role, active: e.body.active, device: e.device, profile: e.body.profile, ...(opened && { opened }) });
  }
  return entries;
}

/** Everyone who may sign in here: the directory's operators this laptop can read, and its own not listed yet. */
export async function operators(ctx: KitContext): Promise<StoredOperator[]> {
  const listed = await directory(ctx);
  const local = await ctx.localOperators();
  const fromDirectory = [...listed.values()].flatMap((e) => (e.opened === undefined ? [] : [{ id: e.id, name: e.opened.name, role: e.role, pin: e.opened.pin, active: e.active }]));
  return [...fromDirectory, ...local.filter((op) => !listed.has(op.id))];
}

/** The team lead a PIN approves, when the id names an active lead and the PIN is theirs. */
export async function leadApproval(ctx: KitContext, leadId: string, pin: string): Promise<StoredOperator | undefined> {
  const lead = (await operators(ctx)).find((o) => o.id === leadId && o.role === 'team-lead' && o.active !== false);
  return lead !== undefined && (await checkPin(pin, lead.pin)) ? lead : undefined;
}

/** Lists (or changes) an operator in the directory; false while this laptop holds no site key to seal the name with. */
export async function publishOperator(ctx: KitContext, op: StoredOperator, active = true, reuse?: SealedBlob): Promise<boolean> {
  const kid = await currentSiteKey(ctx);
  if (kid === undefined && reuse === undefined) return false;
  const profile = reuse ?? (await sealProfile(ctx, op, kid!));
  await (await ctx.events()).append('operator', { id: op.id, role: op.role, active, profile }, { operator: ctx.session?.id ?? op.id });
  return true;
}

async function sealProfile(ctx: KitContext, op: StoredOperator, kid: string): Promise<SealedBlob> {
  const sealed = await ctx.host.seal({ plaintext: utf8(JSON.stringify({ name: op.name, pin: op.pin })), kid, context: op.id });
  if (!sealed.ok) throw new Error(`host refused: ${sealed.code}: ${sealed.message}`);
  return sealed.value;
}

/**
 * A laptop that joined a team starts with a field officer; once a lead admits
 * it as a lead's laptop, the operator who set it up becomes a team lead, here
 * and in the directory (issue 10, point 3).
 */
export async function promoteFounder(ctx: KitContext, laptopRole: Role | undefined): Promise<void> {
  const profile = await ctx.profile();
  if (profile.teamLead === profile.device || laptopRole !== 'team-lead') return;
  const local = await ctx.localOperators();
  const founder = local[0];
  if (founder === undefined || founder.role === 'team-lead') return;
  const promoted = { ...founder, role: 'team-lead' as const };
  await writeSetting(ctx.db, 'operators', [promoted, ...local.slice(1)]);
  if (ctx.session?.id === founder.id) ctx.signIn(promoted);
  const listed = (await latestEntries(ctx)).get(founder.id);
  if (listed !== undefined) await publishOperator(ctx, promoted, listed.body.active, listed.body.profile);
}

/** This laptop's own operators that the directory does not list yet (a laptop that worked before it held the site key). */
export async function publishPendingOperators(ctx: KitContext): Promise<void> {
  if ((await currentSiteKey(ctx)) === undefined) return;
  const listed = await latestEntries(ctx);
  for (const op of await ctx.localOperators()) if (!listed.has(op.id)) await publishOperator(ctx, op);
}
