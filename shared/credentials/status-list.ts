/**
 * Revocation of ration cards with W3C Bitstring Status List v1.0 (W3C
 * Recommendation, 15 May 2025; "BSL" below). An issuer keeps one bit per card
 * it issued; a card names its bit with a BitstringStatusListEntry
 * (`credentialStatus`), and the issuer publishes the bits, compressed, in a
 * BitstringStatusListCredential signed like any credential. A kit checks a
 * card offline against the list credentials it has been given (DESIGN.md
 * "Identity": the revocation list travels as signed data).
 *
 * BSL §2.2: the uncompressed bitstring is at least 16 KB (131,072 entries)
 * so that one bit does not single out a household (herd privacy); index 0 is
 * the left-most bit, i.e. the most significant bit of the first byte; the
 * `encodedList` is multibase base64url without padding ("u" prefix) of the
 * GZIP (RFC 1952) compressed bitstring.
 *
 * Only what ration cards use is supported: statusPurpose "revocation" with
 * statusSize 1. Revocation "is not reversible" (BSL §2.1), which is what lets
 * a kit trust a revoked bit in any authentic list, even an outdated one,
 * while "active" needs a list that is valid now.
 */
import { gzipSync } from 'fflate';
import { z } from 'zod';
import { fromBase64url, toBase64url } from '../bytes';
import { boundedInflate } from '../bounded-inflate';
import { err, ok, type Result } from '../result';
import { issuerId, VC_V2_CONTEXT, VERIFIABLE_CREDENTIAL, type Credential } from './credential';
import { parseDateTimeStamp } from './date-time';
import { dateTimeStampText, IssueError } from './issue';
import { verifyCredential, type VerifiedCredential } from './verify';

/** BSL §3.2 step 2: minimumNumberOfEntries, and §2.2 "at least 16KB". */
export const MIN_STATUS_LIST_BITS = 131_072;
/**
 * The largest bitstring this kit inflates: 16.7 million entries, far beyond
 * any camp, and a bound that keeps a GZIP bomb in an encodedList from taking
 * more than a few MiB of memory.
 */
export const MAX_STATUS_LIST_BYTES = 2 * 1024 * 1024;

export const STATUS_LIST_CREDENTIAL_TYPE = 'BitstringStatusListCredential';
export const STATUS_LIST_TYPE = 'BitstringStatusList';
export const STATUS_LIST_ENTRY_TYPE = 'BitstringStatusListEntry';
/** BSL §2.1: "Used to cancel the validity of a verifiable credential. This status is not reversible." */
export const REVOCATION_PURPOSE = 'revocation';

/** A bitstring: `length` entries of one bit, bit i the (i mod 8)-th most significant bit of byte i/8. */
export interface StatusList {
  readonly length: number;
  readonly bytes: Uint8Array;
}

/**
 * An all-zero (nothing revoked) list of at least `length` entries, rounded up
 * to whole bytes. Throws RangeError below the BSL minimum or above what a kit
 * would inflate.
 */
export function createStatusList(length: number = MIN_STATUS_LIST_BITS): StatusList {
  if (!Number.isSafeInteger(length) || length < MIN_STATUS_LIST_BITS || length > MAX_STATUS_LIST_BYTES * 8) {
    throw new RangeError(
      `a status list holds ${MIN_STATUS_LIST_BITS} to ${MAX_STATUS_LIST_BYTES * 8} entries, not ${length}`,
    );
  }
  const bytes = new Uint8Array(Math.ceil(length / 8));
  return { length: bytes.length * 8, bytes };
}

function bitAt(list: StatusList, index: number): { byte: number; mask: number } {
  if (!Number.isSafeInteger(index) || index < 0 || index >= list.length) {
    throw new RangeError(`status list index must be an integer from 0 to ${list.length - 1}, not ${index}`);
  }
  // BSL §2.2: index 0 is the left-most bit of the bitstring.
  return { byte: index >>> 3, mask: 0x80 >>> (index & 7) };
}

/** Sets (revoked) or clears entry `index`, in place. Throws RangeError for an index outside the list. */
export function setStatus(list: StatusList, index: number, revoked: boolean): void {
  const { byte, mask } = bitAt(list, index);
  list.bytes[byte] = revoked ? list.bytes[byte]! | mask : list.bytes[byte]! & ~mask;
}

