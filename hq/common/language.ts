/**
 * The language of HQ's web apps: the six UN languages, chosen in the header
 * and kept in this browser's localStorage (a preference, nothing secret),
 * else the browser's own language if it is one of them, else English.
 * `<html lang dir>` follows, so Arabic lays the page out right to left.
 */
import { directionOf, htmlLangOf, isUnLanguage, type UnLanguage } from '../../shared/languages';

const KEY = 'aidtrail.hq.language';

function stored(): UnLanguage | undefined {
  try {
    const value = localStorage.getItem(KEY);
    return isUnLanguage(value) ? value : undefined;
  } catch {
    return undefined; // storage disabled: the browser's language decides
  }
}

function detected(): UnLanguage {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.split('-')[0]?.toLowerCase();
    if (isUnLanguage(base)) return base;
  }
  return 'en';
}

/** Read once per page load: the apps' strings are made once, so a change of language reloads the page. */
export const hqLanguage: UnLanguage = stored() ?? detected();

/** Remembers `language` and reloads the page in it (the console's token is in sessionStorage and survives the reload). */
export function chooseLanguage(language: string): void {
  if (!isUnLanguage(language) || language === hqLanguage) return;
  try {
    localStorage.setItem(KEY, language);
  } catch {
    return; // storage disabled: the choice could not outlive the reload
  }
  location.reload();
}

/** `<html lang dir>` for the chosen language (`zh-Hans` picks Simplified Chinese glyphs). */
export function applyLanguage(): void {
  document.documentElement.lang = htmlLangOf(hqLanguage);
  document.documentElement.dir = directionOf(hqLanguage);
}
