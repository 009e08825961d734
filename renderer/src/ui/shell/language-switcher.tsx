/**
 * The language picker in the header and, on Arabic screens, the choice of
 * digits beside it (Western 0123 or Arabic-Indic ٠١٢٣, i18n/index.ts says
 * why Western is the default); both persist on this device (localStorage).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DIGITS,
  DIGITS_LABEL,
  DIGIT_NAMES,
  LANGUAGE_NAMES,
  LANGUAGES,
  currentDigits,
  currentLanguage,
  isDigits,
  isLanguage,
  setDigits,
  setLanguage,
} from '../../i18n';

function DigitsSwitcher() {
  const id = useId();
  return (
    <div className="language-switcher" lang="ar">
      <label htmlFor={id}>{DIGITS_LABEL}</label>
      <select
        id={id}
        data-testid="digits-switcher"
        value={currentDigits()}
        onChange={(event) => {
          const next = event.target.value;
          if (isDigits(next)) setDigits(next);
        }}
      >
        {DIGITS.map((code) => (
          <option key={code} value={code}>
            {DIGIT_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function LanguageSwitcher() {
  // useTranslation re-renders this on a change of language or of digits: both are re-read here.
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  return (
    <>
      <div className="language-switcher">
        <label htmlFor={id}>{t('language.label')}</label>
        <select
          id={id}
          data-testid="language-switcher"
          value={language}
          onChange={(event) => {
            const next = event.target.value;
            if (isLanguage(next)) void setLanguage(next);
          }}
        >
          {LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
      </div>
      {language === 'ar' && <DigitsSwitcher />}
    </>
  );
}
