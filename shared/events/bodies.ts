/**
 * The body of each event type (DESIGN.md "Events"). Bodies are strict: an
 * unknown field is an error rather than something signed but ignored, and
 * adding a field means a version bump of the envelope.
 *
 * Personal data (names, phone numbers, photos, free-form notes about a
 * household) only ever appears inside `pii`, encrypted on the device
 * (principle 5); everything else here is pseudonymous.
 */
import { z } from 'zod';
import {
  base64urlSchema,
  cashSchema,
  codeSchema,
  daySchema,
  didKeySchema,
  householdIdSchema,
  currencySchema,
  itemLineSchema,
  minorUnitsSchema,
  organisationNameSchema,
  positiveMinorUnitsSchema,
  sha256HexSchema,
  sortedCodesSchema,
  timestampSchema,
} from './fields';

/** AES-256-GCM ciphertext of the household's personal fields, with the id of the site key that sealed it. */
export const encryptedBlobSchema = z.strictObject({
  alg: z.literal('A256GCM'),
  kid: codeSchema,
  iv: base64urlSchema.length(16),
  ct: base64urlSchema.min(22).max(65_536),
});

export const enrolmentBody = z.strictObject({
  household: householdIdSchema,
  site: codeSchema,
  size: z.number().int().min(1).max(100),
  pii: encryptedBlobSchema,
  /**
   * v2 (issue 11): the officer enrolled it although the site held likely
   * duplicates (`of`), for this reason: the decision stays on record.
   */
  duplicate: z.strictObject({ reason: codeSchema, of: z.array(householdIdSchema).min(1).max(10) }).optional(),
});

/**
 * v2 (issue 11): a team lead's correction of a household's record (a
 * misspelt name, a birth, a move): the new record, sealed like an
 * enrolment's, and the size it gives. The latest correction is the record.
 */
export const householdUpdateBody = z.strictObject({
  household: householdIdSchema,
  size: z.number().int().min(1).max(100),
  pii: encryptedBlobSchema,
});

export const credentialIssuedBody = z.strictObject({
  household: householdIdSchema,
  issuer: didKeySchema,
  /** SHA-256 of the JCS bytes of the signed credential: the credential itself carries PII. */
  credential: sha256HexSchema,
  validUntil: timestampSchema.optional(),
  /**
   * Event format v2: where the card's revocation bit is (its Bitstring Status
   * List entry), so every laptop that stores the event derives the same card
   * state and a lead can revoke a card issued on another laptop. v1 events
   * never carry it (envelope.ts refuses a v1 event that does).
   */
  status: z.strictObject({ list: z.string().regex(/^https?:\/\/\S{1,500}$/), index: z.number().int().min(0).max(1e9) }).optional(),
});

export const identityCheckBody = z
  .strictObject({
    method: z.enum(['qr', 'id-lookup']),
    result: z.enum(['pass', 'fail']),
    /** Machine reason (`tampered`, `expired`, `card-lost` …); a fallback lookup must give one. */
    reason: codeSchema.optional(),
    /** v2 (issue 11): the identity document the officer checked for a lookup without a card. */
    document: codeSchema.optional(),
    household: householdIdSchema.optional(),
    credential: sha256HexSchema.optional(),
  })
  .refine((b) => b.result === 'pass' || b.reason !== undefined, 'a failed check needs a reason')
  .refine((b) => b.method === 'qr' || b.reason !== undefined, 'a lookup without a credential needs a reason');

export const handoutBody = z
  .strictObject({
    household: householdIdSchema,
    items: z.array(itemLineSchema).min(1).max(50).optional(),
    cash: cashSchema.optional(),
    collector: z.enum(['head', 'proxy']),
    /** Event id of the identity check this handout followed. */
    check: sha256HexSchema.optional(),
    partialReason: codeSchema.optional(),
    /** A team lead let a second handout in the round through. */
    override: z.strictObject({ by: codeSchema, reason: codeSchema }).optional(),
  })
  .refine((b) => b.items !== undefined || b.cash !== undefined, 'a handout gives items, cash or both');

/**
 * Which team lead approved a void or correction on this device, by entering
 * their PIN there. The device's signature over the whole event is what makes
 * it attributable; across devices, a lead's own device signs its decisions
 * and its device certificate (role team-lead) is the authority.
 */
export const approvalSchema = z.strictObject({
  by: codeSchema,
});

export const voidBody = z.strictObject({
  target: sha256HexSchema,
  reason: codeSchema,
  approval: approvalSchema,
});

