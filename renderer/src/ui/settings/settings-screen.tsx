/** Settings: language for everyone; operators and stock for team leads. */
import { useTranslation } from 'react-i18next';
import { useSession } from '../session-context';
import { LanguageSettings } from './language-settings';
import { Operators } from './operators';
import { StockForm } from './stock-form';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { operator, profile } = useSession();
  const isLead = operator.role === 'team-lead';
  return (
    <div className="screen settings-screen" data-testid="settings-screen">
      <h2>{t('settings.title')}</h2>
      <LanguageSettings />
      <Operators />
      {isLead && <StockForm />}
      <section className="panel" aria-labelledby="device-title">
        <h3 id="device-title">{t('settings.device')}</h3>
        <dl className="facts">
          <dt>{t('settings.site')}</dt>
          <dd>
            <bdi>{profile.siteName}</bdi> (<span dir="ltr">{profile.site}</span>)
          </dd>
          <dt>{t('settings.deviceLabel')}</dt>
          <dd>
            <bdi>{profile.deviceLabel}</bdi>
          </dd>
          <dt>{t('settings.deviceKey')}</dt>
          <dd className="mono break" dir="ltr" data-testid="device-did">
            {profile.device}
          </dd>
        </dl>
      </section>
    </div>
  );
}
