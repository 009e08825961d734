/**
 * The unlocked app: header with the operator and a Lock button, navigation,
 * the current screen, the idle lock, and the background anchoring at HQ.
 */
import { useTranslation } from 'react-i18next';
import { codeLabel } from '../../i18n/codes';
import { CheckScreen } from '../check/check-screen';
import { HouseholdsScreen } from '../households/households-screen';
import { useStartAnchorLoop } from '../ledger/anchor-loop-context';
import { LedgerScreen } from '../ledger/ledger-screen';
import { PeopleProvider } from '../people-context';
import { ReconcileScreen } from '../reconcile/reconcile-screen';
import { ReportsScreen } from '../reports/reports-screen';
import { useSession } from '../session-context';
import { SettingsScreen } from '../settings/settings-screen';
import { SyncScreen } from '../sync/sync-screen';
import { TallyScreen } from '../tally/tally-screen';
import { ErrorBoundary } from './error-boundary';
import { Frame } from './frame';
import { useIdleLock } from './idle-lock';
import { Nav } from './nav';
import { useRoute } from './route';

export function Shell() {
  const { t } = useTranslation();
  const session = useSession();
  const route = useRoute();
  useIdleLock(session.lock);
  // Background anchoring at HQ, once someone has unlocked the kit (it stays off until a ledger is set up).
  useStartAnchorLoop();

  const tools = (
    <div className="operator-box">
      <span className="operator-name" data-testid="operator-name">
        <bdi>{session.operator.name}</bdi>
        <span className="operator-role"> · {codeLabel('roles', session.operator.role)}</span>
      </span>
      <button type="button" className="button" data-testid="lock-button" onClick={session.lock}>
        {t('nav.lock')}
      </button>
    </div>
  );

  return (
    <Frame profile={session.profile} tools={tools} nav={<Nav current={route.screen} role={session.operator.role} />}>
      <PeopleProvider refreshOn={route.screen}>
        <ErrorBoundary resetKey={`${route.screen}/${route.sub}`}>
          {route.screen === 'check' && <CheckScreen />}
          {route.screen === 'households' && <HouseholdsScreen sub={route.sub} />}
          {route.screen === 'tally' && <TallyScreen />}
          {route.screen === 'reports' && <ReportsScreen />}
          {route.screen === 'sync' && <SyncScreen />}
          {route.screen === 'ledger' && <LedgerScreen />}
          {route.screen === 'reconcile' && <ReconcileScreen sub={route.sub} />}
          {route.screen === 'settings' && <SettingsScreen />}
        </ErrorBoundary>
      </PeopleProvider>
    </Frame>
  );
}
