/**
 * The red banner on every screen (the frame shows it, locked or not) while
 * the kit's ledger alarm stands: HQ signed two histories that cannot both be
 * true. It cannot be dismissed; a person has to look into it with HQ.
 */
import { useTranslation } from 'react-i18next';
import { useAnchorLoopStatus } from './anchor-loop-context';
import { formatMoment, parseAlarm } from './ledger-format';

export function LedgerAlarmBanner() {
  const { t } = useTranslation();
  const alarm = useAnchorLoopStatus()?.ledger?.alarm;
  if (alarm === undefined) return null;
  const { at, detail } = parseAlarm(alarm);
  return (
    <div className="ledger-alarm" role="alert" data-testid="ledger-alarm">
      <p className="ledger-alarm-title">
        <span aria-hidden="true">⚠ </span>
        {t('ledger.alarm.title')}
      </p>
      <p>{t('ledger.alarm.body')}</p>
      <p className="ledger-alarm-action">{t('ledger.alarm.action')}</p>
      {at !== undefined && <p>{t('ledger.alarm.detected', { time: formatMoment(at) })}</p>}
      <details>
        <summary>{t('ledger.technical')}</summary>
        <p className="mono break" lang="en" dir="ltr" data-testid="ledger-alarm-detail">
          {detail}
        </p>
      </details>
    </div>
  );
}
