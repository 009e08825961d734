/**
 * The site's operator directory (issue 13): how an operator enrolled on one
 * laptop signs in on another with the same secret.
 *
 * A profile (`vault:operator-profile`) is
 *   JCS { v: 1, name, role, slot: { kdf, iv, ct } }
 * sealed under a site key `kid` like any blob (`sealAad(kid, id)`: bound to
 * the operator's id), where `slot` is the operator's portable slot for that
 * kid: the site key under their Argon2id KEK (./slots.ts). A lead's laptop
 * publishes it in an `operator` event; every laptop of the site imports the
 * directory (`vault:operator-import`) with the roles and `active` of the
 * verified events. The importing vault opens each profile with its own site
 * keys: one sealed under another key, moved to another id or altered is
 * `unreadable`. An imported operator's first right secret opens the portable
 * slot (the site key), the site key opens this vault's site slot (MK), and
 * the vault then gives them a local slot.
 */
import { z } from 'zod';
import { fromUtf8 } from '../bytes';
import { canonicalBytes } from '../canonical';
import type { DidKey } from '../crypto/did-key';
import type { DirectoryImportEntry, DirectoryImportResult, SealedBlob } from '../ipc';
import { err, ok, type Result } from '../result';
import { isSiteKeyId, sealAad } from '../vault';
import { openUnder, sameKdf, sealUnder, type Random } from './crypto';
import { operatorNameSchema, tagged, withOperator } from './operators';
import { kdfParamsSchema, operatorRoleSchema, type OperatorRecord } from './records';

export const PROFILE_VERSION = 1;

const profileSchema = z.strictObject({
  v: z.literal(PROFILE_VERSION),
  name: operatorNameSchema,
  role: operatorRoleSchema,
  slot: z.strictObject({
    kdf: kdfParamsSchema,
    iv: z.string(),
    ct: z.string(),
  }),
});
type Profile = z.infer<typeof profileSchema>;

/** The operator's profile sealed under the site key `kid`; `no-key` when this laptop has no portable slot of theirs for it. */
export function sealProfile(
  operators: readonly OperatorRecord[],
  siteKeys: ReadonlyMap<string, Uint8Array>,
  request: { readonly id: string; readonly kid: string },
  random: Random,
): Result<SealedBlob, 'unknown-operator' | 'no-key'> {
  const operator = operators.find((o) => o.id === request.id);
  if (!operator) return err('unknown-operator', `no operator ${request.id} is known on this laptop`);
  const siteKey = siteKeys.get(request.kid);
  if (!siteKey) return err('no-key', `this vault does not hold the site key ${request.kid}`);
  const slot = operator.portable.find((s) => s.kid === request.kid);
  if (!slot || !operator.kdf) {
    return err('no-key', `${request.id} has not signed in on this laptop since it held ${request.kid}: their profile needs their secret once`);
  }
  const profile: Profile = { v: PROFILE_VERSION, name: operator.name, role: operator.role, slot: { kdf: operator.kdf, iv: slot.iv, ct: slot.ct } };
  const sealed = sealUnder(siteKey, canonicalBytes(profile), sealAad(request.kid, request.id), random);
  return ok({ alg: 'A256GCM', kid: request.kid, ...sealed });
}

/** The profile of a directory entry, or undefined when this vault cannot open it (or it is not a profile). */
function openProfile(entry: DirectoryImportEntry, siteKeys: ReadonlyMap<string, Uint8Array>): Profile | undefined {
  const { profile } = entry;
  const siteKey = profile.alg === 'A256GCM' && isSiteKeyId(profile.kid) ? siteKeys.get(profile.kid) : undefined;
  if (!siteKey) return undefined;
  const plaintext = openUnder(siteKey, profile, sealAad(profile.kid, entry.id));
  if (!plaintext) return undefined;
  try {
    const parsed = profileSchema.safeParse(JSON.parse(fromUtf8(plaintext)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const sameOperator = (a: OperatorRecord, b: OperatorRecord): boolean =>
  JSON.stringify({ ...a, tag: '' }) === JSON.stringify({ ...b, tag: '' });

/**
 * The operators with the directory taken in: for each entry whose profile
 * opens, name and (unless a local slot under another KEK exists here) KEK
 * parameters and portable slot from the profile, role and `active` from the
 * entry. A local slot is never replaced. Failures and lock-outs are this
 * laptop's own and stay as they are.
 */
export function importDirectory(
  mk: Uint8Array,
  device: DidKey,
  operators: readonly OperatorRecord[],
  siteKeys: ReadonlyMap<string, Uint8Array>,
  entries: readonly DirectoryImportEntry[],
): { readonly operators: OperatorRecord[]; readonly result: DirectoryImportResult } {
  let next = [...operators];
  let imported = 0;
  const unreadable: string[] = [];
  for (const entry of entries) {
    const profile = openProfile(entry, siteKeys);
    if (!profile) {
      unreadable.push(entry.id);
      continue;
    }
    const existing = next.find((o) => o.id === entry.id);
    const base: Omit<OperatorRecord, 'tag'> = existing ?? {
      id: entry.id,
      name: profile.name,
      role: entry.role,
      active: entry.active,
      failures: 0,
      retryAt: null,
      lockedOut: false,
      kdf: null,
      local: null,
      portable: [],
    };
    let { kdf, portable } = base;
    const sameKek = kdf !== null && sameKdf(kdf, profile.slot.kdf);
    if (base.local === null || sameKek) {
      // Slots under another KEK (an older secret) would never open with the new one.
      if (!sameKek) [kdf, portable] = [profile.slot.kdf, []];
      const slot = { kid: entry.profile.kid, iv: profile.slot.iv, ct: profile.slot.ct };
      portable = [...portable.filter((s) => s.kid !== slot.kid), slot];
    }
    const operator = tagged(mk, device, { ...base, name: profile.name, role: entry.role, active: entry.active, kdf, portable });
    if (!existing || !sameOperator(existing, operator)) imported += 1;
    next = withOperator(next, operator);
  }
  return { operators: next, result: { imported, unreadable } };
}
