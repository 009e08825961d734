/**
 * The fixed choices of the enrolment form, from the household record's schema
 * (shared/household), so the form can only offer what the kit accepts. Their
 * labels are in the i18n files.
 */
export {
  AGE_BANDS,
  HEAD_SEXES,
  MAX_HOUSEHOLD_SIZE,
  MAX_PROXIES,
  MEMBER_SEXES,
  VULNERABILITIES,
  type AgeBand,
  type Vulnerability,
} from '../../../../shared/household/household';

export type HeadSex = 'female' | 'male' | 'other';

/** A sanity bound for one counter; the household total is bounded by MAX_HOUSEHOLD_SIZE. */
export const MAX_MEMBERS_PER_GROUP = 50;

/** Lengths of the record's text fields (shared/household/household.ts). */
export const NAME_MAX = 120;
export const SHELTER_MAX = 40;
export const RELATION_MAX = 40;

/**
 * The phone rule of the record: `+`, a country code, 7–15 digits; spaces,
 * dots, dashes and brackets are ignored and a leading 00 counts as +.
 */
export function isPlausiblePhone(text: string): boolean {
  const compact = text.replace(/[\s().-]/g, '').replace(/^00/, '+');
  return /^\+[1-9]\d{6,14}$/.test(compact);
}
