/**
 * Rejected events: everything that failed verification on its way in (from
 * a peer or a sync file), with the reason, where it came from and the
 * device that claims it. None of it counts. Events of devices not admitted
 * yet are released when the lead certifies the device (Settings → Team).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuarantineEntry } from '../../kit/kit-api';
import { codeLabel } from '../../i18n/codes';
import { DeviceName } from '../common/device-name';
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
        <div className="field field-inline">
          <label htmlFor="quarantine-filter">{t('reconcile.filterReason')}</label>
          <select
            id="quarantine-filter"
            className="input"
            data-testid="quarantine-filter"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          >
            <option value="">{t('reconcile.allReasons')}</option>
            {reasons.map((code) => (
              <option key={code} value={code}>
                {codeLabel('rejections', code)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="quarantine-table" data-count={shown.length}>
          <thead>
            <tr>
              <th scope="col">{t('reconcile.reason')}</th>
              <th scope="col">{t('reconcile.source')}</th>
              <th scope="col">{t('reconcile.device')}</th>
              <th scope="col">{t('reconcile.received')}</th>
              <th scope="col">{t('reconcile.message')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  {t('reconcile.noQuarantine')}
                </td>
              </tr>
            )}
            {shown.map((entry) => (
              <tr
                key={entry.id}
                className={entry.reason === 'unknown-device' ? undefined : 'row-bad'}
                data-testid={`quarantine-row-${entry.id}`}
                data-reason={entry.reason}
                data-device={entry.device}
                data-source={entry.source}
              >
                <td>{codeLabel('rejections', entry.reason)}</td>
                <td>
                  <bdi className="mono quarantine-source">{entry.source}</bdi>
                </td>
                <td>{entry.device ? <DeviceName did={entry.device} /> : '—'}</td>
                <td className="nowrap">{formatDateTime(entry.receivedAt)}</td>
                <td className="quarantine-message" lang="en" dir="ltr" title={entry.message.slice(0, MAX_MESSAGE * 4)}>
                  {entry.message.length > MAX_MESSAGE ? `${entry.message.slice(0, MAX_MESSAGE)}…` : entry.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
