/**
 * What makes a translation file complete, as the tests check it for the
 * renderer's i18next files and HQ's flat dictionaries alike: the same keys
 * as English (plural keys compared as families), each family with exactly
 * the plural forms the language needs, every interpolation variable kept,
 * and no English string left as it was. Test-only: the app never imports it.
 */

/** A translation tree (nested for i18next, flat for HQ). */
export type Tree = { readonly [key: string]: string | Tree };

/** i18next's JSON v4 plural suffixes (CLDR categories, as Intl.PluralRules names them). */
const PLURAL = /_(zero|one|two|few|many|other)$/;

export function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** A key's family: `items_one` and `items_other` are both `items`; a key without a plural suffix is its own. */
export interface Family {
  /** Plural categories present; empty for a plain key. */
  readonly forms: Set<string>;
  /** Text per form ('' for a plain key). */
  readonly texts: Map<string, string>;
}

export function families(messages: ReadonlyMap<string, string>): Map<string, Family> {
  const out = new Map<string, Family>();
  for (const [key, text] of messages) {
    const match = PLURAL.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const family = out.get(base) ?? { forms: new Set<string>(), texts: new Map<string, string>() };
    out.set(base, family);
    if (match?.[1]) family.forms.add(match[1]);
    family.texts.set(match?.[1] ?? '', text);
  }
  return out;
}

/** The plural forms `language` needs (i18next asks Intl.PluralRules, so the same list). */
export const pluralForms = (language: string): string[] => [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();

export type Placeholders = (text: string) => string[];

/** i18next's `{{name}}` and `{{name, format}}`. */
export const i18nextPlaceholders: Placeholders = (text) => [...text.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1] ?? '').sort();

/** HQ's `{name}` (hq/common/dictionary.ts). */
export const hqPlaceholders: Placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

/**
 * Every problem of `translation` against `english`, one line each; `language`
 * picks the plural forms. A plural form may leave out `count` (Arabic's
 * `_two`, "one household") but no other variable, and may add none.
 */
export function problems(
  language: string,
  english: ReadonlyMap<string, string>,
  translation: ReadonlyMap<string, string>,
  placeholders: Placeholders,
): string[] {
  const out: string[] = [];
  const en = families(english);
  const other = families(translation);
  for (const base of en.keys()) if (!other.has(base)) out.push(`missing: ${base}`);
  for (const base of other.keys()) if (!en.has(base)) out.push(`extra: ${base}`);
  for (const [base, family] of other) {
    const source = en.get(base);
    if (!source) continue;
    const plural = source.forms.size > 0;
    if (plural !== family.forms.size > 0) out.push(`${base}: plural in one language and not the other`);
    else if (plural && [...family.forms].sort().join(' ') !== pluralForms(language).join(' ')) {
      out.push(`${base}: plural forms ${[...family.forms].sort().join(' ')}, ${language} needs ${pluralForms(language).join(' ')}`);
    }
    const wanted = [...new Set([...source.texts.values()].flatMap(placeholders))].sort();
    for (const [form, text] of family.texts) {
      const key = form ? `${base}_${form}` : base;
      if (text.trim() === '') out.push(`${key}: empty`);
      const got = [...new Set(placeholders(text))].sort();
      // In a plural family the number may go unsaid where the word says it (Arabic's zero, one and two
      // forms: «سجل واحد»): `count` (what selects the form) anywhere, and `n` (the same number formatted
      // for the locale, the convention of plural strings here) in those forms.
      const unsaid = (name: string) => name === 'count' || (name === 'n' && (form === 'zero' || form === 'one' || form === 'two'));
      const needed = plural ? wanted.filter((name) => !unsaid(name)) : wanted;
      const lost = needed.filter((name) => !got.includes(name));
      const added = got.filter((name) => !wanted.includes(name));
      if (lost.length > 0) out.push(`${key}: loses ${lost.join(', ')}`);
      if (added.length > 0) out.push(`${key}: adds ${added.join(', ')}`);
    }
  }
  return out;
}

/**
 * Words that are the same in every language of the kit: product and standard
 * names, file formats, ids and units as written on cards. A string identical
 * to English made only of these (and of numbers, punctuation and
 * placeholders) is not an untranslated one.
 */
export const SAME_EVERYWHERE = new Set([
  'Aidtrail', 'HQ', 'PIN', 'HXL', 'CSV', 'XLSX', 'UTF', 'Excel', 'QR', 'IATI', 'ISO', 'UTC', 'did', 'key', 'Merkle', 'kg', 'kit', 'kits', 'ok', 'OK',
]);

/** Words a language shares with English (Site, Date, Stock in French; Error in Spanish). */
export const COGNATES: Readonly<Record<string, readonly string[]>> = {
  fr: ['Site', 'Sites', 'Stock', 'Actions', 'Date', 'Code', 'Format', 'Contribution', 'Contributions', 'Allocations', 'Plans', 'Transaction', 'Transactions', 'Message', 'Type', 'Total', 'Rations'],
  es: ['Error', 'Total', 'General'],
};

/** Keys whose text is English in every language: an untranslated copy here. */
export function untranslated(language: string, english: ReadonlyMap<string, string>, translation: ReadonlyMap<string, string>): string[] {
  const allowed = new Set([...SAME_EVERYWHERE, ...(COGNATES[language] ?? [])]);
  return [...translation]
    .filter(([key, text]) => {
      if (text !== english.get(key)) return false;
      const words = text.replace(/\{\{?[^}]*\}?\}/g, ' ').match(/[A-Za-z]+/g) ?? [];
      return words.some((word) => word.length >= 3 && !allowed.has(word));
    })
    .map(([key, text]) => `${key}: “${text}”`);
}
