/**
 * The page frame every screen sits in: the browser build's training strip,
 * the app's name, the site, the language switcher, optional navigation and
 * tools, the HQ ledger alarm while it stands, the host line at the bottom.
 * A skip link jumps straight to the screen's content.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteProfile } from '../../kit/api';
import { LedgerAlarmBanner } from '../ledger/ledger-alarm-banner';
import { HostStatus } from './host-status';
import { LanguageSwitcher } from './language-switcher';
import { TrainingBanner } from './training-banner';

export function Frame({
  profile,
  nav,
  tools,
  children,
}: {
  readonly profile?: SiteProfile | undefined;
  readonly nav?: ReactNode;
  readonly tools?: ReactNode;
  readonly children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="frame">
      <a
        className="skip-link"
        href="#main"
        data-testid="skip-link"
        onClick={(event) => {
          // The hash is the router's (#/check …): move the focus without touching it.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <TrainingBanner />
      <header className="frame-header">
        <div className="brand">
          <h1>Aidtrail</h1>
          {profile ? (
            <p className="brand-site" data-testid="site-line">
              <bdi>{profile.siteName}</bdi> · <bdi>{profile.deviceLabel}</bdi>
            </p>
          ) : (
            <p className="brand-site">{t('app.tagline')}</p>
          )}
        </div>
        <div className="frame-tools">
          {tools}
          <LanguageSwitcher />
        </div>
      </header>
      {nav}
      <LedgerAlarmBanner />
      <main id="main" className="frame-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="frame-footer">
        <HostStatus />
      </footer>
    </div>
  );
}