/** Whether entry `index` is set (revoked). Throws RangeError for an index outside the list. */
export function getStatus(list: StatusList, index: number): boolean {
  const { byte, mask } = bitAt(list, index);
  return (list.bytes[byte]! & mask) !== 0;
}

/**
 * BSL §3.3 Bitstring Generation steps 3–4: "u" + base64url (no padding) of
 * the GZIP-compressed bitstring. The GZIP header carries no time or name
 * (MTIME 0), so the same list always encodes to the same text.
 */
export function encodeStatusList(list: StatusList): string {
  return `u${toBase64url(gzipSync(list.bytes, { level: 9, mtime: 0 }))}`;
}

export type StatusListDecodeError = 'bad-encoding' | 'too-short' | 'too-large';

/** Longer than any GZIP of MAX_STATUS_LIST_BYTES (stored blocks add 5 bytes per 64 KiB) in base64url. */
const MAX_ENCODED_CHARS = 1 + Math.ceil(((MAX_STATUS_LIST_BYTES + 1024) * 4) / 3);

/**
 * BSL §3.4 Bitstring Expansion, bounded: refuses text that is not "u" +
 * base64url, data that is not exactly one valid GZIP member, a bitstring over
 * MAX_STATUS_LIST_BYTES (inflating stops there) and, BSL §3.2 step 9
 * (STATUS_LIST_LENGTH_ERROR), one under 16 KB. Never throws.
 */
export function decodeStatusList(encoded: string): Result<StatusList, StatusListDecodeError> {
  if (typeof encoded !== 'string' || !encoded.startsWith('u')) {
    return err('bad-encoding', 'the status list is not multibase base64url (it must start with "u")');
  }
  if (encoded.length > MAX_ENCODED_CHARS) {
    return err('too-large', `the status list is ${encoded.length} characters long, more than any list this kit accepts`);
  }
  let compressed: Uint8Array;
  try {
    compressed = fromBase64url(encoded.slice(1));
  } catch {
    return err('bad-encoding', 'the status list is not valid base64url without padding');
  }
  const inflated = boundedInflate(compressed, { format: 'gzip', maxBytes: MAX_STATUS_LIST_BYTES });
  if (!inflated.ok) {
    return inflated.code === 'too-large'
      ? err('too-large', `the status list expands to more than ${MAX_STATUS_LIST_BYTES} bytes`)
      : err('bad-encoding', `the status list is not valid GZIP: ${inflated.message}`);
  }
  const bytes = inflated.value;
  if (bytes.length * 8 < MIN_STATUS_LIST_BITS) {
    return err('too-short', `the status list has ${bytes.length * 8} entries; at least ${MIN_STATUS_LIST_BITS} are required`);
  }
  return ok({ length: bytes.length * 8, bytes });
}

const URL_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

export interface StatusListCredentialOptions {
  /** The URL cards name as `statusListCredential`; it becomes the credential's `id`. */
  readonly id: string;
  readonly issuer: string;
  readonly list: StatusList;
  /** When this version of the list was published. */
  readonly validFrom: Date | string;
  /** After this, kits treat the list as out of date: set it so that a stale list is noticed. */
  readonly validUntil?: Date | string;
}

/**
 * The unsigned BitstringStatusListCredential of BSL §2.2 (its Example 3
 * shape), to be signed with issueCredential or issueCredentialWith like any
 * credential. The terms are in the VC 2.0 context, so no other context is
 * needed. Throws IssueError for an id that is not a URL or a bad time.
 */
export function statusListCredential(options: StatusListCredentialOptions): Credential {
  if (!URL_PATTERN.test(options.id)) throw new IssueError(`the status list id must be a URL, not ${JSON.stringify(options.id)}`);
  return {
    '@context': [VC_V2_CONTEXT],
    id: options.id,
    type: [VERIFIABLE_CREDENTIAL, STATUS_LIST_CREDENTIAL_TYPE],
    issuer: options.issuer,
    validFrom: dateTimeStampText(options.validFrom, 'validFrom'),
    ...(options.validUntil === undefined ? {} : { validUntil: dateTimeStampText(options.validUntil, 'validUntil') }),
    credentialSubject: {
      id: `${options.id}#list`,
      type: STATUS_LIST_TYPE,
      statusPurpose: REVOCATION_PURPOSE,
      encodedList: encodeStatusList(options.list),
    },
  };
}