export const correctionBody = z.strictObject({
  target: sha256HexSchema,
  reason: codeSchema,
  /** What the target should have said: the replacement handout lines. */
  items: z.array(itemLineSchema).max(50).optional(),
  cash: cashSchema.optional(),
  approval: approvalSchema,
});

export const stockBody = z.strictObject({
  direction: z.enum(['received', 'returned']),
  items: z.array(itemLineSchema).min(1).max(200),
  /** Waybill or delivery note number. */
  reference: codeSchema.optional(),
});

export const dayCloseBody = z.strictObject({
  site: codeSchema,
  day: daySchema,
  events: z.number().int().nonnegative(),
  items: z.array(itemLineSchema).max(500),
  cash: z.array(cashSchema).max(20),
  /**
   * RFC 9162 root over the ids of the day's events (every event but
   * `day-close` whose `at` falls on `day`, UTC), sorted by id ascending:
   * the same on every device that holds the same events (shared/reconcile/day-close.ts).
   */
  root: sha256HexSchema,
});

/** Most handouts one resolution names: a conflict group larger than this is settled by several. */
export const MAX_RESOLUTION_HANDOUTS = 20;

/**
 * A team lead's decision on a double handout (shared/reconcile/double-handouts.ts):
 * the handouts named were all meant, and all count. (The other decision, that
 * one of them was not meant, is a plain `void`.) The ids are sorted and
 * distinct, so two leads accepting the same group write the same body, and a
 * second acceptance changes nothing.
 */
export const resolutionBody = z.strictObject({
  handouts: z
    .array(sha256HexSchema)
    .min(2)
    .max(MAX_RESOLUTION_HANDOUTS)
    .refine((ids) => ids.every((id, i) => i === 0 || ids[i - 1]! < id), 'must be distinct event ids in ascending order'),
  decision: z.literal('accept-all'),
  reason: codeSchema,
  approval: approvalSchema,
});

const entitlementRule = z.strictObject({
  minSize: z.number().int().min(1).max(100),
  maxSize: z.number().int().min(1).max(100),
  items: z.array(itemLineSchema).max(50),
  cash: cashSchema.optional(),
});

/** What one unit of an item cost (issue 15): `amount` minor units of `currency` per `unit` of `code`. */
export const unitCostSchema = z.strictObject({
  code: codeSchema,
  unit: codeSchema,
  amount: minorUnitsSchema,
  currency: currencySchema,
});

export const planBody = z.strictObject({
  site: codeSchema,
  from: daySchema,
  to: daySchema,
  rules: z.array(entitlementRule).min(1).max(100),
  /**
   * v3 (issue 15): the unit costs in-kind handouts are valued at for donors
   * (DESIGN.md "Money"). Optional: a plan without them still plans; its
   * items are then counted but not valued.
   */
  costs: z.array(unitCostSchema).min(1).max(200).optional(),
});

/**
 * v3 (issue 15, DESIGN.md "Money"): money HQ received from a donor
 * organisation (never a person: `org` is its code, an IATI organisation
 * identifier where it has one, `name` its display name), in the currency's
 * minor units, on `date`, for the distribution `rounds` it funds and under
 * the donor's earmarks. Only HQ signs it (shared/team/authority.ts).
 */
export const contributionBody = z.strictObject({
  donor: z.strictObject({ org: codeSchema, name: organisationNameSchema }),
  amount: positiveMinorUnitsSchema,
  currency: currencySchema,
  date: daySchema,
  rounds: sortedCodesSchema(1, 50),
  earmarks: sortedCodesSchema(0, 10),
  /** The donor's own reference (grant or agreement number). */
  reference: codeSchema.optional(),
});

/**
 * v3 (issue 15): part of a contribution (its event id) assigned to one site's
 * distribution round, in the contribution's currency. Only HQ signs it; the
 * funds flow (shared/funds) refuses one that overdraws its contribution,
 * changes currency or funds a round the contribution does not.
 */
export const allocationBody = z.strictObject({
  contribution: sha256HexSchema,
  site: codeSchema,
  round: codeSchema,
  amount: positiveMinorUnitsSchema,
  currency: currencySchema,
});

export const deviceCertBody = z.strictObject({
  subject: didKeySchema,
  site: codeSchema,
  role: z.enum(['field-officer', 'team-lead', 'hq']),
  validFrom: timestampSchema,
  validUntil: timestampSchema,
  /**
   * v2: the subject's card-issuer key, so its cards verify wherever the
   * certificate counts (HQ names it for the sites it registers; a lead's
   * certificate takes it from the subject's `device-keys`).
   */
  issuer: didKeySchema.optional(),
});

