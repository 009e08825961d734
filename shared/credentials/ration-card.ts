/**
 * The household's ration card (DESIGN.md "Identity"): a VC 2.0 credential,
 * issued by the registering site's did:key, printed as an AT1 QR code
 * (shared/qr/card-payload.ts), revocable through a Bitstring Status List.
 *
 * The card says which household it is, where it is registered and how many
 * people it feeds, and nothing else: no names, phone numbers or photos
 * (DESIGN.md principle 5). A card is lost, photographed and copied; what is on
 * it must not expose a person. The household id is pseudonymous and the link
 * to the people stays in the encrypted enrolment record. A verifier refuses a
 * card that carries anything more, so a kit never shows or accepts one.
 *
 * The VC 2.0 context defines an @vocab for terms it does not define, so the
 * card's own terms (AidtrailRationCard, household, site, size) need no
 * context of their own (VC-DATA-MODEL-2.0 §5.2).
 */
import { z } from 'zod';
import { canonicalBytes } from '../canonical';
import type { DidKey } from '../crypto/did-key';
import { sha256Hex } from '../crypto/sha256';
import { codeSchema, householdIdSchema } from '../events/fields';
import { isRecord } from '../guards';
import { decodeCardPayload } from '../qr/card-payload';
import { err, ok, type Result } from '../result';
import { VC_V2_CONTEXT, VERIFIABLE_CREDENTIAL, type Credential } from './credential';
import { parseDateTimeStamp } from './date-time';
import { dateTimeStampText, IssueError } from './issue';
import { checkStatus, REVOCATION_PURPOSE, STATUS_LIST_ENTRY_TYPE } from './status-list';
import { verifyCredential, type VerifyErrorCode } from './verify';

export const RATION_CARD_TYPE = 'AidtrailRationCard';
export const HOUSEHOLD_URN_PREFIX = 'urn:aidtrail:household:';

/** People in a household: the enrolment event's rule (shared/events/bodies.ts). */
const householdSizeSchema = z.number().int().min(1).max(100);

export interface RationCardOptions {
  /** The registering site's did:key, which will sign the card. */
  readonly issuer: DidKey;
  /** The pseudonymous household id (shared/events/fields.ts householdIdSchema). */
  readonly household: string;
  /** The site code where the household is registered. */
  readonly site: string;
  /** Number of people in the household, 1–100. */
  readonly size: number;
  readonly validFrom: Date | string;
  readonly validUntil: Date | string;
  /** The URL (the `id`) of the issuer's BitstringStatusListCredential holding this card's bit. */
  readonly statusListCredential: string;
  /** This card's bit in that list. BSL §2.1: assign it at random, so the index reveals nothing. */
  readonly statusListIndex: number;
}

/**
 * The unsigned ration card credential, to be signed with issueCredential or
 * issueCredentialWith and printed with encodeCardPayload. Throws IssueError
 * when an option is not what a card may carry.
 */
