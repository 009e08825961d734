/**
 * Settings: language for everyone; operators and stock for team leads; the
 * team (invitation, devices waiting for admission) on the team lead's device.
 */
import { useTranslation } from 'react-i18next';
import { DeviceName } from '../common/device-name';
import { useSession } from '../session-context';
import { InvitationPanel } from '../team/invitation-panel';
import { WaitingDevices } from '../team/waiting-devices';
import { LanguageSettings } from './language-settings';
import { Operators } from './operators';
import { StockForm } from './stock-form';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { operator, profile } = useSession();
  const isLead = operator.role === 'team-lead';
  const isLeadDevice = isLead && profile.teamLead === profile.device;
  return (
    <div className="screen settings-screen" data-testid="settings-screen">
      <h2>{t('settings.title')}</h2>
      <LanguageSettings />
      {isLeadDevice && (
        <div className="team-settings" data-testid="team-settings">
          <h2 className="section-title">{t('team.title')}</h2>
          <InvitationPanel />
          <WaitingDevices />
        </div>
      )}
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
          {profile.teamLead !== profile.device && (
            <>
              <dt>{t('settings.teamLead')}</dt>
              <dd data-testid="team-lead-did">
                <DeviceName did={profile.teamLead} />
              </dd>
            </>
          )}
        </dl>
        {profile.teamLead !== profile.device && <p className="field-hint">{t('settings.admissionHint')}</p>}
      </section>
    </div>
  );
}
