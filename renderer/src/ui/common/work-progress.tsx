/**
 * Long work in progress (an import, a bulk print, the search index being
 * built): what is being done, a progress bar, and how far it is.
 */
import { useTranslation } from 'react-i18next';

export function WorkProgress({
  text,
  label,
  testId,
  done,
  total,
  count,
}: {
  /** What is being done ("Importing camp.csv…", "Preparing search…"). */
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
