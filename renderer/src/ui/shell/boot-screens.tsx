/** What shows while the kit opens (or tells its state), and if it cannot. */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../common/format';
import { Frame } from './frame';

/** `counted`: events read so far while a profile from before this version gets its aggregates built, once. */
export function BootSplash({ counted }: { readonly counted?: number }) {
  const { t } = useTranslation();
  return (
    <Frame>
      <p className="boot" data-testid="boot" data-state="loading" aria-live="polite">
        {counted === undefined ? t('app.loading') : t('app.counting', { n: formatNumber(counted) })}
      </p>
    </Frame>
  );
}

export function BootError({
  message,
  onRetry = () => window.location.reload(),
}: {
  readonly message: string;
  /** What Retry does: reload the page (the kit did not start) unless the kit can simply be asked again. */
  readonly onRetry?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Frame>
      <div className="notice notice-error" role="alert" data-testid="boot" data-state="error">
        <p>{t('app.fatal')}</p>
        <p>
          <code>{message}</code>
        </p>
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      </div>
    </Frame>
  );
}
