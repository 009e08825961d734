/**
 * What the events of an upload claim, read before their own signatures are
 * verified (./intake.ts): the times HQ checks the device's standing at
 * (shared/ledger checkClaimedStanding) and the earliest of them, which a
 * back-dated registration may start at (./registration.ts).
 *
 * Why the earliest time of a refused upload can be trusted after one
 * signature check: the batch signature (verified by openUpload) covers the
 * header, the header's root covers every event id, and an event id is the
 * SHA-256 of the whole event, `at` included (DESIGN.md "Wire formats"). When
 * the ids of the events as sent give the header's root, the times in them
 * are the ones the device's key signed off on; no one else can move them.
 */
import { canonicalBytes } from '../../shared/canonical';
import { sha256Hex } from '../../shared/crypto/sha256';
import { timestampSchema } from '../../shared/events/fields';
import { isRecord } from '../../shared/guards';
import { batchRoot, type ClaimedTime, type SignedUpload } from '../../shared/ledger';

/**
 * SHA-256 of the JCS of a value: an event's id (shared/events eventId) for
 * input not schema-checked yet. Throws on what is not JSON (callers catch).
 */
export const idOf = (value: unknown): string => sha256Hex(canonicalBytes(value));

/**
 * The claimed time of every event that names the header's device and a
 * well-formed time. The others fail their schema or device check in
 * verifyUploadEvents before their signatures are looked at, so a device with
 * no standing at any claimed time never has an event signature verified.
 */
export function claimedTimes(upload: SignedUpload): ClaimedTime[] {
  const claims: ClaimedTime[] = [];
  for (const [index, raw] of upload.events.entries()) {
    if (!isRecord(raw) || raw.device !== upload.header.device || !timestampSchema.safeParse(raw.at).success) continue;
    claims.push({ index, ...(typeof raw.seq === 'number' ? { seq: raw.seq } : {}), at: raw.at as string });
  }
  return claims;
}

/** The earliest of these times; a device's clock may step back, so not always the first event's. */
export function earliest(times: readonly string[]): string | undefined {
  let min: string | undefined;
  for (const at of times) if (min === undefined || Date.parse(at) < Date.parse(min)) min = at;
  return min;
}

/**
 * The earliest claimed time of a signed upload when its events are the ones
 * the batch signature covers (their ids give the header's root), else null.
 * Hashing only: no event signature is verified.
 */
export function signedEarliestAt(upload: SignedUpload, claims: readonly ClaimedTime[]): string | null {
  let root: string;
  try {
    root = batchRoot(upload.events.map(idOf));
  } catch {
    return null;
  }
  return root === upload.header.root ? (earliest(claims.map((c) => c.at)) ?? null) : null;
}
