/** Language choice as big radio buttons (the header has the compact switcher). */
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, currentLanguage, setLanguage } from '../../i18n';

export function LanguageSettings() {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <section className="panel" aria-labelledby="language-title">
      <h3 id="language-title">{t('language.label')}</h3>
      <div className="choice-row" role="radiogroup" aria-labelledby="language-title">
        {LANGUAGES.map((code) => (
          <label key={code} className="choice-pill" lang={code}>
            <input
              type="radio"
              name="language"
              value={code}
              data-testid={`settings-language-${code}`}
              checked={language === code}
              onChange={() => void setLanguage(code)}
            />
            <span>{LANGUAGE_NAMES[code]}</span>
          </label>
        ))}
      </div>
      <p className="field-hint">{t('language.hint')}</p>
    </section>
  );
}
