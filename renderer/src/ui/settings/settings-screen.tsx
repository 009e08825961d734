/**
 * Settings: language for everyone; the site's laptops and operators for
 * everyone (a lead disables operators there); inviting and admitting laptops
 * for a team lead on a lead's laptop; operators and stock for team leads.
 */
import { useTranslation } from 'react-i18next';
import { DeviceName } from '../common/device-name';
import { usePeople } from '../people-context';
import { useSession } from '../session-context';
import { InvitationPanel } from '../team/invitation-panel';
import { SiteTeam } from '../team/site-team';
import { WaitingDevices } from '../team/waiting-devices';
import { LanguageSettings } from './language-settings';
import { Operators } from './operators';
import { StockForm } from './stock-form';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { operator, profile } = useSession();
  const { query } = usePeople();
  const isLead = operator.role === 'team-lead';
  // What this laptop's certificate makes it (the founding lead's laptop is one until the site's records say otherwise).
  const thisLaptop = query.data?.laptops.find((l) => l.thisLaptop);
  const leadLaptop = thisLaptop ? thisLaptop.role === 'team-lead' || thisLaptop.role === 'hq' : profile.teamLead === profile.device;
  return (
    <div className="screen settings-screen" data-testid="settings-screen">
      <h2>{t('settings.title')}</h2>
      <LanguageSettings />
      <div className="team-settings" data-testid="team-settings" data-lead-laptop={leadLaptop}>
        <h2 className="section-title">{t('team.title')}</h2>
        {isLead && leadLaptop && (
          <>
            <InvitationPanel />
            <WaitingDevices />
          </>
        )}
        <SiteTeam />
      </div>
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
