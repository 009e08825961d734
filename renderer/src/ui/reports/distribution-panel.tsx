/**
 * The distribution report: one day (today by default) or every day, the
 * current round or every round, CSV or XLSX. No personal data in it, so any
 * operator may save it. Its headers are in the screen's language.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import type { ReportFormat } from '../../kit/api';
import { DayPicker } from '../common/day-picker';
import { isolate, todayUtc } from '../common/format';
import { DoneNotice, ErrorNotice } from '../common/notice';
import { SubmitActions } from '../common/submit-actions';
import { useKitQuery } from '../common/use-kit-query';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { Choice } from './choice';
import { formatOptions, saveReport, savedText } from './save-report';

export function DistributionPanel() {
  const { t } = useTranslation();
  const kit = useKit();
  const submission = useSubmission();
  const [period, setPeriod] = useState<'day' | 'all'>('day');
  const [day, setDay] = useState(todayUtc);
  const [round, setRound] = useState<'current' | 'all'>('all');
  const [format, setFormat] = useState<ReportFormat>('csv');
  const [saved, setSaved] = useState<string>();
  const current = useKitQuery((k) => k.currentRound(), []).data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(undefined);
    const query = {
      format,
      language: currentLanguage(),
      ...(period === 'day' && { day }),
      ...(round === 'current' && current !== undefined && { round: current.round }),
    };
    await submission.run(
      () => kit.distributionReport(query),
      (file) => {
        saveReport(file);
        setSaved(savedText(file));
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="report-distribution-title" data-testid="report-distribution">
      <h3 id="report-distribution-title">{t('reports.distributionTitle')}</h3>
      <p className="field-hint">{t('reports.distributionHint')}</p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <Choice
          legend={t('reports.period')}
          name="report-distribution-period"
          testId="report-distribution-period"
          options={[
            { value: 'day', label: t('reports.oneDay') },
            { value: 'all', label: t('reports.allDays') },
          ]}
          value={period}
          onChange={setPeriod}
        />
        {period === 'day' && <DayPicker testId="report-distribution-day" value={day} onChange={setDay} />}
        {current !== undefined && (
          <Choice
            legend={t('reports.round')}
            name="report-distribution-round"
            testId="report-distribution-round"
            options={[
              { value: 'all', label: t('reports.allRounds') },
              { value: 'current', label: t('reports.currentRound', { round: isolate(current.round) }) },
            ]}
            value={round}
            onChange={setRound}
          />
        )}
        <Choice legend={t('reports.format')} name="report-distribution-format" testId="report-distribution-format" options={formatOptions()} value={format} onChange={setFormat} />
        <p className="field-hint">{t('reports.peopleNote')}</p>
        <ErrorNotice message={submission.failure} testId="report-distribution-error" />
        <DoneNotice message={saved} testId="report-distribution-saved" />
        <SubmitActions label={t('reports.download')} busy={submission.busy} testId="report-distribution-save" />
      </form>
    </section>
  );
}
