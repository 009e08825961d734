/**
 * The six UN working languages every Aidtrail screen speaks (issue 16), one
 * list for the field kit and HQ's web apps: their codes, their names in
 * themselves (for switchers, never translated), their writing direction and
 * the tag `<html lang>` takes (`zh-Hans`: Simplified Chinese glyphs).
 */
export const UN_LANGUAGES = ['en', 'fr', 'ar', 'es', 'ru', 'zh'] as const;
export type UnLanguage = (typeof UN_LANGUAGES)[number];

export const LANGUAGE_NAMES: Readonly<Record<UnLanguage, string>> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  es: 'Español',
  ru: 'Русский',
  zh: '中文',
};

export const isUnLanguage = (value: unknown): value is UnLanguage => typeof value === 'string' && (UN_LANGUAGES as readonly string[]).includes(value);

export const directionOf = (language: UnLanguage): 'ltr' | 'rtl' => (language === 'ar' ? 'rtl' : 'ltr');

export const htmlLangOf = (language: UnLanguage): string => (language === 'zh' ? 'zh-Hans' : language);
