/**
 * Gaps: per device, the event numbers not seen here yet ("events 120–130
 * not seen yet"); they close as sync brings them. Forks (two histories
 * signed by one device key) are listed apart, in red: they never close by
 * themselves.
 */
import { useTranslation } from 'react-i18next';
import type { DeviceSequence, Fork, Gaps, SeqRange } from '../../../../shared/reconcile';
import { DataTable, type Column } from '../common/data-table';
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
  const missingText = (device: DeviceSequence) => {
    if (device.missingCount === 0) return <span className="ok-text">{t('reconcile.complete')}</span>;
    const { shown, more } = firstRanges(device.missing, MAX_RANGES);
    return (
      <ul className="plain-list gap-list">
        {shown.map((range) => (
          <li key={range.from}>{rangeText(range)}</li>
        ))}
        {more > 0 && <li className="field-hint">{t('reconcile.moreRanges', { n: formatNumber(more) })}</li>}
      </ul>
    );
  };
  const columns: readonly Column<DeviceSequence>[] = [
    { header: t('reconcile.device'), heads: 'row', cell: (device) => <DeviceName did={device.device} /> },
    { header: t('reconcile.held'), numeric: true, cell: (device) => formatNumber(device.held) },
    { header: t('reconcile.last'), numeric: true, cell: (device) => formatNumber(device.last) },
    { header: t('reconcile.missing'), cell: missingText },
  ];
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
        <DataTable
          columns={columns}
          rows={gaps.devices}
          rowKey={(device) => device.device}
          rowAttributes={(device) => ({
            className: device.missingCount > 0 ? 'row-gap' : undefined,
            'data-testid': `gap-device-${device.device}`,
            'data-missing': device.missingCount,
            'data-held': device.held,
            'data-last': device.last,
          })}
          empty={t('reconcile.noEvents')}
        />
      </section>
    </>
  );
}
