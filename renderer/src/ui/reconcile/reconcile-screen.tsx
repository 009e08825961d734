/**
 * The team lead's reconciliation over every device's events this device
 * holds (kit.reconciliation): double handouts to settle, gaps and forks in
 * the devices' histories, stock per item and device, rejected events, and
 * the day close. Reloads after every decision and whenever live sync stores
 * new events.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reconciliation } from '../../kit/kit-api';
import { formatNumber } from '../common/format';
import { useKit } from '../kit-context';
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

type LoadState =
  | { readonly kind: 'loading'; readonly data?: Reconciliation | undefined }
  | { readonly kind: 'ready'; readonly data: Reconciliation }
  | { readonly kind: 'error'; readonly data?: Reconciliation | undefined };

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
  const kit = useKit();
  const { profile } = useSession();
  const synced = useSyncRefreshKey();
  const tab: Tab = (RECONCILE_TABS as readonly string[]).includes(sub) ? (sub as Tab) : 'conflicts';
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let live = true;
    setState((current) => ({ kind: 'loading', data: current.data }));
    kit.reconciliation().then(
      (data) => {
        if (live) setState({ kind: 'ready', data });
      },
      (cause: unknown) => {
        console.error('aidtrail: reconciliation failed', cause);
        if (live) setState((current) => ({ kind: 'error', data: current.data }));
      },
    );
    return () => {
      live = false;
    };
  }, [kit, reloads, synced]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const data = state.data;
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
      data-state={state.kind}
      data-tab={tab}
      data-conflicts={data?.conflicts.length}
      data-gaps={data?.gaps.devices.filter((d) => d.missingCount > 0).length}
      data-forks={data?.gaps.forks.length}
      data-quarantined={data?.quarantine.length}
    >
      <div className="screen-head">
        <h2>{t('reconcile.title')}</h2>
        <button type="button" className="button" data-testid="reconcile-refresh" onClick={reload} disabled={state.kind === 'loading'}>
          {state.kind === 'loading' && data ? t('common.loading') : t('common.refresh')}
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

      {state.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>{t('errors.internal')}</p>
          <button type="button" className="button" onClick={reload}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {!data && state.kind === 'loading' && <p>{t('common.loading')}</p>}

      {tab === 'day' && <DayClosePanel onClosed={reload} />}
      {data && tab === 'conflicts' && <ConflictsPanel conflicts={data.conflicts} onChanged={reload} />}
      {data && tab === 'gaps' && <GapsPanel gaps={data.gaps} />}
      {data && tab === 'stock' && <StockPanel stock={data.stock} />}
      {data && tab === 'quarantine' && <QuarantinePanel entries={data.quarantine} leadDevice={profile.teamLead === profile.device} />}
    </div>
  );
}
