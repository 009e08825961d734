/**
 * The household list: the one report with personal data. The warning is
 * always in view, before anything is made; the file is made only after a
 * team lead's PIN (or passphrase), and saved at once, never kept on screen.
 * Its headers and words are in the screen's language.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import type { ReportFormat } from '../../kit/api';
import { ApprovalForm } from '../common/approval-form';
import { DoneNotice } from '../common/notice';
import { useKit } from '../kit-context';
import { Choice } from './choice';
import { formatOptions, saveReport, savedText } from './save-report';

export function HouseholdsPanel() {
  const { t } = useTranslation();
  const kit = useKit();
  const [format, setFormat] = useState<ReportFormat>('csv');
  const [approving, setApproving] = useState(false);
  const [saved, setSaved] = useState<string>();

  return (
    <section className="panel" aria-labelledby="report-households-title" data-testid="report-households">
      <h3 id="report-households-title">{t('reports.householdsTitle')}</h3>
      <p className="field-hint">{t('reports.householdsHint')}</p>
      <p className="notice notice-warn" role="note" data-testid="report-households-warning">
        {t('reports.personalWarning')}
      </p>
      <Choice legend={t('reports.format')} name="report-households-format" testId="report-households-format" options={formatOptions()} value={format} onChange={setFormat} />
      <DoneNotice message={saved} testId="report-households-saved" />
      {!approving && (
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="report-households-open"
            onClick={() => {
              setSaved(undefined);
              setApproving(true);
            }}
          >
            {t('reports.householdsOpen')}
          </button>
        </div>
      )}
      {approving && (
        <ApprovalForm
          title={t('reports.householdsApprovalTitle')}
          hint={t('reports.householdsApprovalHint')}
          confirmLabel={t('reports.householdsConfirm')}
          testIdPrefix="report-households-approval"
          onCancel={() => setApproving(false)}
          run={async (_reason, lead) => {
            const file = await kit.householdList(format, lead, currentLanguage());
            if (file.ok) {
              saveReport(file.value);
              setSaved(savedText(file.value));
            }
            return file;
          }}
          onDone={() => setApproving(false)}
        />
      )}
    </section>
  );
}