/**
 * BSL §2.1 BitstringStatusListEntry, as ration cards carry it. statusListIndex
 * is "an arbitrary size integer … expressed as a string in base 10"; here at
 * most 16 digits, since no list a kit inflates reaches further.
 */
const statusEntrySchema = z.looseObject({
  type: z.literal(STATUS_LIST_ENTRY_TYPE),
  statusPurpose: z.literal(REVOCATION_PURPOSE),
  statusListIndex: z.string().regex(/^(?:0|[1-9][0-9]{0,15})$/),
  statusListCredential: z.string().regex(URL_PATTERN),
  // BSL §2.1: absent means 1; a revocation bit is one bit.
  statusSize: z.literal(1).optional(),
});

/** BSL §2.2 credentialSubject: statusPurpose is "one or more strings". */
const statusListSubjectSchema = z.looseObject({
  type: z.literal(STATUS_LIST_TYPE),
  statusPurpose: z.union([
    z.literal(REVOCATION_PURPOSE),
    z.array(z.string()).refine((purposes) => purposes.includes(REVOCATION_PURPOSE)),
  ]),
  encodedList: z.string(),
});

export type StatusCheckFailure = 'revoked' | 'status-unknown' | 'bad-status-entry';

export interface CheckStatusOptions {
  /** As in VerifyOptions: the did:key of an issuer that is not itself a did:key. */
  readonly issuerKeys?: Readonly<Record<string, string>>;
}

/** A property of an untrusted value, or undefined; never throws (a hostile getter counts as absent). */
function property(value: unknown, key: string): unknown {
  try {
    return typeof value === 'object' && value !== null && Object.hasOwn(value, key)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  } catch {
    return undefined;
  }
}

/** The UTC calendar day of a dateTimeStamp, the one date format every language the kit speaks reads the same way. */
function day(stamp: unknown): string | undefined {
  const instant = typeof stamp === 'string' ? parseDateTimeStamp(stamp) : undefined;
  return instant === undefined ? undefined : new Date(instant).toISOString().slice(0, 10);
}

type ListReading =
  | {
      readonly usable: true;
      readonly list: StatusList;
      /** Whether `now` lies in the list's validity period, and if not on which side. */
      readonly timing: 'current' | 'expired' | 'not-yet-valid';
      readonly validFrom: string | undefined;
      readonly validUntil: string | undefined;
    }
  | { readonly usable: false };

/**
 * One candidate list credential (BSL §3.2 steps 4–9): it must verify, be
 * signed by `key` and name `issuer` (the card's issuer), be a revocation
 * BitstringStatusListCredential, and expand to a valid bitstring. A list that
 * is authentic but outside its validity period is still read — its revoked
 * bits stand, revocation being irreversible — but it cannot vouch that a card
 * is active.
 */
function readList(candidate: unknown, issuer: string, key: string, now: Date, options: CheckStatusOptions): ListReading {
  const verifyOptions = {
    trustedIssuers: [key],
    ...(options.issuerKeys === undefined ? {} : { issuerKeys: options.issuerKeys }),
  };
  let verified = verifyCredential(candidate, { ...verifyOptions, now });
  let timing: 'current' | 'expired' | 'not-yet-valid' = 'current';
  if (!verified.ok && (verified.code === 'expired' || verified.code === 'not-yet-valid')) {
    // verifyCredential judges time last, so signature and issuer have passed;
    // read the list as of an instant inside its validity period (and verify
    // everything again there: the instant comes from unverified input).
    timing = verified.code;
    const inside = [property(candidate, 'validFrom'), property(candidate, 'validUntil')]
      .map((stamp) => (typeof stamp === 'string' ? parseDateTimeStamp(stamp) : undefined))
      .find((instant) => instant !== undefined);
    if (inside !== undefined) verified = verifyCredential(candidate, { ...verifyOptions, now: new Date(inside) });
  }
  if (!verified.ok) return { usable: false };
  const list = listOf(verified.value, issuer);
  if (list === undefined) return { usable: false };
  const { validFrom, validUntil } = verified.value.credential;
  return {
    usable: true,
    list,
    timing,
    validFrom: day(validFrom ?? verified.value.proof.created),
    validUntil: day(validUntil),
  };
}

