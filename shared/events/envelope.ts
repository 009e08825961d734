/**
 * The signed event envelope (DESIGN.md "Events", principle 1): every field but
 * `sig` is signed; `device`, `seq` and `prev` chain each device's events.
 */
import { z } from 'zod';
import { eventBodies, V2_EVENT_TYPES, V3_EVENT_TYPES, type EventBody, type EventType } from './bodies';
import { base64urlSchema, codeSchema, didKeySchema, sha256HexSchema, timestampSchema } from './fields';

/**
 * The version new events are written in. v2 (issues 9 and 10) added
 * `status` to `credential-issued`, `issuer` to `device-cert`, `lastSeq` to
 * `device-revoked` (issue 12), `duplicate` to `enrolment` and `document` to
 * `identity-check` (issue 11), and the types
 * in `V2_EVENT_TYPES`; every other body is the same in both. Readers take
 * every version in `READ_EVENT_VERSIONS`: a v1 event still verifies, with the
 * v1 rules (no `status`), and a kit that reads only v1 refuses a v2 event as
 * `unsupported-version` rather than misreading it.
 *
 * v3 (issue 15, the money) added the types in `V3_EVENT_TYPES` and `costs`
 * to `plan`, all of them HQ's. Only what needs v3 is written as v3
 * (`versionFor`): kits and HQ write everything else as v2 still, so a kit
 * that reads only v1 and v2 keeps reading every field laptop's events and
 * HQ's certificates, and refuses just the funds events and costed plans as
 * `unsupported-version`. Bumping every event to v3 would have cut such kits
 * off from each other for events that are all the same in both.
 */
export const EVENT_VERSION = 2;
/** The format that carries the money (issue 15). */
export const FUNDS_EVENT_VERSION = 3;
export const READ_EVENT_VERSIONS: readonly number[] = [1, 2, 3];

/** The version to write an event of `type` with `body` in: v3 for what only v3 carries, else `EVENT_VERSION`. */
export function versionFor<T extends EventType>(type: T, body: EventBody<T>): 2 | 3 {
  if (V3_EVENT_TYPES.has(type)) return FUNDS_EVENT_VERSION;
  if (type === 'plan' && (body as EventBody<'plan'>).costs !== undefined) return FUNDS_EVENT_VERSION;
  return EVENT_VERSION;
}
/** Largest canonical event accepted from anywhere (peer, file, HQ); enrolments with sealed PII fit easily. */
export const MAX_EVENT_BYTES = 96 * 1024;

const envelopeFields = {
  v: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  device: didKeySchema,
  /** Per-device sequence number, 1 for a device's first event. */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** Id of the same device's previous event; null exactly when seq is 1. */
  prev: sha256HexSchema.nullable(),
  at: timestampSchema,
  /** The distribution round the event belongs to, when it belongs to one: its sync scope. */
  round: codeSchema.optional(),
  /** Pseudonymous id of the operator (device user) who recorded it: tallies per operator. */
  operator: codeSchema.optional(),
};

const unsigned = <T extends EventType>(type: T) =>
  z.strictObject({ ...envelopeFields, type: z.literal(type), body: eventBodies[type] });

export const unsignedEventSchema = z.discriminatedUnion('type', [
  unsigned('enrolment'),
  unsigned('credential-issued'),
  unsigned('identity-check'),
  unsigned('handout'),
  unsigned('void'),
  unsigned('correction'),
  unsigned('stock'),
  unsigned('day-close'),
  unsigned('resolution'),
  unsigned('plan'),
  unsigned('device-cert'),
  unsigned('device-revoked'),
  unsigned('device-keys'),
  unsigned('site-key'),
  unsigned('operator'),
  unsigned('status-list'),
  unsigned('household-update'),
  unsigned('contribution'),
  unsigned('allocation'),
]);

/**
 * One event as a kit asks the vault to make it (`vault:sign-events`): what
 * the kit chooses (type, body, time, round, operator) and nothing else. The
 * vault adds `v`, its own `device` and the `seq`/`prev` of its chain, so a
 * caller cannot choose those; the same strict bodies as `unsignedEventSchema`.
 */
