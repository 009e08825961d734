/**
 * i18next for the renderer: English, French and Arabic, bundled (the kit is
 * offline; nothing is fetched). The chosen language is kept in localStorage
 * and mirrored on <html lang dir>, so Arabic flips the whole layout (the CSS
 * uses logical properties only).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the switcher (never translated). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', fr: 'Français', ar: 'العربية' };

export const LANGUAGE_STORAGE_KEY = 'aidtrail.language';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

export const directionOf = (language: Language): 'ltr' | 'rtl' => (language === 'ar' ? 'rtl' : 'ltr');

/**
 * The locale for Intl formatting. Arabic keeps Latin digits: household ids,
 * PINs and quantities are typed on Latin keyboards and printed on cards, and
 * one digit system on screen avoids misreadings at the distribution point.
 */
export const localeOf = (language: Language): string => (language === 'ar' ? 'ar-u-nu-latn' : language);

/** A translation file: nested objects of strings. */
export type Messages = { readonly [key: string]: string | Messages };

// The translation files are bundled through Vite's glob import (parsed at build
// time, nothing fetched at run time).
const files = import.meta.glob<Messages>('./*.json', { eager: true, import: 'default' });

function messagesOf(language: Language): Messages {
  const messages = files[`./${language}.json`];
  if (!messages) throw new Error(`i18n: ${language}.json is missing`);
  return messages;
}

export const MESSAGES: Readonly<Record<Language, Messages>> = {
  en: messagesOf('en'),
  fr: messagesOf('fr'),
  ar: messagesOf('ar'),
};

const resources = {
  en: { translation: MESSAGES.en },
  fr: { translation: MESSAGES.fr },
  ar: { translation: MESSAGES.ar },
};

function readStoredLanguage(): Language | undefined {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    return undefined; // storage disabled: fall through to the browser's language
  }
}

/** Stored choice, else the browser's language if we have it, else English. */
export function initialLanguage(): Language {
  const stored = readStoredLanguage();
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.split('-')[0]?.toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function applyToDocument(language: Language): void {
  const root = document.documentElement;
  root.lang = language;
  root.dir = directionOf(language);
}

/** Initialises i18next synchronously (resources are in memory). Call once before rendering. */
export function initI18n(language: Language = initialLanguage()): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
  });
  applyToDocument(language);
  i18next.on('languageChanged', (lng) => {
    if (isLanguage(lng)) applyToDocument(lng);
  });
  return i18next;
}

/** Switches the UI language and remembers it on this device. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // storage disabled: the choice lasts for this session only
  }
  await i18next.changeLanguage(language);
}

/** The current UI language (English if i18next holds anything else). */
export function currentLanguage(): Language {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(lng) ? lng : 'en';
}
