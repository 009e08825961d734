/**
 * The household's personal record: what a field officer writes at enrolment
 * and what is sealed (AES-256-GCM, `encryptedBlobSchema` in events/bodies.ts)
 * before it goes into an `enrolment` event. DESIGN.md principle 5: names,
 * phone numbers and shelter locations never leave this record in the clear;
 * the event itself carries only the pseudonymous id, size and site.
 *
 * Members are counted by sex and age band as in humanitarian sex-and-age
 * disaggregated data (IASC gender handbook; WFP/UNHCR registration bands),
 * not listed by name: the distribution only needs the size and the bands, and
 * the less personal data there is, the less there is to leak.
 *
 * Messages are phrases a field officer can act on ("write it with the country
 * code …"); `householdProblems` puts the field's label (or CSV column) in
 * front of each.
 */
import { z } from 'zod';
import { codeSchema } from '../events/fields';
import { err, ok, type Result } from '../result';

export const AGE_BANDS = ['0-4', '5-17', '18-59', '60+'] as const;
export const MEMBER_SEXES = ['female', 'male'] as const;
export const HEAD_SEXES = ['female', 'male', 'other'] as const;
export const VULNERABILITIES = [
  'pregnant-lactating',
  'disability',
  'chronic-illness',
  'elderly-alone',
  'child-headed',
  'single-parent',
] as const;
/** Same bounds as `enrolmentBody.size` in events/bodies.ts. */
export const MAX_HOUSEHOLD_SIZE = 100;
export const MAX_PROXIES = 3;

export type AgeBand = (typeof AGE_BANDS)[number];
export type Vulnerability = (typeof VULNERABILITIES)[number];

/** For zod's `error` option: a missing field and a field of the wrong kind are different mistakes. */
const missingOr =
  (wrongKind: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is missing' : wrongKind;

// C0/C1 controls, line and paragraph separators: a line break inside a name
// breaks printed cards and CSV exports, and invisible characters make two
// spellings of one name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Free text of 1–`max` characters, trimmed. */
const text = (max: number) =>
  z
    .string({ error: missingOr('must be text') })
    .trim()
    // One spelling per name: NFC, so "é" typed and "é" imported compare equal,
    // and single spaces (tabs and line breaks are refused below, not hidden).
    .overwrite((s) => s.normalize('NFC').replace(/ {2,}/g, ' '))
    .min(1, 'is empty')
    .max(max, `is too long (at most ${max} characters)`)
    .refine((s) => !CONTROL.test(s), 'contains a line break or another invisible character');

/**
 * E.164-ish (ITU-T E.164): `+`, a country code not starting with 0, 7–15
 * digits in all. Spaces, dots, dashes and brackets are dropped and a leading
 * international `00` becomes `+`, so "+254 (712) 345-678" and "00254712345678"
 * are stored alike. Numbers without a country code are refused rather than
 * guessed: the kit is used in camps in many countries.
 */
export const phoneSchema = z
  .string({ error: missingOr('must be text') })
  .max(40, 'is too long for a phone number')
  .transform((s) => s.replace(/[\s().-]/g, ''))
  .transform((s) => (s.startsWith('00') ? `+${s.slice(2)}` : s))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must start with + and the country code, like +254 712 345 678'));

/**
 * Plausible years only. The schema has no clock (shared/ stays pure and the
 * same record must validate the same way tomorrow), so a year in the near
 * future is the form's job to question.
 */
// One rule for the form and the import (issue 11): a birth year is never in
// the future (the import used to accept 2090, which the form refused).
const birthYearSchema = z
  .number({ error: missingOr('must be a year like 1984') })
  .int('must be a year like 1984')
  .min(1900, 'must be 1900 or later')
  .max(2100, 'must be a year like 1984')
  .refine((year) => year <= new Date().getUTCFullYear(), 'must not be in the future');

export const memberGroupSchema = z.strictObject({
  band: z.enum(AGE_BANDS, { error: missingOr(`must be one of ${AGE_BANDS.join(', ')}`) }),
  sex: z.enum(MEMBER_SEXES, { error: missingOr('must be female or male') }),
  count: z
    .number({ error: missingOr('must be a number') })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_HOUSEHOLD_SIZE, `must be at most ${MAX_HOUSEHOLD_SIZE}`),
});
export type MemberGroup = z.infer<typeof memberGroupSchema>;

export const sumMembers = (members: readonly { readonly count: number }[]): number =>
  members.reduce((n, m) => n + m.count, 0);

