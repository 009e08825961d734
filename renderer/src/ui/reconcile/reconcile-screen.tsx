/**
 * The team lead's reconciliation over every device's events this device
 * holds (kit.reconciliation): double handouts to settle, gaps and forks in
 * the devices' histories, stock per item and device, rejected events, and
 * the day close. Reloads after every decision and whenever live sync stores
 * new events.
 */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../common/format';
import { QueryStatus } from '../common/query-status';
import { useKitQuery } from '../common/use-kit-query';
import { useSession } from '../session-context';
import { hrefOf } from '../shell/route';
import { useSyncRefreshKey } from '../sync-context';
import { ConflictsPanel } from './conflicts-panel';
import { DayClosePanel } from './day-close-panel';
import { GapsPanel } from './gaps-panel';
import { QuarantinePanel } from './quarantine-panel';
import { StockPanel } from './stock-panel';

export const RECONCILE_TABS = ['conflicts', 'gaps', 'stock', 'quarantine', 'day'] as const;
type Tab = (typeof RECONCILE_TABS)[number];

export function ReconcileScreen({ sub }: { readonly sub: string }) {
  const { t } = useTranslation();
  const { operator } = useSession();
  if (operator.role !== 'team-lead') {
    return (
      <div className="screen" data-testid="reconcile" data-state="not-allowed">
        <h2>{t('reconcile.title')}</h2>
        <p className="notice notice-error" role="alert">
          {t('reconcile.leadOnly')}
        </p>
      </div>
    );
  }
  return <Reconcile sub={sub} />;
}

function Reconcile({ sub }: { readonly sub: string }) {
  const { t } = useTranslation();
  const { profile } = useSession();
  const synced = useSyncRefreshKey();
  const tab: Tab = (RECONCILE_TABS as readonly string[]).includes(sub) ? (sub as Tab) : 'conflicts';
  const query = useKitQuery((kit) => kit.reconciliation(), [], { refreshOn: [synced] });
  const { data, reload } = query;
  const state = query.loading ? 'loading' : query.error ? 'error' : 'ready';
  const counts: Record<Tab, number | undefined> = {
    conflicts: data?.conflicts.length,
    gaps: data ? data.gaps.devices.filter((d) => d.missingCount > 0).length + data.gaps.forks.length : undefined,
    stock: undefined,
    quarantine: data?.quarantine.length,
    day: undefined,
  };

  return (
    <div
      className="screen reconcile-screen"
      data-testid="reconcile"
      data-state={state}
      data-tab={tab}
      data-conflicts={data?.conflicts.length}
      data-gaps={data?.gaps.devices.filter((d) => d.missingCount > 0).length}
      data-forks={data?.gaps.forks.length}
      data-quarantined={data?.quarantine.length}
    >
      <div className="screen-head">
        <h2>{t('reconcile.title')}</h2>
        <button type="button" className="button" data-testid="reconcile-refresh" onClick={reload} disabled={query.loading}>
          {query.loading && data ? t('common.loading') : t('common.refresh')}
        </button>
      </div>
      <p className="field-hint">{t('reconcile.intro')}</p>
      <nav className="tabs" aria-label={t('reconcile.sections')}>
        {RECONCILE_TABS.map((name) => {
          const count = counts[name];
          return (
            <a
              key={name}
              href={hrefOf('reconcile', name)}
              className={count ? 'tab tab-alert' : 'tab'}
              data-testid={`reconcile-tab-${name}`}
              data-count={count}
              aria-current={name === tab ? 'page' : undefined}
            >
              {t(`reconcile.tabs.${name}`)}
              {count !== undefined && <span className="tab-count"> {formatNumber(count)}</span>}
            </a>
          );
        })}
      </nav>

      <QueryStatus query={query} />

      {tab === 'day' && <DayClosePanel onClosed={reload} />}
      {data && tab === 'conflicts' && <ConflictsPanel conflicts={data.conflicts} onChanged={reload} />}
      {data && tab === 'gaps' && <GapsPanel gaps={data.gaps} />}
      {data && tab === 'stock' && <StockPanel stock={data.stock} />}
      {data && tab === 'quarantine' && <QuarantinePanel entries={data.quarantine} leadDevice={profile.teamLead === profile.device} />}
    </div>
  );
}
