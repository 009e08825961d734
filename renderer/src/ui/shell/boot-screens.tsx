/** What shows while the kit opens (or tells its state), and if it cannot. */
import { useTranslation } from 'react-i18next';
import { Frame } from './frame';

export function BootSplash() {
  const { t } = useTranslation();
  return (
    <Frame>
      <p className="boot" data-testid="boot" data-state="loading">
        {t('app.loading')}
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
