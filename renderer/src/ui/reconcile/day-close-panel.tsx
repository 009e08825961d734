/**
 * Day close: the lead picks a day and signs a `day-close` event with the
 * day's counts and the Merkle root of its event ids (team lead's PIN). Every
 * device then shows whether its own view of the day matches.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApprovalForm } from '../common/approval-form';
import { DayCloseStatusLine, useDayCloseStatus } from '../common/day-close-status';
import { DayPicker } from '../common/day-picker';
import { DoneNotice } from '../common/notice';
import { formatDate, todayUtc } from '../common/format';
import { useKit } from '../kit-context';

export function DayClosePanel({ onClosed }: { readonly onClosed: () => void }) {
  const { t } = useTranslation();
  const kit = useKit();
  const [day, setDay] = useState(todayUtc);
  const [closing, setClosing] = useState(false);
  /** The day just closed here. */
  const [done, setDone] = useState<string>();
  const status = useDayCloseStatus(day);
  const closed = !status.error && status.data?.closed === true;

  return (
    <section className="panel" aria-labelledby="day-close-title" data-testid="day-close" data-day={day}>
      <h3 id="day-close-title">{t('reconcile.dayTitle')}</h3>
      <p className="field-hint">{t('reconcile.dayIntro')}</p>
      <DayPicker
        testId="day-close-day"
        value={day}
        onChange={(next) => {
          setDay(next);
          setClosing(false);
          setDone(undefined);
        }}
      />
      <DayCloseStatusLine day={day} query={status} />
      <DoneNotice testId="day-close-done" message={done && t('reconcile.closed', { day: formatDate(done) })} />
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
          run={(_reason, lead) => kit.closeDay(day, lead)}
          onDone={() => {
            setClosing(false);
            setDone(day);
            status.reload();
            onClosed();
          }}
        />
      )}
    </section>
  );
}
