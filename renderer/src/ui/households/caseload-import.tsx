/**
 * Caseload import: a CSV file from the registration partner, read in the
 * renderer and handed to the kit, with progress and then a report of what was
 * imported and what was refused line by line.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../kit/kit-api';
import { errorText } from '../../i18n/codes';
import { formatNumber, isolate } from '../common/format';
import { useKit } from '../kit-context';

/** Far above any camp's caseload (≈ 200 bytes a household), far below what would stall the window. */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;

type ImportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly done: number; readonly total: number; readonly file: string }
  | { readonly kind: 'done'; readonly report: ImportReport; readonly file: string }
  | { readonly kind: 'failed'; readonly message: string };

export function CaseloadImport() {
  const { t } = useTranslation();
  const kit = useKit();
  const inputId = useId();
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);

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
    } catch {
      setState({ kind: 'failed', message: errorText('internal') });
    } finally {
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const running = state.kind === 'running';
  return (
    <section className="panel" aria-labelledby={`${inputId}-title`} data-testid="import" data-state={state.kind}>
      <h3 id={`${inputId}-title`}>{t('import.title')}</h3>
      <p className="field-hint">{t('import.intro')}</p>
      <div className="field">
        <label htmlFor={inputId}>{t('import.file')}</label>
        <input
          ref={inputRef}
          id={inputId}
          className="input input-file"
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          disabled={running}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void start(file);
          }}
        />
      </div>

      {state.kind === 'running' && (
        <div className="import-progress" aria-live="polite">
          <p>{t('import.running', { file: isolate(state.file, 'firstStrong') })}</p>
          <progress
            data-testid="import-progress"
            max={Math.max(1, state.total)}
            value={state.done}
            aria-label={t('import.progress')}
          />
          <p>
            {state.total > 0
              ? t('import.progressCount', { done: formatNumber(state.done), total: formatNumber(state.total) })
              : t('common.loading')}
          </p>
        </div>
      )}

      {state.kind === 'failed' && (
        <p className="notice notice-error" role="alert" data-testid="import-error">
          {state.message}
        </p>
      )}

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
            <div className="table-wrap">
              <table className="table" data-testid="import-rejected">
                <caption>{t('import.rejectedCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.line')}</th>
                    <th scope="col">{t('import.errors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.report.rejected.map((row) => (
                    <tr key={row.line} data-line={row.line}>
                      <td className="num">{formatNumber(row.line)}</td>
                      <td>
                        <ul className="plain-list">
                          {row.errors.map((error, index) => (
                            <li key={index} lang="en" dir="ltr">
                              {error}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