/** The bitstring of a verified credential that is a revocation list of `issuer`, or undefined. */
function listOf({ credential }: VerifiedCredential, issuer: string): StatusList | undefined {
  const types = typeof credential.type === 'string' ? [credential.type] : credential.type;
  if (!types.includes(STATUS_LIST_CREDENTIAL_TYPE) || issuerId(credential) !== issuer) return undefined;
  const subject = statusListSubjectSchema.safeParse(credential.credentialSubject);
  if (!subject.success) return undefined;
  const decoded = decodeStatusList(subject.data.encodedList);
  return decoded.ok ? decoded.value : undefined;
}

const SYNC = 'Sync with your team lead or HQ, then scan the card again.';

/**
 * BSL §3.2 Validate Algorithm for a credential that has already been verified
 * (its signature, issuer and validity), given the status list credentials
 * this device holds. The list is the one whose `id` is the entry's
 * statusListCredential (a kit cannot dereference URLs offline) and must come
 * from the credential's own issuer, signed with the same key.
 *
 * - 'revoked': the card's bit is set in an authentic list, even one that has
 *   since expired, since revocation is not reversible.
 * - 'active': the bit is clear in an authentic list that is valid `now`.
 * - 'status-unknown': no such list, or none that verifies or is current
 *   (BSL STATUS_RETRIEVAL_ERROR / STATUS_VERIFICATION_ERROR).
 * - 'bad-status-entry': the card's credentialStatus is not one revocation
 *   BitstringStatusListEntry (BSL MALFORMED_VALUE_ERROR), or its index lies
 *   outside the list (RANGE_ERROR).
 *
 * Never throws.
 */
export function checkStatus(
  credential: Credential,
  statusListCredentials: readonly unknown[],
  now: Date,
  options: CheckStatusOptions = {},
): Result<'active', StatusCheckFailure> {
  const entry = statusEntrySchema.safeParse(property(credential, 'credentialStatus'));
  if (!entry.success) {
    return err(
      'bad-status-entry',
      'This card does not say where its revocation status is kept, so it cannot be checked.',
    );
  }
  const { statusListCredential: url } = entry.data;
  const index = Number(entry.data.statusListIndex);
  // issuerId, without trusting `credential` to have the shape its type says.
  const named = property(credential, 'issuer');
  const issuer = typeof named === 'string' ? named : property(named, 'id');
  const unknown = (why: string) => err('status-unknown', `${why} ${SYNC}`);
  if (typeof issuer !== 'string') return unknown('This laptop cannot check revocation for cards of this issuer.');
  const key = issuer.startsWith('did:key:')
    ? issuer
    : options.issuerKeys !== undefined && Object.hasOwn(options.issuerKeys, issuer)
      ? options.issuerKeys[issuer]
      : undefined;
  if (key === undefined) return unknown('This laptop cannot check revocation for cards of this issuer.');

  let active = false;
  let outOfRange = false;
  let expired: string | undefined;
  let notYetValid: string | undefined;
  let seen = false;
  for (const candidate of Array.isArray(statusListCredentials) ? statusListCredentials : []) {
    if (property(candidate, 'id') !== url) continue;
    seen = true;
    const reading = readList(candidate, issuer, key, now, options);
    if (!reading.usable) continue;
    if (index >= reading.list.length) {
      outOfRange = true;
      continue;
    }
    if (getStatus(reading.list, index)) {
      const published = reading.validFrom === undefined ? '' : ` (revocation list of ${reading.validFrom})`;
      return err(
        'revoked',
        `This card has been revoked${published}. Do not accept it for a handout; send the household to the registration desk.`,
      );
    }
    if (reading.timing === 'current') active = true;
    else if (reading.timing === 'expired') expired ??= reading.validUntil ?? 'an earlier date';
    else notYetValid ??= reading.validFrom ?? 'a later date';
  }
  if (active) return ok('active');
  if (outOfRange) {
    return err('bad-status-entry', 'This card points outside its revocation list, so it cannot be checked.');
  }
  const cannotTell = 'so it cannot tell whether the card was revoked.';
  if (!seen) return unknown(`This laptop does not have the revocation list for this card, ${cannotTell}`);
  if (expired !== undefined) {
    return unknown(`This laptop's revocation list for this card is out of date (valid until ${expired}), ${cannotTell}`);
  }
  if (notYetValid !== undefined) {
    return err(
      'status-unknown',
      `This laptop's revocation list for this card only becomes valid on ${notYetValid}, so it cannot tell whether the card was revoked. Check the laptop's date and time.`,
    );
  }
  return unknown(`The revocation list on this laptop for this card could not be verified, ${cannotTell}`);
}