export function rationCardCredential(options: RationCardOptions): Credential {
  const refuse = (what: string, value: unknown, rule: string): never => {
    throw new IssueError(`${what} ${rule}, not ${JSON.stringify(value)}`);
  };
  if (!householdIdSchema.safeParse(options.household).success) {
    refuse('household', options.household, 'must be 4–32 capital letters, digits or -');
  }
  if (!codeSchema.safeParse(options.site).success) refuse('site', options.site, 'must be a site code');
  if (!householdSizeSchema.safeParse(options.size).success) refuse('size', options.size, 'must be a whole number from 1 to 100');
  if (!/^https?:\/\/\S+$/.test(options.statusListCredential)) {
    refuse('statusListCredential', options.statusListCredential, 'must be an http(s) URL');
  }
  if (!Number.isSafeInteger(options.statusListIndex) || options.statusListIndex < 0) {
    refuse('statusListIndex', options.statusListIndex, 'must be a whole number from 0');
  }
  const validFrom = dateTimeStampText(options.validFrom, 'validFrom');
  const validUntil = dateTimeStampText(options.validUntil, 'validUntil');
  if (parseDateTimeStamp(validFrom)! > parseDateTimeStamp(validUntil)!) {
    refuse('validUntil', validUntil, `must not be earlier than validFrom (${validFrom})`);
  }
  return {
    '@context': [VC_V2_CONTEXT],
    type: [VERIFIABLE_CREDENTIAL, RATION_CARD_TYPE],
    issuer: options.issuer,
    validFrom,
    validUntil,
    credentialSubject: {
      id: `${HOUSEHOLD_URN_PREFIX}${options.household}`,
      household: options.household,
      site: options.site,
      size: options.size,
    },
    credentialStatus: {
      type: STATUS_LIST_ENTRY_TYPE,
      statusPurpose: REVOCATION_PURPOSE,
      // BSL §2.1: "an arbitrary size integer … expressed as a string in base 10".
      statusListIndex: String(options.statusListIndex),
      statusListCredential: options.statusListCredential,
    },
  };
}

/** What a checked card tells the field officer and what the identity-check event records. */
export interface RationCard {
  readonly household: string;
  readonly site: string;
  readonly size: number;
  /** The trusted site key that issued the card. */
  readonly issuer: DidKey;
  /** Lowercase hex SHA-256 of the JCS of the signed credential (proof included): the card's id in events. */
  readonly credentialHash: string;
  /** When the card was issued (its `validFrom`, ISO 8601): judged against its issuer's revocation. */
  readonly validFrom: string | undefined;
}

export type RationCardErrorCode =
  | 'unreadable'
  | 'tampered'
  | 'unknown-issuer'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'status-unknown'
  | 'not-a-ration-card';

export interface VerifyRationCardOptions {
  /** did:key identifiers of the sites trusted to issue cards (the HQ trust list). */
  readonly trustedIssuers: readonly string[];
  /** The signed BitstringStatusListCredentials this device holds. */
  readonly statusLists: readonly unknown[];
  readonly now: Date;
}

/**
 * The subject of a ration card, exactly: a strict object, so a card that
 * carries anything more (a name, a phone number) is refused (principle 5).
 */
const subjectSchema = z
  .strictObject({
    id: z.string(),
    household: householdIdSchema,
    site: codeSchema,
    size: householdSizeSchema,
  })
  .refine((subject) => subject.id === `${HOUSEHOLD_URN_PREFIX}${subject.household}`);

const SEE_DESK = 'Do not accept it for a handout; send the household to the registration desk.';
const FALLBACK = 'Look the household up by its ration-card number instead, and record why.';

/**
 * verifyCredential's codes, for a card, as the field officer should act on them:
 *
 * | verifyCredential          | card              | why |
 * |---------------------------|-------------------|-----|
 * | tampered, issuer-mismatch | tampered          | the content or the claimed issuer was changed after signing: a forgery or damage |
 * | unknown-issuer            | unknown-issuer    | |
 * | expired, not-yet-valid    | expired, not-yet-valid | |
 * | bad-verification-method, unsupported-proof, multiple-proofs | tampered | sites sign cards one way (one eddsa-jcs-2022 proof by a did:key); a card signed otherwise, or whose key reference no longer reads, was altered or made elsewhere |
 * | unsigned, malformed       | tampered if the content has a proof or names a trusted issuer, else not-a-ration-card | a damaged card keeps those; other JSON in an AT1 code is simply not a card |
 * | too-large                 | unreadable        | cannot happen after decoding (16 KiB < 64 KiB); mapped for completeness |
 * | bad-clock                 | status-unknown    | the laptop cannot judge any card until its clock is set |
 *
 * checkStatus's 'bad-status-entry' becomes 'not-a-ration-card': every card a
 * site issues has a valid revocation entry.
 */
