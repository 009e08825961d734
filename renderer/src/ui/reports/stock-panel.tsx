/** The stock report: per item, up to the end of today, CSV or XLSX, its headers in the screen's language. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import type { ReportFormat } from '../../kit/api';
import { DoneNotice, ErrorNotice } from '../common/notice';
import { SubmitActions } from '../common/submit-actions';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { Choice } from './choice';
import { formatOptions, saveReport, savedText } from './save-report';

export function StockPanel() {
  const { t } = useTranslation();
  const kit = useKit();
  const submission = useSubmission();
  const [format, setFormat] = useState<ReportFormat>('csv');
  const [saved, setSaved] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(undefined);
    await submission.run(
      () => kit.stockReport(format, currentLanguage()),
      (file) => {
        saveReport(file);
        setSaved(savedText(file));
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="report-stock-title" data-testid="report-stock">
      <h3 id="report-stock-title">{t('reports.stockTitle')}</h3>
      <p className="field-hint">{t('reports.stockHint')}</p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <Choice legend={t('reports.format')} name="report-stock-format" testId="report-stock-format" options={formatOptions()} value={format} onChange={setFormat} />
        <ErrorNotice message={submission.failure} testId="report-stock-error" />
        <DoneNotice message={saved} testId="report-stock-saved" />
        <SubmitActions label={t('reports.download')} busy={submission.busy} testId="report-stock-save" />
      </form>
    </section>
  );
}
