/**
 * Stock: received − returned − handed out per item, for the whole site and
 * per device (voids and corrections applied), as tables and a grouped bar
 * chart (one group per item, one bar per device).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockLine } from '../../../../shared/distribution';
import type { StockReport } from '../../../../shared/reconcile';
import { currentLanguage, directionOf } from '../../i18n';
import { DataTable, type Column } from '../common/data-table';
import { DeviceName, useDeviceLabel } from '../common/device-name';
import { Field } from '../common/field';
import { formatNumber, itemName, shortDevice, unitName } from '../common/format';
import { GroupedBarChart, type ChartGroup } from './grouped-bar-chart';

const METRICS = ['handedOut', 'received', 'left'] as const;
type Metric = (typeof METRICS)[number];

const lineKey = (code: string, unit: string): string => `${code}|${unit}`;

/** One row of the per-device table: a device's line, the first of its group heading the group. */
interface DeviceLine {
  readonly device: string;
  readonly line: StockLine;
  readonly first: boolean;
  readonly lines: number;
}

export function StockPanel({ stock }: { readonly stock: StockReport }) {
  const { t } = useTranslation();
  const label = useDeviceLabel();
  const [metric, setMetric] = useState<Metric>('handedOut');
  const rtl = directionOf(currentLanguage()) === 'rtl';

  const series = useMemo(
    () => stock.devices.map((d) => ({ key: d.device, label: label(d.device) ?? shortDevice(d.device) })),
    [stock.devices, label],
  );
  const groups = useMemo<ChartGroup[]>(
    () =>
      stock.site.map((line) => {
        const values = stock.devices.map((d) => {
          const own = d.lines.find((l) => l.code === line.code && l.unit === line.unit);
          if (!own) return 0;
          return metric === 'received' ? own.received - own.returned : own[metric];
        });
        return {
          key: lineKey(line.code, line.unit),
          label: itemName(line.code),
          values,
          valueLabels: values.map((v) => `${formatNumber(v)} ${unitName(line.unit)}`),
        };
      }),
    [stock, metric],
  );

  const deviceLines = useMemo<DeviceLine[]>(
    () => stock.devices.flatMap((d) => d.lines.map((line, index) => ({ device: d.device, line, first: index === 0, lines: d.lines.length }))),
    [stock.devices],
  );
  const left = (line: StockLine): string => `${formatNumber(line.left)} ${unitName(line.unit)}`;
  const siteColumns: readonly Column<StockLine>[] = [
    { header: t('tally.item'), heads: 'row', cell: (line) => itemName(line.code) },
    { header: t('tally.received'), numeric: true, cell: (line) => formatNumber(line.received) },
    { header: t('reconcile.returned'), numeric: true, cell: (line) => formatNumber(line.returned) },
    { header: t('tally.handedOut'), numeric: true, cell: (line) => formatNumber(line.handedOut) },
    { header: t('tally.left'), numeric: true, cell: left },
  ];
  const deviceColumns: readonly Column<DeviceLine>[] = [
    {
      header: t('reconcile.device'),
      heads: 'rowgroup',
      rowSpan: (row) => (row.first ? row.lines : 0),
      cell: (row) => <DeviceName did={row.device} />,
    },
    { header: t('tally.item'), cell: (row) => itemName(row.line.code) },
    { header: t('tally.received'), numeric: true, cell: (row) => formatNumber(row.line.received - row.line.returned) },
    { header: t('tally.handedOut'), numeric: true, cell: (row) => formatNumber(row.line.handedOut) },
    { header: t('tally.left'), numeric: true, cell: (row) => left(row.line) },
  ];

  if (stock.site.length === 0) {
    return (
      <section className="panel" data-testid="stock" data-count={0}>
        <h3>{t('reconcile.stockTitle')}</h3>
        <p className="empty">{t('reconcile.noStock')}</p>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="stock-site-title" data-testid="stock" data-count={stock.site.length}>
      <h3 id="stock-site-title">{t('reconcile.stockSite')}</h3>
      <DataTable
        testId="stock-site"
        columns={siteColumns}
        rows={stock.site}
        rowKey={(line) => lineKey(line.code, line.unit)}
        rowAttributes={(line) => ({
          className: line.left < 0 ? 'row-warn' : undefined,
          'data-testid': `stock-site-${line.code}`,
          'data-unit': line.unit,
          'data-received': line.received,
          'data-handed-out': line.handedOut,
          'data-left': line.left,
        })}
      />

      <h3 className="section-title">{t('reconcile.stockDevices')}</h3>
      <Field label={t('reconcile.metric')} filter className="field-inline">
        {(control) => (
          <select {...control} className="input" data-testid="stock-metric" value={metric} onChange={(event) => setMetric(event.target.value as Metric)}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`reconcile.metrics.${m}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <GroupedBarChart
        testId="stock-chart"
        rtl={rtl}
        title={t('reconcile.chartTitle', { metric: t(`reconcile.metrics.${metric}`) })}
        series={series}
        groups={groups}
      />
      <DataTable
        testId="stock-devices"
        columns={deviceColumns}
        rows={deviceLines}
        rowKey={(row) => `${row.device}|${lineKey(row.line.code, row.line.unit)}`}
        rowAttributes={(row) => ({
          className: row.first ? 'row-group-start' : undefined,
          'data-testid': `stock-device-${row.device}-${row.line.code}`,
          'data-handed-out': row.line.handedOut,
          'data-left': row.line.left,
        })}
      />
    </section>
  );
}
