/**
 * What a screen shows while its kit query has nothing to show yet ("Loading…")
 * and when it failed (its code's message and "Try again").
 */
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/codes';
import type { KitQuery } from './use-kit-query';

export function QueryStatus({ query }: { readonly query: KitQuery<unknown> }) {
  const { t } = useTranslation();
  if (query.error) {
    return (
      <div className="notice notice-error" role="alert" data-code={query.error.code}>
        <p>{errorText(query.error.code)}</p>
        <button type="button" className="button" onClick={query.reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return query.loading && query.data === undefined ? <p>{t('common.loading')}</p> : null;
}
