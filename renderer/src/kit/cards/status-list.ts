/**
 * This laptop's revocation list for the cards it issues (W3C Bitstring Status
 * List): the bits, and the signed list credential that checks read.
 */
import {
  decodeStatusList,
  encodeStatusList,
  formatDateTimeStamp,
  statusListCredential,
  type Credential,
  type SignedCredential,
  type StatusList,
} from '../../../../shared/credentials';
import type { CredentialRequest } from '../../../../shared/ipc';
import type { SiteProfile } from '../api/session';
import { must, type KitContext } from '../context';
import { readSetting, writeSetting } from '../settings';

/**
 * Issues with this laptop's issuer key, which stays in the vault: the vault
 * checks the credential's kind and issuer and builds the proof itself (issue 13).
 */
export const issueWithVault = (ctx: KitContext, kind: CredentialRequest['kind'], credential: Credential, created: Date): Promise<SignedCredential> =>
  must(ctx.host.issueCredential({ kind, credential, created: formatDateTimeStamp(created) }));

/**
 * Where a new laptop's list is published: one list per issuer (issue 10), so
 * the cards of every laptop of a site can be checked everywhere. A laptop set
 * up before keeps the URL its cards already name (`storedStatusList`).
 */
export const statusListUrl = (ctx: KitContext, profile: SiteProfile): string =>
  `${ctx.options.statusListBase ?? 'https://hq.aidtrail.example/status'}/${profile.site}/${profile.issuer.slice(-16)}`;

/** Signs and keeps this laptop's list; upkeep publishes it to the site as a `status-list` event. */
export async function publishStatusList(ctx: KitContext, profile: SiteProfile, list: StatusList, url: string): Promise<void> {
  const credential = await issueWithVault(ctx, 'status-list', statusListCredential({ id: url, issuer: profile.issuer, list, validFrom: ctx.now() }), ctx.now());
  await writeSetting(ctx.db, 'statusList', { encoded: encodeStatusList(list), credential });
}

/** The list as stored, and the URL its cards name; written at setup, so a missing or damaged one is a fault of the device, not input. */
export async function storedStatusList(ctx: KitContext): Promise<{ list: StatusList; url: string }> {
  const stored = await readSetting(ctx.db, 'statusList');
  const list = stored === undefined ? undefined : decodeStatusList(stored.encoded);
  const url = stored?.credential.id;
  if (list === undefined || !list.ok || typeof url !== 'string') throw new Error('the status list of this laptop is missing or damaged');
  return { list: list.value, url };
}