/** An X25519 public key (32 bytes, base64url): a laptop's key-agreement key. */
export const agreementKeySchema = base64urlSchema.length(43);

/**
 * v2: a laptop's own keys besides its device key, signed by the device key:
 * its card issuer (cards it issues verify on the laptops that trust its
 * certificate), its X25519 key-agreement key (the site data key is delivered
 * sealed to it) and its label. Written once, as the laptop's first event.
 */
export const deviceKeysBody = z.strictObject({
  issuer: didKeySchema,
  agreement: agreementKeySchema,
  /** The laptop's label ("Distribution point 2"), shown in tallies and presence: not a person's name. */
  label: z.string().trim().min(1).max(64),
});

/** Id of a site data key: `sk-` and 16 hex digits. */
export const siteKeyIdSchema = z.string().regex(/^sk-[0-9a-f]{16}$/, 'must be sk- and 16 hex digits');

/** A site data key sealed to one recipient's X25519 key (shared/vault-wrap.ts). */
export const wrappedSiteKeySchema = z.strictObject({
  kid: siteKeyIdSchema,
  /** The sender's ephemeral X25519 public key. */
  epk: agreementKeySchema,
  iv: base64urlSchema.length(16),
  /** AES-256-GCM of the 32-byte key ‖ 16-byte tag. */
  ct: base64urlSchema.length(64),
});

/**
 * v2: a team lead's laptop delivers the site data key `wrapped.kid` to one
 * admitted laptop (or to HQ, as escrow), sealed to that recipient's key
 * agreement key: never readable by anyone else, never in clear on the network.
 * `room` (issue 13) is the team's sync room password sealed under that site
 * key: when a laptop leaves the team, the rotated key carries a new room.
 */
export const siteKeyBody = z.strictObject({
  to: didKeySchema,
  wrapped: wrappedSiteKeySchema,
  room: encryptedBlobSchema.optional(),
});

/**
 * v2: an entry of the site's operator directory, written by a team lead's
 * laptop: the pseudonymous id that events carry, the role, whether the
 * operator may still sign in, and the name and PIN hash sealed under the
 * site data key (bound to the id).
 */
export const operatorBody = z.strictObject({
  id: codeSchema,
  role: z.enum(['field-officer', 'team-lead']),
  active: z.boolean(),
  profile: encryptedBlobSchema,
});

/**
 * v2: a laptop's revocation list for the cards it issued (a signed W3C
 * BitstringStatusListCredential), published whenever it changes so every
 * laptop checks every card of the site against its issuer's latest list.
 */
export const statusListBody = z.strictObject({
  credential: z.record(z.string(), z.unknown()),
});

export const deviceRevokedBody = z.strictObject({
  subject: didKeySchema,
  /** Events the device signed at or after this instant are not trusted. */
  from: timestampSchema,
  reason: codeSchema,
  /**
   * v2 (issue 12): the last of the device's sequence numbers still trusted.
   * A stolen key can write any `at`, but not a sequence number below this
   * one without forking a chain others hold: every event after it is
   * refused, whatever its time.
   */
  lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export const eventBodies = {
  enrolment: enrolmentBody,
  'credential-issued': credentialIssuedBody,
  'identity-check': identityCheckBody,
  handout: handoutBody,
  void: voidBody,
  correction: correctionBody,
  stock: stockBody,
  'day-close': dayCloseBody,
  resolution: resolutionBody,
  plan: planBody,
  'device-cert': deviceCertBody,
  'device-revoked': deviceRevokedBody,
  'device-keys': deviceKeysBody,
  'site-key': siteKeyBody,
  operator: operatorBody,
  'status-list': statusListBody,
  'household-update': householdUpdateBody,
  contribution: contributionBody,
  allocation: allocationBody,
} as const;

/** Types that exist from event format v2 on: a v1 event of these types is refused. */
export const V2_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>(['device-keys', 'site-key', 'operator', 'status-list', 'household-update']);

/** Types that exist from event format v3 on (issue 15, the money): a v1 or v2 event of these types is refused. */
export const V3_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>(['contribution', 'allocation']);

export type EventType = keyof typeof eventBodies;
export type EventBody<T extends EventType> = z.infer<(typeof eventBodies)[T]>;
export const eventTypes = Object.keys(eventBodies) as EventType[];
