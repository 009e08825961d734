/**
 * Importing a file (a caseload CSV, a sync file): the file field, emptied
 * after each import so the same file can be picked again, and the progress
 * of the import.
 */
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function FilePicker({
  label,
  accept,
  testId,
  busy,
  onFile,
}: {
  readonly label: string;
  readonly accept: string;
  readonly testId: string;
  /** An import runs: no second file meanwhile. */
  readonly busy: boolean;
  readonly onFile: (file: File) => Promise<void>;
}) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        className="input input-file"
        type="file"
        accept={accept}
        data-testid={testId}
        disabled={busy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          void onFile(file).finally(() => {
            if (inputRef.current) inputRef.current.value = '';
          });
        }}
      />
    </div>
  );
}

export function FileProgress({
  text,
  label,
  testId,
  done,
  total,
  count,
}: {
  /** What is being imported ("Importing camp.csv…"). */
  readonly text: string;
  /** The progress bar's accessible name. */
  readonly label: string;
  readonly testId: string;
  readonly done: number;
  readonly total: number;
  /** "12 of 40", shown once the total is known. */
  readonly count: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="import-progress" aria-live="polite">
      <p>{text}</p>
      <progress data-testid={testId} max={Math.max(1, total)} value={done} aria-label={label} />
      <p>{total > 0 ? count : t('common.loading')}</p>
    </div>
  );
}
