/**
 * Rejected events: everything that failed verification on its way in (from
 * a peer or a sync file), with the reason, where it came from and the
 * device that claims it. None of it counts. Events of devices not admitted
 * yet are released when the lead certifies the device (Settings → Team).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuarantineEntry } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { DataTable, type Column } from '../common/data-table';
import { DeviceName } from '../common/device-name';
import { Field } from '../common/field';
import { formatDateTime, formatNumber } from '../common/format';
import { hrefOf } from '../shell/route';

/** The kit lists at most this many, newest first. */
const KIT_LIMIT = 500;
/** Messages name what a peer sent: shown cut short, never as a wall of text. */
const MAX_MESSAGE = 240;

export function QuarantinePanel({ entries, leadDevice }: { readonly entries: readonly QuarantineEntry[]; readonly leadDevice: boolean }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const reasons = useMemo(() => [...new Set(entries.map((e) => e.reason))].sort(), [entries]);
  const shown = reason ? entries.filter((e) => e.reason === reason) : entries;
  const waiting = entries.some((e) => e.reason === 'unknown-device');
  const columns: readonly Column<QuarantineEntry>[] = [
    { header: t('reconcile.reason'), cell: (entry) => codeLabel('rejections', entry.reason) },
    { header: t('reconcile.source'), cell: (entry) => <bdi className="mono quarantine-source">{entry.source}</bdi> },
    { header: t('reconcile.device'), cell: (entry) => (entry.device ? <DeviceName did={entry.device} /> : '—') },
    { header: t('reconcile.received'), className: 'nowrap', cell: (entry) => formatDateTime(entry.receivedAt) },
    {
      header: t('reconcile.message'),
      className: 'quarantine-message',
      cellAttributes: (entry) => ({ lang: 'en', dir: 'ltr', title: entry.message.slice(0, MAX_MESSAGE * 4) }),
      cell: (entry) => (entry.message.length > MAX_MESSAGE ? `${entry.message.slice(0, MAX_MESSAGE)}…` : entry.message),
    },
  ];
  return (
    <section className="panel" aria-labelledby="quarantine-title" data-testid="quarantine" data-count={entries.length}>
      <h3 id="quarantine-title">{t('reconcile.quarantineTitle')}</h3>
      <p className="field-hint">{t('reconcile.quarantineIntro')}</p>
      {waiting && leadDevice && (
        <p className="notice notice-warn">
          {t('reconcile.waitingHint')}{' '}
          <a href={hrefOf('settings')} data-testid="quarantine-to-team">
            {t('reconcile.toTeam')}
          </a>
        </p>
      )}
      {entries.length >= KIT_LIMIT && <p className="field-hint">{t('reconcile.quarantineLimited', { n: formatNumber(KIT_LIMIT) })}</p>}
      {reasons.length > 1 && (
        <Field label={t('reconcile.filterReason')} filter className="field-inline">
          {(control) => (
            <select {...control} className="input" data-testid="quarantine-filter" value={reason} onChange={(event) => setReason(event.target.value)}>
              <option value="">{t('reconcile.allReasons')}</option>
              {reasons.map((code) => (
                <option key={code} value={code}>
                  {codeLabel('rejections', code)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <DataTable
        testId="quarantine-table"
        columns={columns}
        rows={shown}
        rowKey={(entry) => entry.id}
        rowAttributes={(entry) => ({
          className: entry.reason === 'unknown-device' ? undefined : 'row-bad',
          'data-testid': `quarantine-row-${entry.id}`,
          'data-reason': entry.reason,
          'data-device': entry.device,
          'data-source': entry.source,
        })}
        empty={t('reconcile.noQuarantine')}
      />
    </section>
  );
}
