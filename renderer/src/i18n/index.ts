/**
 * i18next for the renderer: the six UN languages (English, French, Arabic,
 * Spanish, Russian, Chinese), bundled (the kit is offline; nothing is
 * fetched). The chosen language, and for Arabic the chosen digits, are kept
 * in localStorage; the language is mirrored on <html lang dir>, so Arabic
 * flips the whole layout (the CSS uses logical properties only).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, htmlLangOf, isUnLanguage as isLanguage, UN_LANGUAGES as LANGUAGES, type UnLanguage as Language } from '../../../shared/languages';

// The six languages, their names, directions and <html lang> tags are shared with HQ's web apps.
export {
  UN_LANGUAGES as LANGUAGES,
  LANGUAGE_NAMES,
  isUnLanguage as isLanguage,
  directionOf,
  htmlLangOf,
  type UnLanguage as Language,
} from '../../../shared/languages';

export const LANGUAGE_STORAGE_KEY = 'aidtrail.language';
export const DIGITS_STORAGE_KEY = 'aidtrail.digits';

/**
 * Digits for Arabic: Western (`latn`, 0123) or Arabic-Indic (`arab`, ٠١٢٣).
 * Western is the default: household ids, PINs and quantities are typed on
 * Latin keyboards and printed on cards and QR codes in Western digits, much
 * of the Arabic-speaking world (the Maghreb, and most forms and phones)
 * reads them daily, and one digit system on screen avoids misreadings at a
 * distribution point. Teams used to Arabic-Indic digits (the Levant, Iraq,
 * the Gulf, Sudan, Yemen) switch in the header. Only Arabic is concerned:
 * the other five languages write Western digits.
 */
export const DIGITS = ['latn', 'arab'] as const;
export type Digits = (typeof DIGITS)[number];

export const isDigits = (value: unknown): value is Digits => value === 'latn' || value === 'arab';

/**
 * The choice is offered on Arabic screens only, so it is named there in
 * Arabic and each option by its own digits (as languages are named in
 * themselves): nothing to translate into the other five.
 */
export const DIGITS_LABEL = 'الأرقام';
export const DIGIT_NAMES: Readonly<Record<Digits, string>> = { latn: '0123', arab: '٠١٢٣' };

/**
 * The locale for Intl formatting of numbers, dates, currencies and units.
 * Chinese is mainland Simplified (`zh-Hans-CN`: 2026年11月24日, ¥ for CNY);
 * Arabic carries its numbering system as a Unicode extension
 * (`ar-u-nu-latn` / `ar-u-nu-arab`), which Intl.NumberFormat and
 * Intl.DateTimeFormat both honour.
 */
export function localeOf(language: Language, digits: Digits = currentDigits()): string {
  if (language === 'ar') return `ar-u-nu-${digits}`;
  if (language === 'zh') return 'zh-Hans-CN';
  return language;
}

/** A translation file: nested objects of strings. */
export type Messages = { readonly [key: string]: string | Messages };

// The translation files are bundled through Vite's glob import (parsed at build
// time, nothing fetched at run time).
const files = import.meta.glob<Messages>('./*.json', { eager: true, import: 'default' });

/**
 * A language's file; an absent one is empty, so i18next falls back to
 * English key by key instead of the kit failing to start (i18n.test.ts
 * fails on an absent or incomplete file, so none ships that way).
 */
const messagesOf = (language: Language): Messages => files[`./${language}.json`] ?? {};

export const MESSAGES: Readonly<Record<Language, Messages>> = Object.fromEntries(
  LANGUAGES.map((language) => [language, messagesOf(language)]),
) as Record<Language, Messages>;

/** Whether `language`'s file is bundled (for the tests). */
export const hasMessages = (language: Language): boolean => `./${language}.json` in files;

const resources = Object.fromEntries(LANGUAGES.map((language) => [language, { translation: MESSAGES[language] }]));

function readStored<T>(key: string, valid: (value: unknown) => value is T): T | undefined {
  try {
    const stored = window.localStorage.getItem(key);
    return valid(stored) ? stored : undefined;
  } catch {
    return undefined; // storage disabled: fall through to the default
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // storage disabled: the choice lasts for this session only
  }
}

/** Stored choice, else the browser's language if we have it, else English. */
export function initialLanguage(): Language {
  const stored = readStored(LANGUAGE_STORAGE_KEY, isLanguage);
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.split('-')[0]?.toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

let digits: Digits = 'latn';

/** The digits Arabic is shown with on this device. */
export const currentDigits = (): Digits => digits;

/** i18next's event for a change of digits: react-i18next re-renders on it as on a change of language. */
const DIGITS_CHANGED = 'digitsChanged';

function applyToDocument(language: Language): void {
  const root = document.documentElement;
  root.lang = htmlLangOf(language);
  root.dir = directionOf(language);
  root.dataset['digits'] = digits;
}

/** Initialises i18next synchronously (resources are in memory). Call once before rendering. */
export function initI18n(language: Language = initialLanguage()): typeof i18next {
  digits = readStored(DIGITS_STORAGE_KEY, isDigits) ?? 'latn';
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    react: { bindI18n: `languageChanged ${DIGITS_CHANGED}` },
  });
  applyToDocument(language);
  i18next.on('languageChanged', (lng) => {
    if (isLanguage(lng)) applyToDocument(lng);
  });
  return i18next;
}

/** Switches the UI language and remembers it on this device. */
export async function setLanguage(language: Language): Promise<void> {
  store(LANGUAGE_STORAGE_KEY, language);
  await i18next.changeLanguage(language);
}

/** Switches Arabic's digits, remembers the choice on this device and re-renders every translated component. */
export function setDigits(next: Digits): void {
  store(DIGITS_STORAGE_KEY, next);
  digits = next;
  applyToDocument(currentLanguage());
  i18next.emit(DIGITS_CHANGED, next);
}

/**
 * The chosen UI language (English if i18next holds anything else). The
 * chosen one, not i18next's resolved one, so dates and numbers follow the
 * choice even where a string falls back to English.
 */
export function currentLanguage(): Language {
  const lng = i18next.language ?? i18next.resolvedLanguage;
  return isLanguage(lng) ? lng : 'en';
}
