/**
 * This laptop's revocation list for the cards it issues (W3C Bitstring Status
 * List): the bits, and the signed list credential that checks read.
 */
import {
  decodeStatusList,
  encodeStatusList,
  issueCredentialWith,
  statusListCredential,
  type CredentialSigner,
  type StatusList,
} from '../../../../shared/credentials';
import type { DidKey } from '../../../../shared/crypto/did-key';
import type { SiteProfile } from '../api/session';
import { must, type KitContext } from '../context';
import { readSetting, writeSetting } from '../settings';

export const issuerSigner = (ctx: KitContext, profile: SiteProfile): CredentialSigner => ({
  did: profile.issuer as DidKey,
  sign: (bytes) => must(ctx.host.sign({ key: 'issuer', bytes })),
});

/**
 * Where a new laptop's list is published: one list per issuer (issue 10), so
 * the cards of every laptop of a site can be checked everywhere. A laptop set
 * up before keeps the URL its cards already name (`storedStatusList`).
 */
export const statusListUrl = (ctx: KitContext, profile: SiteProfile): string =>
  `${ctx.options.statusListBase ?? 'https://hq.aidtrail.example/status'}/${profile.site}/${profile.issuer.slice(-16)}`;

/** Signs and keeps this laptop's list; upkeep publishes it to the site as a `status-list` event. */
export async function publishStatusList(ctx: KitContext, profile: SiteProfile, list: StatusList, url: string): Promise<void> {
  const credential = await issueCredentialWith(
    statusListCredential({ id: url, issuer: profile.issuer, list, validFrom: ctx.now() }),
    issuerSigner(ctx, profile),
    { created: ctx.now() },
  );
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
