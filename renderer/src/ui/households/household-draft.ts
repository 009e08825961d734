/**
 * A household record while it is being typed (enrolment, or a lead's
 * correction): the form's fields as text and counters, turned into the
 * kit's `HouseholdForm` on submit and back from one to correct it. The
 * checks here only say which field to fix; the kit validates the record.
 */
import type { TFunction } from 'i18next';
import type { HouseholdForm } from '../../kit/api';
import { AGE_BANDS, MAX_HOUSEHOLD_SIZE, MEMBER_SEXES, VULNERABILITIES, isPlausiblePhone, type AgeBand, type HeadSex, type Vulnerability } from './vocabulary';

export type MemberKey = `${AgeBand}|${(typeof MEMBER_SEXES)[number]}`;
export type Members = Readonly<Record<MemberKey, number>>;

export interface DraftProxy {
  /** Stable across edits and removals (React's key), never saved. */
  readonly key: number;
  readonly name: string;
  readonly relation: string;
}

export interface Draft {
  readonly headName: string;
  readonly headSex: HeadSex;
  readonly birthYear: string;
  readonly phone: string;
  readonly shelter: string;
  readonly members: Members;
  readonly vulnerabilities: readonly Vulnerability[];
  readonly proxies: readonly DraftProxy[];
}

export type DraftErrors = Partial<Record<'headName' | 'birthYear' | 'phone' | 'shelter' | 'size' | 'proxies', string>>;

const emptyMembers = (): Members =>
  Object.fromEntries(AGE_BANDS.flatMap((band) => MEMBER_SEXES.map((sex) => [`${band}|${sex}`, 0]))) as Members;

export const emptyDraft = (): Draft => ({
  headName: '',
  headSex: 'female',
  birthYear: '',
  phone: '',
  shelter: '',
  members: emptyMembers(),
  vulnerabilities: [],
  proxies: [],
});

export const draftSize = (draft: Draft): number => Object.values(draft.members).reduce((sum, n) => sum + n, 0);

/** The record as the kit has it, to correct. */
export function draftOf(form: HouseholdForm): Draft {
  const members: Record<MemberKey, number> = { ...emptyMembers() };
  for (const group of form.members) members[`${group.band}|${group.sex}`] += group.count;
  return {
    headName: form.head.name,
    headSex: form.head.sex,
    birthYear: form.head.birthYear === undefined ? '' : String(form.head.birthYear),
    phone: form.phone ?? '',
    shelter: form.shelter,
    members,
    vulnerabilities: VULNERABILITIES.filter((code) => form.vulnerabilities.includes(code)),
    proxies: form.proxies.map((proxy, index) => ({ key: index + 1, name: proxy.name, relation: proxy.relation ?? '' })),
  };
}

/** What the kit is asked to save: trimmed, optional fields left out when empty. */
export function formOf(draft: Draft): HouseholdForm {
  return {
    head: {
      name: draft.headName.trim(),
      sex: draft.headSex,
      ...(draft.birthYear.trim() ? { birthYear: Number(draft.birthYear) } : {}),
    },
    ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
    shelter: draft.shelter.trim(),
    members: AGE_BANDS.flatMap((band) => MEMBER_SEXES.map((sex) => ({ band, sex, count: draft.members[`${band}|${sex}`] }))).filter(
      (group) => group.count > 0,
    ),
    vulnerabilities: [...draft.vulnerabilities],
    proxies: draft.proxies.map((p) => ({
      name: p.name.trim(),
      ...(p.relation.trim() ? { relation: p.relation.trim() } : {}),
    })),
  };
}

/** The fields to fix before the kit is asked, each with what to do. */
export function draftErrors(draft: Draft, t: TFunction, thisYear = new Date().getFullYear()): DraftErrors {
  const found: DraftErrors = {};
  const size = draftSize(draft);
  if (!draft.headName.trim()) found.headName = t('common.requiredField');
  if (draft.birthYear.trim()) {
    const year = Number(draft.birthYear);
    if (!Number.isInteger(year) || year < thisYear - 120 || year > thisYear) {
      found.birthYear = t('enrol.birthYearInvalid', { from: thisYear - 120, to: thisYear });
    }
  }
  if (draft.phone.trim() && !isPlausiblePhone(draft.phone.trim())) found.phone = t('enrol.phoneInvalid');
  if (!draft.shelter.trim()) found.shelter = t('common.requiredField');
  if (size < 1) found.size = t('enrol.sizeTooSmall');
  else if (size > MAX_HOUSEHOLD_SIZE) found.size = t('enrol.sizeTooLarge', { max: MAX_HOUSEHOLD_SIZE });
  if (draft.proxies.some((p) => !p.name.trim())) found.proxies = t('enrol.proxyNameRequired');
  return found;
}