function cardError(
  code: VerifyErrorCode,
  decoded: unknown,
  trustedIssuers: readonly string[],
): Result<never, RationCardErrorCode> {
  // `decoded` is JSON.parse output that failed verification: read, never trusted.
  const field = (key: string): unknown => (isRecord(decoded) ? decoded[key] : undefined);
  const stamp = (key: 'validFrom' | 'validUntil'): string => {
    const value = field(key);
    const instant = typeof value === 'string' ? parseDateTimeStamp(value) : undefined;
    return instant === undefined ? 'an unknown date' : new Date(instant).toISOString().slice(0, 10);
  };
  const issuer = field('issuer');
  const named = isRecord(issuer) ? issuer.id : issuer;
  const looksLikeACard = field('proof') !== undefined || (typeof named === 'string' && trustedIssuers.includes(named));
  const tampered = err('tampered', `This card has been altered or forged: its signature does not match its content. ${SEE_DESK}`);
  switch (code) {
    case 'tampered':
    case 'issuer-mismatch':
    case 'bad-verification-method':
    case 'unsupported-proof':
    case 'multiple-proofs':
      return tampered;
    case 'unknown-issuer':
      return err(
        'unknown-issuer',
        `This card was issued by a registration site this laptop does not trust. Check that the laptop's trust list is up to date. ${FALLBACK}`,
      );
    case 'expired':
      return err('expired', `This card expired on ${stamp('validUntil')}. The household needs a new card from the registration desk.`);
    case 'not-yet-valid':
      return err('not-yet-valid', `This card is only valid from ${stamp('validFrom')}. Check the laptop's date and time. ${FALLBACK}`);
    case 'bad-clock':
      return err('status-unknown', "This laptop's clock has no valid date and time, so no card can be checked. Set the clock, then scan again.");
    case 'too-large':
      return err('unreadable', `This code holds more than a ration card does. ${FALLBACK}`);
    case 'unsigned':
    case 'malformed':
      return looksLikeACard ? tampered : err('not-a-ration-card', `This code is not an Aidtrail ration card. ${FALLBACK}`);
  }
}

/**
 * Checks a scanned ration card offline, from the text the scanner sent to the
 * answer the field officer reads: QR payload (decodeCardPayload), signature,
 * trusted issuer and validity (verifyCredential), the card's own shape, then
 * revocation (checkStatus against `statusLists`). The first failure is the
 * answer; its message is for the person at the queue. Never throws.
 */
export function verifyRationCard(text: string, options: VerifyRationCardOptions): Result<RationCard, RationCardErrorCode> {
  const decoded = decodeCardPayload(text);
  if (!decoded.ok) return decoded;
  const verified = verifyCredential(decoded.value, { trustedIssuers: options.trustedIssuers, now: options.now });
  if (!verified.ok) return cardError(verified.code, decoded.value, options.trustedIssuers);
  const { credential, issuer } = verified.value;

  const types = typeof credential.type === 'string' ? [credential.type] : credential.type;
  const subject = subjectSchema.safeParse(credential.credentialSubject);
  if (!types.includes(RATION_CARD_TYPE) || !subject.success) {
    const why = types.includes(RATION_CARD_TYPE)
      ? 'its household details are not in the form a card carries'
      : 'it is another kind of credential';
    return err('not-a-ration-card', `This code is not a valid Aidtrail ration card: ${why}. ${FALLBACK}`);
  }

  const status = checkStatus(credential, options.statusLists, options.now);
  if (!status.ok) {
    if (status.code === 'bad-status-entry') {
      return err('not-a-ration-card', `${status.message} ${FALLBACK}`);
    }
    return status.code === 'status-unknown' ? err('status-unknown', `${status.message} ${FALLBACK}`) : err(status.code, status.message);
  }
  return ok({
    household: subject.data.household,
    site: subject.data.site,
    size: subject.data.size,
    issuer,
    // decodeCardPayload returned the JSON of exactly these canonical bytes.
    credentialHash: sha256Hex(canonicalBytes(decoded.value)),
    validFrom: credential.validFrom,
  });
}
