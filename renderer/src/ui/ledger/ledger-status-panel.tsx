/**
 * Where anchoring stands: the ledger, the counts, the loop's state with the
 * time of the next try, the progress of the run (kept after it ends), the
 * reason of a stop, and "Anchor now". The attributes on `anchor-status` and
 * `anchor-progress` are what tests wait on.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnchorLoopControl, AnchorLoopStatus } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { formatNumber } from '../common/format';
import { formatClock, formatMoment } from './ledger-format';

export function LedgerStatusPanel({ loop, status }: { readonly loop: AnchorLoopControl; readonly status: AnchorLoopStatus }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [clicked, setClicked] = useState(false);
  const { ledger, state, progress, error } = status;
  const configured = ledger?.configured === true;
  const anchoring = state === 'anchoring';

  const anchorNow = () => {
    setClicked(true);
    void loop.runNow().finally(() => setClicked(false));
  };

  return (
    <section className="panel" aria-labelledby={titleId} data-testid="ledger-status">
      <h3 id={titleId}>{t('ledger.statusTitle')}</h3>
      <p
        className={`sync-state ledger-state-${state}`}
        role="status"
        data-testid="anchor-status"
        data-state={state}
        data-configured={configured}
        data-anchored={ledger?.anchored ?? 0}
        data-pending={ledger?.pending ?? 0}
        data-attempt={status.attempt}
        {...(status.nextRunAt !== undefined && { 'data-next-run': new Date(status.nextRunAt).toISOString() })}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span>{t(`ledger.states.${state}`)}</span>
      </p>
      {status.nextRunAt !== undefined && (
        <p data-testid="anchor-next">
          {t(state === 'waiting' ? 'ledger.nextTry' : 'ledger.nextCheck', { time: formatClock(status.nextRunAt) })}
          {state === 'waiting' && status.attempt > 1 && <> {t('ledger.attempts', { count: status.attempt })}</>}
        </p>
      )}
      {ledger !== undefined && !configured && (
        <p className="notice" data-testid="ledger-not-configured">
          {t('ledger.notConfigured')}
        </p>
      )}
      {error !== undefined && state !== 'anchoring' && state !== 'idle' && (
        <div
          className={state === 'waiting' ? 'notice notice-warn' : 'notice notice-error'}
          role={state === 'waiting' ? 'status' : 'alert'}
          data-testid="anchor-error"
          data-code={error.code}
        >
          <p>{errorText(error.code)}</p>
          {state === 'error' && <p>{t('ledger.stoppedHint')}</p>}
          <details>
            <summary>{t('ledger.technical')}</summary>
            <p className="mono break" lang="en" dir="ltr">
              {formatMoment(error.at)}: {error.message}
            </p>
          </details>
        </div>
      )}

      {ledger !== undefined && (
        <dl className="facts">
          {configured && (
            <>
              <dt>{t('ledger.address')}</dt>
              <dd className="mono break" dir="ltr" data-testid="ledger-url">
                {ledger.url}
              </dd>
              <dt>{t('ledger.origin')}</dt>
              <dd className="mono break" dir="ltr" data-testid="ledger-origin">
                {ledger.origin}
              </dd>
            </>
          )}
          <dt>{t('ledger.anchored')}</dt>
          <dd data-testid="ledger-anchored">{formatNumber(ledger.anchored)}</dd>
          <dt>{t('ledger.pending')}</dt>
          <dd data-testid="ledger-pending">{formatNumber(ledger.pending)}</dd>
          {configured && (
            <>
              <dt>{t('ledger.checkpoint')}</dt>
              <dd data-testid="ledger-checkpoint" data-size={ledger.checkpointSize ?? ''}>
                {ledger.checkpointSize === undefined ? t('ledger.never') : t('ledger.checkpointSize', { size: formatNumber(ledger.checkpointSize) })}
              </dd>
              {ledger.unwitnessed !== undefined && (
                <>
                  <dt>{t('ledger.witnesses')}</dt>
                  <dd className="error" role="alert" data-testid="ledger-unwitnessed" title={ledger.unwitnessed}>
                    {t('ledger.unwitnessed')}
                  </dd>
                </>
              )}
              {ledger.witnesses !== undefined && ledger.witnesses.length > 0 && (
                <>
                  <dt>{t('ledger.witnessesRequired')}</dt>
                  <dd data-testid="ledger-quorum" data-quorum={ledger.quorum ?? ledger.witnesses.length} data-witnesses={ledger.witnesses.length}>
                    {t('ledger.quorumOf', { quorum: formatNumber(ledger.quorum ?? ledger.witnesses.length), total: formatNumber(ledger.witnesses.length) })}
                  </dd>
                </>
              )}
              {ledger.tiles !== undefined && (
                <>
                  <dt>{t('ledger.tiles')}</dt>
                  <dd
                    className={ledger.tilesCheck?.problem === undefined ? undefined : 'error'}
                    data-testid="ledger-tiles"
                    data-problem={ledger.tilesCheck?.problem ?? ''}
                    data-size={ledger.tilesCheck?.size ?? ''}
                    data-up-to={ledger.tilesCheck?.upTo ?? ''}
                    title={ledger.tilesCheck?.message}
                  >
                    <span className="mono break" dir="ltr">
                      {ledger.tiles}
                    </span>
                    <br />
                    {ledger.tilesCheck === undefined
                      ? t('ledger.tilesNotChecked')
                      : ledger.tilesCheck.problem !== undefined
                        ? t(`ledger.tilesProblem.${ledger.tilesCheck.problem}`, { time: formatMoment(ledger.tilesCheck.at) })
                        : t('ledger.tilesChecked', { size: formatNumber(ledger.tilesCheck.size ?? 0), time: formatMoment(ledger.tilesCheck.at) })}
                  </dd>
                </>
              )}
              <dt>{t('ledger.lastSuccess')}</dt>
              <dd>{status.lastSuccessAt === undefined ? t('ledger.never') : formatMoment(status.lastSuccessAt)}</dd>
            </>
          )}
        </dl>
      )}

      {progress !== undefined && (
        <div className="ledger-progress" data-testid="anchor-progress" data-done={progress.done} data-total={progress.total} data-active={anchoring} aria-live="polite">
          <progress max={Math.max(1, progress.total)} value={progress.total === 0 ? 0 : progress.done} aria-label={t('ledger.progressLabel')} />
          <p>
            {!anchoring && progress.total === 0
              ? t('ledger.nothingToSend')
              : t('ledger.progress', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}
          </p>
        </div>
      )}

      {configured && (
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="anchor-now"
            disabled={anchoring || clicked || state === 'fork'}
            onClick={anchorNow}
          >
            {anchoring ? t('ledger.states.anchoring') : t('ledger.anchorNow')}
          </button>
        </div>
      )}
    </section>
  );
}
