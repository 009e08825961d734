/**
 * Day close: the lead picks a day and signs a `day-close` event with the
 * day's counts and the Merkle root of its event ids (team lead's PIN). Every
 * device then shows whether its own view of the day matches.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DayCloseStatusLine, useDayCloseStatus } from '../common/day-close-status';
import { formatDate, todayUtc } from '../common/format';
import { useKit } from '../kit-context';
import { ApprovalForm } from './approval-form';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function DayClosePanel({ onClosed }: { readonly onClosed: () => void }) {
  const { t } = useTranslation();
  const kit = useKit();
  const dayId = useId();
  const [day, setDay] = useState(todayUtc);
  const [closing, setClosing] = useState(false);
  const [reloads, setReloads] = useState(0);
  /** The day just closed here. */
  const [done, setDone] = useState<string>();
  const view = useDayCloseStatus(day, reloads);
  const closed = view.kind === 'ready' && view.status.closed;

  return (
    <section className="panel" aria-labelledby="day-close-title" data-testid="day-close" data-day={day}>
      <h3 id="day-close-title">{t('reconcile.dayTitle')}</h3>
      <p className="field-hint">{t('reconcile.dayIntro')}</p>
      <div className="field field-inline">
        <label htmlFor={dayId}>{t('tally.day')}</label>
        <input
          id={dayId}
          className="input"
          type="date"
          data-testid="day-close-day"
          value={day}
          max={todayUtc()}
          onChange={(event) => {
            if (!DAY_PATTERN.test(event.target.value)) return;
            setDay(event.target.value);
            setClosing(false);
            setDone(undefined);
          }}
        />
      </div>
      <DayCloseStatusLine day={day} view={view} />
      {done && (
        <p className="notice notice-ok" role="status" data-testid="day-close-done">
          {t('reconcile.closed', { day: formatDate(done) })}
        </p>
      )}
      {!closing && (
        <div className="actions">
          <button type="button" className="button button-primary" data-testid="day-close-open" onClick={() => setClosing(true)}>
            {closed ? t('reconcile.closeAgain') : t('reconcile.close')}
          </button>
        </div>
      )}
      {closed && !closing && <p className="field-hint">{t('reconcile.closeAgainHint')}</p>}
      {closing && (
        <ApprovalForm
          title={t('reconcile.closeTitle', { day: formatDate(day) })}
          hint={t('reconcile.closeHint')}
          confirmLabel={t('reconcile.closeConfirm')}
          testIdPrefix="day-close-approval"
          onCancel={() => setClosing(false)}
          run={async (approval) => {
            const result = await kit.closeDay(day, { leadId: approval.leadId, pin: approval.pin });
            if (!result.ok) return result;
            setClosing(false);
            setDone(day);
            setReloads((n) => n + 1);
            onClosed();
            return { ok: true };
          }}
        />
      )}
    </section>
  );
}
