/**
 * The language of HQ's web apps: the six UN languages, chosen in the header
 * and kept in this browser's localStorage (a preference, nothing secret),
 * else the browser's own language if it is one of them, else English.
 * `<html lang dir>` follows, so Arabic lays the page out right to left.
 */
export const HQ_LANGUAGES = ['en', 'fr', 'ar', 'es', 'ru', 'zh'] as const;
export type HqLanguage = (typeof HQ_LANGUAGES)[number];

/** Each language's name in itself, for the switcher (never translated). */
export const HQ_LANGUAGE_NAMES: Readonly<Record<HqLanguage, string>> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  es: 'Español',
  ru: 'Русский',
  zh: '中文',
};

const KEY = 'aidtrail.hq.language';

const isLanguage = (value: unknown): value is HqLanguage => typeof value === 'string' && (HQ_LANGUAGES as readonly string[]).includes(value);

function stored(): HqLanguage | undefined {
  try {
    const value = localStorage.getItem(KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined; // storage disabled: the browser's language decides
  }
}

function detected(): HqLanguage {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.split('-')[0]?.toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** Read once per page load: the apps' strings are made once, so a change of language reloads the page. */
export const hqLanguage: HqLanguage = stored() ?? detected();

/** Remembers `language` and reloads the page in it (the console's token is in sessionStorage and survives the reload). */
export function chooseLanguage(language: string): void {
  if (!isLanguage(language) || language === hqLanguage) return;
  try {
    localStorage.setItem(KEY, language);
  } catch {
    return; // storage disabled: the choice could not outlive the reload
  }
  location.reload();
}

/** `<html lang dir>` for the chosen language (`zh-Hans` picks Simplified Chinese glyphs). */
export function applyLanguage(): void {
  document.documentElement.lang = hqLanguage === 'zh' ? 'zh-Hans' : hqLanguage;
  document.documentElement.dir = hqLanguage === 'ar' ? 'rtl' : 'ltr';
}
