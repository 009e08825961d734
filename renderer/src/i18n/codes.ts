/**
 * Translating machine codes (error codes from the kit, item codes, reasons):
 * a known code gets its translation, an unknown one is shown as-is (item
 * codes come from HQ's plan) or, for errors, as a generic message naming it.
 */
import i18next from 'i18next';
import { MESSAGES } from './index';

export type CodeGroup =
  | 'errors'
  | 'items'
  | 'units'
  | 'vulnerabilities'
  | 'roles'
  | 'sex'
  | 'ageBands'
  | 'reasons.lookup'
  | 'reasons.partial'
  | 'reasons.override'
  | 'reasons.void'
  | 'reasons.accept'
  | 'reasons.revoke'
  | 'reasons.document'
  | 'reasons.duplicate'
  | 'duplicates'
  | 'householdPage.types'
  | 'rejections';

type Translate = (key: string, options?: Record<string, unknown>) => string;
const translate = (key: string, options?: Record<string, unknown>): string =>
  (i18next.t as unknown as Translate)(key, options);

function tableOf(group: CodeGroup): Readonly<Record<string, unknown>> {
  let node: unknown = MESSAGES.en;
  for (const part of group.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {};
}

/** True when en.json has a translation for `code` in `group`. */
export const hasCode = (group: CodeGroup, code: string): boolean =>
  Object.hasOwn(tableOf(group), code) && typeof tableOf(group)[code] === 'string';

/** Every code that has a translation in `group` (e.g. the known item codes). */
export const codesOf = (group: CodeGroup): string[] =>
  Object.entries(tableOf(group))
    .filter(([, value]) => typeof value === 'string')
    .map(([code]) => code);

/** The translated label of a code, or the code itself when it has none. */
export const codeLabel = (group: CodeGroup, code: string): string =>
  hasCode(group, code) ? translate(`${group}.${code}`) : code;

/** A person-readable message for an error code from the kit or the UI. */
export const errorText = (code: string): string =>
  hasCode('errors', code) ? translate(`errors.${code}`) : translate('errors.unknown', { code });
