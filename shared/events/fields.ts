/**
 * Field schemas shared by the event envelope and the bodies. Each one fixes a
 * single spelling (lowercase hex, UTC milliseconds, did:key) so that the same
 * content always canonicalises to the same bytes and the same id.
 */
import { z } from 'zod';
import { didToPublicKey, type DidKey } from '../crypto/did-key';

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');

export const didKeySchema = z
  .string()
  .max(128)
  .refine((s) => didToPublicKey(s).ok, 'must be an Ed25519 did:key (did:key:z6Mk…)')
  .transform((s) => s as DidKey);

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** `Date#toISOString()` form: UTC, millisecond precision, a real calendar instant. */
export const timestampSchema = z
  .string()
  .regex(ISO_UTC_MS, 'must be a UTC timestamp like 2026-11-24T09:31:02.120Z')
  .refine((s) => {
    const t = Date.parse(s);
    return Number.isFinite(t) && new Date(t).toISOString() === s;
  }, 'is not a real date and time');

export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-24')
  .refine((s) => timestampSchema.safeParse(`${s}T00:00:00.000Z`).success, 'is not a real date');

/** Short machine identifiers: rounds, sites, item codes, operators, reasons. */
export const codeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be 1–64 letters, digits or . _ : -');

/** A pseudonymous household id: never a name. The check-digit scheme is the enrolment flow's. */
export const householdIdSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,31}$/, 'must be 4–32 capital letters, digits or -');

export const quantitySchema = z.number().int().positive().max(1_000_000);

/** ISO 4217 alphabetic code; amounts are integers in the currency's minor unit. */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD');
export const minorUnitsSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** An amount of money that must be there (a contribution, an allocation): at least one minor unit. */
export const positiveMinorUnitsSchema = minorUnitsSchema.min(1);

/**
 * An organisation's display name (a donor: "European Union (ECHO)"): one line
 * of printable text, never a person's name (issue 15: donors are
 * organisations; DESIGN.md principle 5). No control characters, so it prints
 * and exports (CSV, IATI XML) as written.
 */
export const organisationNameSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^\p{Cc}\p{Cs}\u2028\u2029\uFFFE\uFFFF]+$/u, 'must be one line of printable text')
  .refine((s) => s.trim() === s, 'must not start or end with spaces');

/** Codes listed once each in ascending order, so the same set always signs to the same bytes. */
export const sortedCodesSchema = (min: number, max: number) =>
  z
    .array(codeSchema)
    .min(min)
    .max(max)
    .refine((codes) => codes.every((c, i) => i === 0 || codes[i - 1]! < c), 'must be distinct codes in ascending order');

export const itemLineSchema = z.strictObject({
  code: codeSchema,
  qty: quantitySchema,
  unit: codeSchema,
});

export const cashSchema = z.strictObject({
  amount: minorUnitsSchema,
  currency: currencySchema,
});

export const base64urlSchema = z.string().regex(/^[A-Za-z0-9_-]*$/, 'must be base64url without padding');
