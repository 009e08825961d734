/**
 * The language picker in the header of HQ's apps (./language.ts: kept in
 * localStorage, the page reloads in the new language). Each option is the
 * language's name in itself, and the picker is named in all six languages,
 * so someone who cannot read the page's current language still finds it.
 */
import { LANGUAGE_NAMES, UN_LANGUAGES } from '../../shared/languages';
import { chooseLanguage, hqLanguage } from './language';

const NAME_IN_ALL = 'Language · Langue · اللغة · Idioma · Язык · 语言';

export function LanguageSwitcher() {
  return (
    <select className="language-switcher" aria-label={NAME_IN_ALL} title={NAME_IN_ALL} data-testid="language-switcher" value={hqLanguage} onChange={(event) => chooseLanguage(event.target.value)}>
      {UN_LANGUAGES.map((code) => (
        <option key={code} value={code} lang={code}>
          {LANGUAGE_NAMES[code]}
        </option>
      ))}
    </select>
  );
}
