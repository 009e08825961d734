/**
 * The team's sync room password (issue 13, point 3): never at rest in clear.
 * It is sealed under this laptop's own data key in the vault, so reading it
 * needs a signed-in operator; a stolen disk, or a locked kit, gives nothing
 * to join the team's room with. A profile from before issue 13 kept it in
 * clear: the first read after an unlock seals it and drops the clear copy.
 */
import { fromUtf8, utf8 } from '../../../../shared/bytes';
import { must, type KitContext } from '../context';
import { readSetting, writeSetting } from '../settings';

/** What the sealed secret is bound to (the vault's `context`): it opens as nothing else. */
export const ROOM_CONTEXT = 'aidtrail/room-secret';

/** The `since` of the room a laptop starts with: any room a lead delivers later replaces it. */
export const FIRST_ROOM = '1970-01-01T00:00:00.000Z';

export async function writeRoomSecret(ctx: KitContext, secret: string, since = ctx.now().toISOString()): Promise<void> {
  const sealed = await must(ctx.host.seal({ plaintext: utf8(secret), context: ROOM_CONTEXT }));
  await writeSetting(ctx.db, 'team', { sealed, since });
}

/** The room password, or undefined while the kit is locked (or not set up). */
export async function readRoomSecret(ctx: KitContext): Promise<string | undefined> {
  const team = await readSetting(ctx.db, 'team');
  if (team === undefined || ctx.session === undefined) return undefined;
  if ('secret' in team) {
    await writeRoomSecret(ctx, team.secret, FIRST_ROOM);
    return team.secret;
  }
  return fromUtf8(await must(ctx.host.open(team.sealed, ROOM_CONTEXT)));
}

/** When the room password in force was set (a rotation replaces an older one only). */
export async function roomSecretSince(ctx: KitContext): Promise<string | undefined> {
  const team = await readSetting(ctx.db, 'team');
  return team === undefined || 'secret' in team ? undefined : team.since;
}
