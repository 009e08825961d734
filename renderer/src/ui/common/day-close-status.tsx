/**
 * Whether the team lead has closed a day, and whether this device's own view
 * of that day matches the signed tally (kit.dayCloseStatus). Shown on every
 * device's Tally screen and on the lead's Reconcile screen.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayCloseStatus } from '../../kit/kit-api';
import { useKit } from '../kit-context';
import { useSyncRefreshKey } from '../sync-context';
import { useDeviceLabel } from './device-name';
import { formatDate, formatDateTime, formatNumber, isolate, shortDevice } from './format';

export type DayCloseView = { readonly kind: 'loading' } | { readonly kind: 'error' } | { readonly kind: 'ready'; readonly status: DayCloseStatus };

/** The day's close status, reloaded when `reloadKey` changes or live sync stores events. */
export function useDayCloseStatus(day: string, reloadKey: unknown = 0): DayCloseView {
  const kit = useKit();
  const synced = useSyncRefreshKey();
  const [view, setView] = useState<DayCloseView>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    kit.dayCloseStatus(day).then(
      (status) => {
        if (live) setView({ kind: 'ready', status });
      },
      (cause: unknown) => {
        console.error('aidtrail: day close status failed', cause);
        if (live) setView({ kind: 'error' });
      },
    );
    return () => {
      live = false;
    };
  }, [kit, day, reloadKey, synced]);
  return view;
}

export function DayCloseStatusLine({ day, view, compact = false }: { readonly day: string; readonly view: DayCloseView; readonly compact?: boolean }) {
  const { t } = useTranslation();
  const label = useDeviceLabel();
  if (view.kind !== 'ready') {
    return (
      <p className="day-close-status" data-testid="day-close-status" data-day={day} data-state={view.kind}>
        {view.kind === 'loading' ? t('common.loading') : t('errors.internal')}
      </p>
    );
  }
  const { status } = view;
  if (!status.closed) {
    return (
      <p
        className={compact ? 'day-close-status field-hint' : 'notice day-close-status'}
        role="status"
        data-testid="day-close-status"
        data-state="ready"
        data-day={day}
        data-closed="false"
        data-matches=""
      >
        {t('dayClose.open', { day: formatDate(day) })}
      </p>
    );
  }
  const device = label(status.by) ?? shortDevice(status.by);
  return (
    <div
      className={status.matches ? 'notice notice-ok day-close-status' : 'notice notice-error day-close-status'}
      role="status"
      data-testid="day-close-status"
      data-state="ready"
      data-day={day}
      data-closed="true"
      data-matches={String(status.matches)}
      data-expected={status.expectedEvents}
      data-actual={status.actualEvents}
      data-event={status.eventId}
    >
      <p className="day-close-verdict">
        <span aria-hidden="true">{status.matches ? '✓ ' : '✗ '}</span>
        {status.matches
          ? t('dayClose.matches')
          : t('dayClose.differs', { expected: formatNumber(status.expectedEvents), actual: formatNumber(status.actualEvents) })}
      </p>
      <p className="field-hint">
        {t('dayClose.closedBy', { day: formatDate(day), device: isolate(device, 'firstStrong'), at: formatDateTime(status.at) })}
      </p>
    </div>
  );
}
