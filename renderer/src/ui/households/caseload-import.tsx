/**
 * Caseload import: a CSV file from the registration partner, read in the
 * renderer and handed to the kit, with progress and then a report of what was
 * imported and what was refused line by line.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { DataTable, type Column } from '../common/data-table';
import { FilePicker, FileProgress } from '../common/file-picker';
import { formatNumber, isolate } from '../common/format';
import { ErrorNotice } from '../common/notice';
import { useKit } from '../kit-context';

/** Far above any camp's caseload (≈ 200 bytes a household), far below what would stall the window. */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;

type ImportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly done: number; readonly total: number; readonly file: string }
  | { readonly kind: 'done'; readonly report: ImportReport; readonly file: string }
  | { readonly kind: 'failed'; readonly message: string };

type Rejected = ImportReport['rejected'][number];

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
      setState(result.ok ? { kind: 'done', report: result.value, file: file.name } : { kind: 'failed', message: errorText(result.code) });
    } catch (cause) {
      console.error('aidtrail: the caseload import failed', cause);
      setState({ kind: 'failed', message: errorText('internal') });
    }
  };

  const columns: readonly Column<Rejected>[] = [
    { header: t('import.line'), numeric: true, cell: (row) => formatNumber(row.line) },
    {
      header: t('import.errors'),
      cell: (row) => (
        <ul className="plain-list">
          {row.errors.map((error, index) => (
            <li key={index} lang="en" dir="ltr">
              {error}
            </li>
          ))}
        </ul>
      ),
    },
  ];
  return (
    <section className="panel" aria-labelledby={titleId} data-testid="import" data-state={state.kind}>
      <h3 id={titleId}>{t('import.title')}</h3>
      <p className="field-hint">{t('import.intro')}</p>
      <FilePicker label={t('import.file')} accept=".csv,text/csv" testId="import-file" busy={state.kind === 'running'} onFile={start} />

      {state.kind === 'running' && (
        <FileProgress
          text={t('import.running', { file: isolate(state.file, 'firstStrong') })}
          label={t('import.progress')}
          testId="import-progress"
          done={state.done}
          total={state.total}
          count={t('import.progressCount', { done: formatNumber(state.done), total: formatNumber(state.total) })}
        />
      )}

      <ErrorNotice testId="import-error" message={state.kind === 'failed' ? state.message : undefined} />

      {state.kind === 'done' && (
        <div
          className="import-report"
          data-testid="import-report"
          data-imported={state.report.imported}
          data-rejected={state.report.rejected.length}
        >
          <p className={state.report.rejected.length ? 'notice notice-warn' : 'notice notice-ok'} role="status">
            {t('import.summary', {
              file: isolate(state.file, 'firstStrong'),
              imported: formatNumber(state.report.imported),
              rejected: formatNumber(state.report.rejected.length),
            })}
          </p>
          {state.report.rejected.length > 0 && (
            <DataTable
              testId="import-rejected"
              caption={t('import.rejectedCaption')}
              columns={columns}
              rows={state.report.rejected}
              rowKey={(row) => String(row.line)}
              rowAttributes={(row) => ({ 'data-line': row.line })}
            />
          )}
        </div>
      )}
    </section>
  );
}
