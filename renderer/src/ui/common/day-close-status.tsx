/**
 * Whether the team lead has closed a day, and whether this device's own view
 * of that day matches the signed tally (kit.dayCloseStatus). Shown on every
 * device's Tally screen and on the lead's Reconcile screen.
 */
import { useTranslation } from 'react-i18next';
import type { DayCloseStatus } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { useSyncRefreshKey } from '../sync-context';
import { useDeviceLabel } from './device-name';
import { formatDate, formatDateTime, formatNumber, isolate, shortDevice } from './format';
import { useKitQuery, type KitQuery } from './use-kit-query';

/** The day's close status, reloaded on `reload()` and when live sync stores events. */
export function useDayCloseStatus(day: string): KitQuery<DayCloseStatus> {
  const synced = useSyncRefreshKey();
  return useKitQuery((kit) => kit.dayCloseStatus(day), [day], { refreshOn: [synced] });
}

export function DayCloseStatusLine({
  day,
  query,
  compact = false,
}: {
  readonly day: string;
  readonly query: KitQuery<DayCloseStatus>;
  readonly compact?: boolean;
}) {
  const { t } = useTranslation();
  const label = useDeviceLabel();
  const status = query.error ? undefined : query.data;
  if (!status) {
    return (
      <p className="day-close-status" data-testid="day-close-status" data-day={day} data-state={query.error ? 'error' : 'loading'} data-code={query.error?.code}>
        {query.error ? errorText(query.error.code) : t('common.loading')}
      </p>
    );
  }
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
