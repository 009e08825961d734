/**
 * Caseload import: a CSV file from the registration partner, read in the
 * renderer and handed to the kit, with progress and then a report
 * (./import-report.tsx) of what was imported, what was refused line by line
 * and which lines the site already has. A file the kit cannot read as a
 * caseload at all says so, with the kit's English account of why.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { FilePicker } from '../common/file-picker';
import { WorkProgress } from '../common/work-progress';
import { formatNumber, isolate } from '../common/format';
import { ErrorNotice } from '../common/notice';
import { useKit } from '../kit-context';
import { ImportReportView } from './import-report';

/** Far above any camp's caseload (≈ 200 bytes a household), far below what would stall the window. */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;

type ImportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly done: number; readonly total: number; readonly file: string }
  | { readonly kind: 'done'; readonly report: ImportReport; readonly file: string }
  /** `detail`: the kit's English message (what is wrong with the file), for whoever fixes it. */
  | { readonly kind: 'failed'; readonly message: string; readonly code?: string; readonly detail?: string };

export function CaseloadImport() {
  const { t } = useTranslation();
  const kit = useKit();
  const titleId = useId();
  const [state, setState] = useState<ImportState>({ kind: 'idle' });

  const start = async (file: File) => {
    if (file.size > MAX_CSV_BYTES) {
      setState({ kind: 'failed', message: t('import.tooLarge', { max: formatNumber(MAX_CSV_BYTES / 1024 / 1024) }) });
      return;
    }
    setState({ kind: 'running', done: 0, total: 0, file: file.name });
    try {
      const text = await file.text();
      const result = await kit.importCaseload(text, (done, total) =>
        setState({ kind: 'running', done, total, file: file.name }),
      );
      setState(
        result.ok
          ? { kind: 'done', report: result.value, file: file.name }
          : { kind: 'failed', message: errorText(result.code), code: result.code, ...(result.code === 'bad-csv' && { detail: result.message }) },
      );
    } catch (cause) {
      console.error('aidtrail: the caseload import failed', cause);
      setState({ kind: 'failed', message: errorText('internal') });
    }
  };

  return (
    <section className="panel" aria-labelledby={titleId} data-testid="import" data-state={state.kind}>
      <h3 id={titleId}>{t('import.title')}</h3>
      <p className="field-hint">{t('import.intro')}</p>
      <FilePicker label={t('import.file')} accept=".csv,text/csv" testId="import-file" busy={state.kind === 'running'} onFile={start} />

      {state.kind === 'running' && (
        <WorkProgress
          text={t('import.running', { file: isolate(state.file, 'firstStrong') })}
          label={t('import.progress')}
          testId="import-progress"
          done={state.done}
          total={state.total}
          count={t('import.progressCount', { done: formatNumber(state.done), total: formatNumber(state.total) })}
        />
      )}

      <ErrorNotice testId="import-error" code={state.kind === 'failed' ? state.code : undefined} message={state.kind === 'failed' ? state.message : undefined} />

      {state.kind === 'failed' && state.detail && (
        <details className="import-detail" data-testid="import-error-detail">
          <summary>{t('import.detail')}</summary>
          <p lang="en" dir="ltr">
            {state.detail}
          </p>
        </details>
      )}

      {state.kind === 'done' && <ImportReportView report={state.report} file={state.file} />}
    </section>
  );
}