const entry = <T extends EventType>(type: T) =>
  z.strictObject({ type: z.literal(type), at: envelopeFields.at, round: envelopeFields.round, operator: envelopeFields.operator, body: eventBodies[type] });

export const newEventEntrySchema = z.discriminatedUnion('type', [
  entry('enrolment'),
  entry('credential-issued'),
  entry('identity-check'),
  entry('handout'),
  entry('void'),
  entry('correction'),
  entry('stock'),
  entry('day-close'),
  entry('resolution'),
  entry('plan'),
  entry('device-cert'),
  entry('device-revoked'),
  entry('device-keys'),
  entry('site-key'),
  entry('operator'),
  entry('status-list'),
  entry('household-update'),
  entry('contribution'),
  entry('allocation'),
]);

/** Ed25519 signatures are 64 bytes: 86 base64url characters without padding. */
export const signatureSchema = base64urlSchema.length(86);

const signedEventTypes = z.discriminatedUnion('type', [
  unsigned('enrolment').extend({ sig: signatureSchema }),
  unsigned('credential-issued').extend({ sig: signatureSchema }),
  unsigned('identity-check').extend({ sig: signatureSchema }),
  unsigned('handout').extend({ sig: signatureSchema }),
  unsigned('void').extend({ sig: signatureSchema }),
  unsigned('correction').extend({ sig: signatureSchema }),
  unsigned('stock').extend({ sig: signatureSchema }),
  unsigned('day-close').extend({ sig: signatureSchema }),
  unsigned('resolution').extend({ sig: signatureSchema }),
  unsigned('plan').extend({ sig: signatureSchema }),
  unsigned('device-cert').extend({ sig: signatureSchema }),
  unsigned('device-revoked').extend({ sig: signatureSchema }),
  unsigned('device-keys').extend({ sig: signatureSchema }),
  unsigned('site-key').extend({ sig: signatureSchema }),
  unsigned('operator').extend({ sig: signatureSchema }),
  unsigned('status-list').extend({ sig: signatureSchema }),
  unsigned('household-update').extend({ sig: signatureSchema }),
  unsigned('contribution').extend({ sig: signatureSchema }),
  unsigned('allocation').extend({ sig: signatureSchema }),
]);

/** The fields a version added are not allowed in events of an earlier one. */
export const signedEventSchema = signedEventTypes.superRefine((event, ctx) => {
  if (event.v < FUNDS_EVENT_VERSION) {
    if (V3_EVENT_TYPES.has(event.type)) ctx.addIssue({ code: 'custom', path: ['type'], message: `${event.type} events exist from format v3 on` });
    if (event.type === 'plan' && event.body.costs !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['body', 'costs'], message: `a v${event.v} plan has no unit costs (added in v3)` });
    }
  }
  if (event.v !== 1) return;
  if (V2_EVENT_TYPES.has(event.type)) ctx.addIssue({ code: 'custom', path: ['type'], message: `${event.type} events exist from format v2 on` });
  if (event.type === 'credential-issued' && event.body.status !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['body', 'status'], message: 'a v1 credential-issued event has no status (added in v2)' });
  }
  if (event.type === 'enrolment' && event.body.duplicate !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['body', 'duplicate'], message: 'a v1 enrolment has no duplicate decision (added in v2)' });
  }
  if (event.type === 'identity-check' && event.body.document !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['body', 'document'], message: 'a v1 identity check names no document (added in v2)' });
  }
  if (event.type === 'device-revoked' && event.body.lastSeq !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['body', 'lastSeq'], message: 'a v1 device-revoked event has no lastSeq (added in v2)' });
  }
  if (event.type === 'device-cert' && event.body.issuer !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['body', 'issuer'], message: 'a v1 device-cert event has no issuer (added in v2)' });
  }
});

export type UnsignedEvent = z.infer<typeof unsignedEventSchema>;
export type SignedEvent = z.infer<typeof signedEventSchema>;
export type NewEventEntry = z.infer<typeof newEventEntrySchema>;
export type EventOfType<T extends EventType> = Extract<SignedEvent, { type: T }>;
