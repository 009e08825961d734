/**
 * Stock: received − returned − handed out per item, for the whole site and
 * per device (voids and corrections applied), as tables and a grouped bar
 * chart (one group per item, one bar per device).
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockReport } from '../../../../shared/reconcile';
import { currentLanguage, directionOf } from '../../i18n';
import { DeviceName, useDeviceLabel } from '../common/device-name';
import { formatNumber, itemName, shortDevice, unitName } from '../common/format';
import { GroupedBarChart, type ChartGroup } from './grouped-bar-chart';

const METRICS = ['handedOut', 'received', 'left'] as const;
type Metric = (typeof METRICS)[number];

const lineKey = (code: string, unit: string): string => `${code}|${unit}`;

export function StockPanel({ stock }: { readonly stock: StockReport }) {
  const { t } = useTranslation();
  const metricId = useId();
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
      <div className="table-wrap">
        <table className="table" data-testid="stock-site">
          <thead>
            <tr>
              <th scope="col">{t('tally.item')}</th>
              <th scope="col">{t('tally.received')}</th>
              <th scope="col">{t('reconcile.returned')}</th>
              <th scope="col">{t('tally.handedOut')}</th>
              <th scope="col">{t('tally.left')}</th>
            </tr>
          </thead>
          <tbody>
            {stock.site.map((line) => (
              <tr
                key={lineKey(line.code, line.unit)}
                className={line.left < 0 ? 'row-warn' : undefined}
                data-testid={`stock-site-${line.code}`}
                data-unit={line.unit}
                data-received={line.received}
                data-handed-out={line.handedOut}
                data-left={line.left}
              >
                <th scope="row">{itemName(line.code)}</th>
                <td className="num">{formatNumber(line.received)}</td>
                <td className="num">{formatNumber(line.returned)}</td>
                <td className="num">{formatNumber(line.handedOut)}</td>
                <td className="num">
                  {formatNumber(line.left)} {unitName(line.unit)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3 className="section-title">{t('reconcile.stockDevices')}</h3>
      <div className="field field-inline">
        <label htmlFor={metricId}>{t('reconcile.metric')}</label>
        <select
          id={metricId}
          className="input"
          data-testid="stock-metric"
          value={metric}
          onChange={(event) => setMetric(event.target.value as Metric)}
        >
          {METRICS.map((m) => (
            <option key={m} value={m}>
              {t(`reconcile.metrics.${m}`)}
            </option>
          ))}
        </select>
      </div>
      <GroupedBarChart
        testId="stock-chart"
        rtl={rtl}
        title={t('reconcile.chartTitle', { metric: t(`reconcile.metrics.${metric}`) })}
        series={series}
        groups={groups}
      />
      <div className="table-wrap">
        <table className="table" data-testid="stock-devices">
          <thead>
            <tr>
              <th scope="col">{t('reconcile.device')}</th>
              <th scope="col">{t('tally.item')}</th>
              <th scope="col">{t('tally.received')}</th>
              <th scope="col">{t('tally.handedOut')}</th>
              <th scope="col">{t('tally.left')}</th>
            </tr>
          </thead>
          <tbody>
            {stock.devices.map((device) =>
              device.lines.map((line, index) => (
                <tr
                  key={`${device.device}|${lineKey(line.code, line.unit)}`}
                  className={index === 0 ? 'row-group-start' : undefined}
                  data-testid={`stock-device-${device.device}-${line.code}`}
                  data-handed-out={line.handedOut}
                  data-left={line.left}
                >
                  {index === 0 && (
                    <th scope="rowgroup" rowSpan={device.lines.length}>
                      <DeviceName did={device.device} />
                    </th>
                  )}
                  <td>{itemName(line.code)}</td>
                  <td className="num">{formatNumber(line.received - line.returned)}</td>
                  <td className="num">{formatNumber(line.handedOut)}</td>
                  <td className="num">
                    {formatNumber(line.left)} {unitName(line.unit)}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
