/**
 * Gaps: per device, the event numbers not seen here yet ("events 120–130
 * not seen yet"); they close as sync brings them. Forks (two histories
 * signed by one device key) are listed apart, in red: they never close by
 * themselves.
 */
import { useTranslation } from 'react-i18next';
import type { Fork, Gaps, SeqRange } from '../../../../shared/reconcile';
import { DeviceName } from '../common/device-name';
import { formatNumber } from '../common/format';
import { firstRanges } from './keys';

const MAX_RANGES = 12;

export function GapsPanel({ gaps }: { readonly gaps: Gaps }) {
  const { t } = useTranslation();
  const rangeText = (range: SeqRange): string =>
    range.from === range.to
      ? t('reconcile.gapOne', { seq: formatNumber(range.from) })
      : t('reconcile.gapRange', { from: formatNumber(range.from), to: formatNumber(range.to) });
  const forkText = (fork: Fork): string =>
    fork.kind === 'same-seq'
      ? t('reconcile.forkSameSeq', { seq: formatNumber(fork.seq), n: formatNumber(fork.events.length) })
      : t('reconcile.forkBrokenChain', { seq: formatNumber(fork.seq) });
  return (
    <>
      {gaps.forks.length > 0 && (
        <section className="panel panel-danger" aria-labelledby="forks-title" data-testid="forks" data-count={gaps.forks.length}>
          <h3 id="forks-title">{t('reconcile.forksTitle')}</h3>
          <p>{t('reconcile.forksIntro')}</p>
          <ul className="fork-list">
            {gaps.forks.map((fork, index) => (
              <li key={index} className="fork" data-testid={`fork-${fork.kind}-${fork.device}-${fork.seq}`} data-kind={fork.kind}>
                <DeviceName did={fork.device} />: {forkText(fork)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="panel" aria-labelledby="gaps-title" data-testid="gaps" data-count={gaps.devices.filter((d) => d.missingCount > 0).length}>
        <h3 id="gaps-title">{t('reconcile.gapsTitle')}</h3>
        <p className="field-hint">{t('reconcile.gapsIntro')}</p>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('reconcile.device')}</th>
                <th scope="col">{t('reconcile.held')}</th>
                <th scope="col">{t('reconcile.last')}</th>
                <th scope="col">{t('reconcile.missing')}</th>
              </tr>
            </thead>
            <tbody>
              {gaps.devices.length === 0 && (
                <tr>
                  <td colSpan={4} className="empty">
                    {t('reconcile.noEvents')}
                  </td>
                </tr>
              )}
              {gaps.devices.map((device) => {
                const { shown, more } = firstRanges(device.missing, MAX_RANGES);
                return (
                  <tr
                    key={device.device}
                    className={device.missingCount > 0 ? 'row-gap' : undefined}
                    data-testid={`gap-device-${device.device}`}
                    data-missing={device.missingCount}
                    data-held={device.held}
                    data-last={device.last}
                  >
                    <th scope="row">
                      <DeviceName did={device.device} />
                    </th>
                    <td className="num">{formatNumber(device.held)}</td>
                    <td className="num">{formatNumber(device.last)}</td>
                    <td>
                      {device.missingCount === 0 ? (
                        <span className="ok-text">{t('reconcile.complete')}</span>
                      ) : (
                        <ul className="plain-list gap-list">
                          {shown.map((range) => (
                            <li key={range.from}>{rangeText(range)}</li>
                          ))}
                          {more > 0 && <li className="field-hint">{t('reconcile.moreRanges', { n: formatNumber(more) })}</li>}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
