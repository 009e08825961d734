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

export const statusListUrl = (ctx: KitContext, profile: SiteProfile): string =>
  `${ctx.options.statusListBase ?? 'https://hq.aidtrail.example/status'}/${profile.site}/1`;

export async function publishStatusList(ctx: KitContext, profile: SiteProfile, list: StatusList): Promise<void> {
  const credential = await issueCredentialWith(
    statusListCredential({ id: statusListUrl(ctx, profile), issuer: profile.issuer, list, validFrom: ctx.now() }),
    issuerSigner(ctx, profile),
    { created: ctx.now() },
  );
  await writeSetting(ctx.db, 'statusList', { encoded: encodeStatusList(list), credential });
}

/** The list as stored; written at setup, so a missing or damaged one is a fault of the device, not input. */
export async function storedStatusList(ctx: KitContext): Promise<StatusList> {
  const stored = await readSetting(ctx.db, 'statusList');
  const list = stored === undefined ? undefined : decodeStatusList(stored.encoded);
  if (list === undefined || !list.ok) throw new Error('the status list of this site is missing or damaged');
  return list.value;
}
