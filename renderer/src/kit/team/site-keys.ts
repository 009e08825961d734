/**
 * The site data key (issue 10, point 2): personal fields are sealed with a
 * key of the site, not of the laptop. The founding lead's laptop makes it;
 * a lead's laptop delivers it to every admitted laptop sealed to that
 * laptop's key agreement key (a `site-key` event: readable by that laptop's
 * vault only, never in clear on the network), and to HQ's key as escrow, so
 * the site's records survive losing every laptop. When a laptop is revoked a
 * lead's laptop rotates it: new records use the new key, old keys stay with
 * the laptops that still belong. Keys live in the vault; the kit only names them.
 *
 * Each delivery also carries the team's sync room password sealed under the
 * delivered key (issue 13): a rotation after a revocation makes a new room
 * too, so the laptop that left holds neither the key nor the room. Laptops
 * take the new room from the delivery and join it at their next sync start.
 */
import type { DidKey } from '../../../../shared/crypto/did-key';
import type { EventOfType } from '../../../../shared/events';
import type { SealedBlob } from '../../../../shared/ipc';
import { agreementKeyOfDid } from '../../../../shared/vault-wrap';
import { storedEvent } from '../../db/event-doc';
import type { NewEvent } from '../../db/event-store';
import { must, type KitContext } from '../context';
import { readSetting, writeSetting } from '../settings';
import { readRoomSecret, ROOM_CONTEXT, roomSecretSince, writeRoomSecret } from './room-secret';
import { fromUtf8, toBase64url, utf8 } from '../../../../shared/bytes';
import type { SiteTrust } from './laptops';

export async function currentSiteKey(ctx: KitContext): Promise<string | undefined> {
  return (await readSetting(ctx.db, 'siteKey'))?.current;
}

/** A fresh site key, current from now (the founding lead at setup, or a rotation). */
export async function createSiteKey(ctx: KitContext): Promise<string> {
  const { kid } = await must(ctx.host.siteKeyCreate());
  await writeSetting(ctx.db, 'siteKey', { current: kid, since: ctx.now().toISOString() });
  return kid;
}

async function deliveries(ctx: KitContext): Promise<EventOfType<'site-key'>[]> {
  return (await ctx.db.events.find({ selector: { type: 'site-key' } }).exec()).map((d) => storedEvent(d.toMutableJSON()).event as EventOfType<'site-key'>);
}

/**
 * Takes the keys leads delivered to this laptop into its vault; the newest
 * delivery becomes the key new records are sealed with. A delivery that does
 * not open (not really for this vault, altered) is left, never trusted.
 */
export async function acceptDeliveredKeys(ctx: KitContext): Promise<void> {
  const me = (await ctx.profile()).device;
  const mine = (await deliveries(ctx)).filter((e) => e.body.to === me && e.device !== me).sort((a, b) => (a.at < b.at ? -1 : 1));
  if (mine.length === 0) return;
  const held = new Set(await must(ctx.host.siteKeys()));
  let newest: { kid: string; at: string } | undefined;
  let room: { blob: SealedBlob; at: string } | undefined;
  for (const delivery of mine) {
    if (!held.has(delivery.body.wrapped.kid)) {
      const accepted = await ctx.host.siteKeyAccept(delivery.body.wrapped);
      if (!accepted.ok) continue;
      held.add(accepted.value.kid);
    }
    newest = { kid: delivery.body.wrapped.kid, at: delivery.at };
    if (delivery.body.room !== undefined) room = { blob: delivery.body.room, at: delivery.at };
  }
  if (room !== undefined) await takeRoom(ctx, room.blob, room.at);
  const setting = await readSetting(ctx.db, 'siteKey');
  if (newest !== undefined && (setting === undefined || (setting.current !== newest.kid && setting.since < newest.at))) {
    await writeSetting(ctx.db, 'siteKey', { current: newest.kid, since: newest.at });
  }
}

/**
 * On a lead's laptop: the current key to every laptop the site trusts now
 * that has published its agreement key and lacks it, and to HQ once a ledger
 * is configured. A revocation signed after the key became current rotates it
 * first, so the revoked laptop never receives the key new records use.
 */
export async function deliverSiteKeys(ctx: KitContext, trust: SiteTrust): Promise<void> {
  const setting = await readSetting(ctx.db, 'siteKey');
  if (setting === undefined) return;
  const now = ctx.now().toISOString();
  const rotate = trust.certificates.revocations.some((r) => r.at > setting.since);
  const kid = rotate ? await createSiteKey(ctx) : setting.current;
  // The room rotates with the key: the laptop that left knows the old password.
  if (rotate) await writeRoomSecret(ctx, toBase64url(crypto.getRandomValues(new Uint8Array(16))));
  const me = (await ctx.profile()).device;
  const delivered = new Set<string>((await deliveries(ctx)).filter((e) => e.body.wrapped.kid === kid).map((e) => e.body.to));
  const recipients: { did: DidKey; agreement: string }[] = [];
  for (const laptop of trust.laptops.values()) {
    if (laptop.device === me || delivered.has(laptop.device)) continue;
    if (trust.standing(laptop.device, now).kind === 'trusted') recipients.push({ did: laptop.device as DidKey, agreement: laptop.agreement });
  }
  const hq = (await readSetting(ctx.db, 'ledger'))?.hq;
  if (hq !== undefined && !delivered.has(hq)) {
    const escrow = agreementKeyOfDid(hq);
    if (escrow.ok) recipients.push({ did: hq as DidKey, agreement: escrow.value });
  }
  if (recipients.length === 0) return;
  // Sealed once for every delivery of this run, and only when there is one (upkeep runs often).
  const room = await sealRoom(ctx, kid);
  const events: NewEvent[] = [];
  for (const { did, agreement } of recipients) {
    const wrapped = await ctx.host.siteKeyWrap({ kid, to: agreement });
    // A laptop that published an unusable key gets nothing; the lead sees it has no key.
    if (!wrapped.ok) continue;
    events.push({ type: 'site-key', body: { to: did, wrapped: wrapped.value, ...(room !== undefined && { room }) }, ...(ctx.session && { options: { operator: ctx.session.id } }) });
  }
  // One chain segment: the vault signs every delivery in one call.
  if (events.length > 0) await (await ctx.events()).appendMany(events);
}

/** The room password sealed under the site key `kid`, for a delivery of that key. */
async function sealRoom(ctx: KitContext, kid: string): Promise<SealedBlob | undefined> {
  const secret = await readRoomSecret(ctx);
  return secret === undefined ? undefined : must(ctx.host.seal({ plaintext: utf8(secret), kid, context: ROOM_CONTEXT }));
}

/** A room password a lead delivered, taken when newer than the one in force; one that does not open is left. */
async function takeRoom(ctx: KitContext, blob: SealedBlob, at: string): Promise<void> {
  const since = await roomSecretSince(ctx);
  if (since !== undefined && since > at) return;
  const opened = await ctx.host.open(blob, ROOM_CONTEXT);
  if (opened.ok) await writeRoomSecret(ctx, fromUtf8(opened.value), at);
}
