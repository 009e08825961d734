/** How a console form reports what the ledger said: the signed event's id, or the ledger's error code and reason. */
import type { ReactNode } from 'react';
import type { Result } from '../../shared/result';
import type { Loaded } from '../common/use-load';
import type { Issued } from '../../shared/ledger/admin-answers';
import { t } from './strings';

export type Outcome = Result<Issued> | undefined;

export function Feedback({ outcome, testId }: { readonly outcome: Outcome; readonly testId: string }) {
  if (outcome === undefined) return null;
  return outcome.ok ? (
    <p className="notice" data-testid={testId} data-state="ok" data-event={outcome.value.id}>{t('done', { id: outcome.value.id })}</p>
  ) : (
    <p role="alert" data-testid={testId} data-state="error" data-code={outcome.code}>{t('error', { code: outcome.code, message: outcome.message })}</p>
  );
}

/** The loading or failed state of a list, or its content once loaded. */
export function LoadedView<T>({ state, children }: { readonly state: Loaded<T>; readonly children: (value: T) => ReactNode }) {
  if (state.kind === 'loading') return <p>{t('loading')}</p>;
  if (state.kind === 'failed') return <p role="alert">{t('error', { code: state.code, message: state.message })}</p>;
  return <>{children(state.value)}</>;
}

export const short = (id: string): string => (id.length > 20 ? `${id.slice(0, 14)}…${id.slice(-6)}` : id);