const membersSchema = z
  .array(memberGroupSchema, { error: missingOr('must be a list') })
  .min(1, 'are missing: list at least the head of household')
  .max(AGE_BANDS.length * MEMBER_SEXES.length, 'list each age band and sex once')
  .superRefine((members, ctx) => {
    const seen = new Set<string>();
    for (const m of members) {
      const key = `${m.sex}:${m.band}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `list ${m.sex} ${m.band} once, with the total count` });
      seen.add(key);
    }
    const total = sumMembers(members);
    if (total > MAX_HOUSEHOLD_SIZE) {
      ctx.addIssue({ code: 'custom', message: `add up to ${total}; a household has at most ${MAX_HOUSEHOLD_SIZE} members` });
    }
  });

/** A subset: repeats are dropped and the order is fixed, so equal records seal to equal plaintext. */
const vulnerabilitiesSchema = z
  .array(z.enum(VULNERABILITIES, { error: (i) => `“${String(i.input)}” is not one of ${VULNERABILITIES.join(', ')}` }), {
    error: missingOr('must be a list'),
  })
  .max(VULNERABILITIES.length * 4, 'list each vulnerability once')
  .transform((list) => VULNERABILITIES.filter((v) => list.includes(v)));

export const proxySchema = z.strictObject({
  name: text(120),
  /** "sister", "neighbour": free text, but short. */
  relation: text(40).optional(),
});

export const householdPiiSchema = z.strictObject({
  head: z.strictObject(
    {
      name: text(120),
      sex: z.enum(HEAD_SEXES, { error: missingOr('must be female, male or other') }),
      birthYear: birthYearSchema.optional(),
    },
    { error: missingOr('must be filled in') },
  ),
  phone: phoneSchema.optional(),
  /** Block and shelter code as the camp writes it, e.g. "B7/114". */
  shelter: text(40),
  members: membersSchema,
  vulnerabilities: vulnerabilitiesSchema.default([]),
  /** People the household names to collect for it when the head cannot come. */
  proxies: z
    .array(proxySchema, { error: missingOr('must be a list') })
    .max(MAX_PROXIES, `at most ${MAX_PROXIES} people can collect for a household`)
    .default([]),
}, { error: missingOr('must be filled in') });

/** The record as validated and normalised (phone in one spelling, vulnerabilities in list order). */
export type HouseholdPii = z.output<typeof householdPiiSchema>;
/** What a form or an import hands in. */
export type HouseholdPiiInput = z.input<typeof householdPiiSchema>;

const sizeSchema = z
  .number({ error: missingOr('must be a number') })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_HOUSEHOLD_SIZE, `must be at most ${MAX_HOUSEHOLD_SIZE}`);

const sizeMatchesMembers = (entry: { pii: HouseholdPii; size: number }, ctx: z.RefinementCtx): void => {
  const total = sumMembers(entry.pii.members);
  if (entry.size !== total) {
    ctx.addIssue({
      code: 'custom',
      path: ['size'],
      message: `is ${entry.size} but the members listed add up to ${total}`,
    });
  }
};

/** A household as read from a caseload file: its record and size, before a site is assigned. */
export const householdEntrySchema = z
  .strictObject({ pii: householdPiiSchema, size: sizeSchema })
  .superRefine(sizeMatchesMembers);
export type HouseholdEntry = z.output<typeof householdEntrySchema>;

const siteSchema = z.string({ error: missingOr('must be a site code') }).pipe(codeSchema);

/** What enrolment needs before sealing `pii` and signing the event (`enrolmentBody`). */
export const enrolmentInputSchema = z
  .strictObject({ pii: householdPiiSchema, size: sizeSchema, site: siteSchema })
  .superRefine(sizeMatchesMembers);
export type EnrolmentInput = z.output<typeof enrolmentInputSchema>;

/** Form labels for the fields of an enrolment, by path (indices left out). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  'pii': 'Household record',
  'pii.head': 'Head of household',
  'pii.head.name': 'Name of the head of household',
  'pii.head.sex': 'Sex of the head of household',
  'pii.head.birthYear': 'Year of birth of the head of household',
  'pii.phone': 'Phone number',
  'pii.shelter': 'Shelter',
  'pii.members': 'Household members',
  'pii.members.band': 'Age band',
  'pii.members.sex': 'Sex',
  'pii.members.count': 'Number of people',
  'pii.vulnerabilities': 'Vulnerabilities',
  'pii.proxies': 'Proxies',
  'pii.proxies.name': 'Proxy name',
  'pii.proxies.relation': 'Proxy relation',
  'size': 'Household size',
  'site': 'Site',
};

type Issue = z.core.$ZodIssue;

/**
 * Every problem as "<label>: <what is wrong>". `labelOf` gets the path with
 * array indices removed (e.g. `pii.members.count`) and the first index, if
 * any, so it can say "line 2 of the members"; by default the form labels.
 */
export function householdProblems(
  issues: readonly Issue[],
  labelOf: (path: string, index: number | undefined) => string = (path, index) =>
    `${FIELD_LABELS[path] ?? path}${index === undefined ? '' : ` (line ${index + 1})`}`,
): string[] {
  return issues.map((issue) => {
    const keys = issue.path.filter((k): k is string => typeof k === 'string');
    const index = issue.path.find((k): k is number => typeof k === 'number');
    const what =
      issue.code === 'unrecognized_keys'
        ? `has fields this kit does not know: ${issue.keys.join(', ')}`
        : issue.message;
    const label = labelOf(keys.join('.'), index);
    return label === '' ? what : `${label}: ${what}`;
  });
}

/** Validates a whole enrolment form; the message lists every problem, one per line. */
export function validateEnrolmentInput(input: unknown): Result<EnrolmentInput, 'invalid-household'> {
  const parsed = enrolmentInputSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err('invalid-household', householdProblems(parsed.error.issues).join('\n'));
}
