/**
 * The one way HQ's apps turn a string key into text: each app keeps every
 * string it shows in one JSON file per language (console/i18n/*.json,
 * donors/i18n/*.json), flat, with the English file's keys, bundled at build
 * time (nothing is fetched). `{name}` in a string is replaced by the
 * parameter of that name.
 */
import type { UnLanguage } from '../../shared/languages';
import { hqLanguage } from './language';

export type Params = Readonly<Record<string, string | number>>;

/** A language's file, as Vite's glob import bundles it. */
export type Dictionary = Readonly<Record<string, string>>;

/**
 * `t` for the page's language. `files` are the app's JSON files by path
 * (`./i18n/fr.json`), none for English alone; a key a translation lacks
 * shows in English (the i18n tests fail on any lacking one, so that only
 * covers a release in progress).
 */
export function translator<K extends string>(
  english: Readonly<Record<K, string>>,
  files: Readonly<Record<string, Dictionary>> = {},
  language: UnLanguage = hqLanguage,
): (key: K, params?: Params) => string {
  const chosen = files[`./i18n/${language}.json`] ?? {};
  return (key, params = {}) =>
    (chosen[key] ?? english[key]).replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
