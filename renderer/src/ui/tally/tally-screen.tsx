/**
 * The day's tally (today by default): totals per item as a table and a bar
 * chart, cash, per operator, stock left, and the day's handouts, searchable,
 * each with a Void action that needs a team lead.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Tally } from '../../kit/api';
import { currentLanguage, directionOf } from '../../i18n';
import { DataTable, type Column } from '../common/data-table';
import { DayCloseStatusLine, useDayCloseStatus } from '../common/day-close-status';
import { DayPicker } from '../common/day-picker';
import { formatCash, formatDate, formatNumber, itemName, todayUtc, unitName } from '../common/format';
import { QueryStatus } from '../common/query-status';
import { useKitQuery } from '../common/use-kit-query';
import { usePeople } from '../people-context';
import { useSyncRefreshKey } from '../sync-context';
import { BarChart } from './bar-chart';
import { HandoutRows } from './handout-rows';

type ItemTotal = Tally['byItem'][number];
type OperatorTotal = Tally['byOperator'][number];
type StockLeft = Tally['stock'][number];

const lineKey = (line: { readonly code: string; readonly unit: string }): string => `${line.code}|${line.unit}`;

export function TallyScreen() {
  const { t } = useTranslation();
  const people = usePeople();
  const [day, setDay] = useState(todayUtc);
  // Events that live sync stores show up without leaving the screen.
  const synced = useSyncRefreshKey();
  // A reload of the same day (a void, synced events) keeps the figures on screen until the new ones arrive.
  const query = useKitQuery((kit) => kit.tally(day), [day], { refreshOn: [synced] });
  // Whether this device's view of the day matches the team lead's signed day close.
  const dayClose = useDayCloseStatus(day);
  const tally = query.error ? undefined : query.data;

  // The tally's own name first (the directory at the time of the query), then what the site's people know, then the id.
  const operatorName = useCallback((id: string, known?: string) => known || people.operatorName(id) || id, [people]);
  const rtl = directionOf(currentLanguage()) === 'rtl';

  const itemColumns: readonly Column<ItemTotal>[] = [
    { header: t('tally.item'), heads: 'row', cell: (row) => itemName(row.code) },
    {
      header: t('tally.quantity'),
      numeric: true,
      cellAttributes: (row) => ({ 'data-testid': `tally-total-${row.code}`, 'data-qty': row.qty, 'data-unit': row.unit }),
      cell: (row) => `${formatNumber(row.qty)} ${unitName(row.unit)}`,
    },
  ];
  const operatorColumns: readonly Column<OperatorTotal>[] = [
    { header: t('tally.operator'), heads: 'row', cell: (row) => <bdi>{operatorName(row.operator, row.name)}</bdi> },
    { header: t('tally.handouts'), numeric: true, cell: (row) => formatNumber(row.handouts) },
    { header: t('tally.households'), numeric: true, cell: (row) => formatNumber(row.households) },
  ];
  const stockColumns: readonly Column<StockLeft>[] = [
    { header: t('tally.item'), heads: 'row', cell: (row) => itemName(row.code) },
    { header: t('tally.received'), numeric: true, cell: (row) => formatNumber(row.received) },
    { header: t('tally.handedOut'), numeric: true, cell: (row) => formatNumber(row.handedOut) },
    {
      header: t('tally.left'),
      numeric: true,
      cellAttributes: (row) => ({ 'data-testid': `tally-stock-left-${row.code}`, 'data-qty': row.left }),
      cell: (row) => `${formatNumber(row.left)} ${unitName(row.unit)}`,
    },
  ];

  return (
    <div className="screen tally-screen" data-testid="tally" data-state={query.error ? 'error' : tally ? 'ready' : 'loading'} data-day={day}>
      <div className="screen-head">
        <h2>{t('tally.title')}</h2>
        <DayPicker testId="tally-day" value={day} onChange={setDay} />
      </div>
      <p className="field-hint">{t('tally.dayHint', { day: formatDate(day) })}</p>
      <DayCloseStatusLine day={day} query={dayClose} compact />
      <QueryStatus query={query} />

      {tally && (
        <>
          <div className="stat-row" data-testid="tally-totals">
            <Stat testId="tally-handouts" value={tally.handouts} text={formatNumber(tally.handouts)} label={t('tally.handouts')} />
            <Stat testId="tally-households" value={tally.households} text={formatNumber(tally.households)} label={t('tally.households')} />
            {tally.cash.map((cash) => (
              <Stat key={cash.currency} testId={`tally-cash-${cash.currency}`} value={cash.amount} text={formatCash(cash)} label={t('tally.cash')} />
            ))}
          </div>

          <section className="panel" aria-labelledby="tally-items-title">
            <h3 id="tally-items-title">{t('tally.byItem')}</h3>
            {tally.byItem.length === 0 ? (
              <p className="empty">{t('tally.nothing')}</p>
            ) : (
              <div className="tally-items">
                <DataTable testId="tally-items" columns={itemColumns} rows={tally.byItem} rowKey={lineKey} />
                <BarChart
                  testId="tally-chart"
                  rtl={rtl}
                  title={t('tally.chartTitle', { day: formatDate(day) })}
                  bars={tally.byItem.map((row) => ({
                    key: lineKey(row),
                    label: itemName(row.code),
                    value: row.qty,
                    valueLabel: `${formatNumber(row.qty)} ${unitName(row.unit)}`,
                  }))}
                />
              </div>
            )}
          </section>

          <div className="two-col">
            <section className="panel" aria-labelledby="tally-operators-title">
              <h3 id="tally-operators-title">{t('tally.byOperator')}</h3>
              <DataTable
                testId="tally-operators"
                columns={operatorColumns}
                rows={tally.byOperator}
                rowKey={(row) => row.operator}
                rowAttributes={(row) => ({ 'data-operator': row.operator })}
                empty={t('tally.nothing')}
              />
            </section>

            <section className="panel" aria-labelledby="tally-stock-title">
              <h3 id="tally-stock-title">{t('tally.stock')}</h3>
              <DataTable
                testId="tally-stock"
                columns={stockColumns}
                rows={tally.stock}
                rowKey={lineKey}
                rowAttributes={(row) => ({ className: row.left < 0 ? 'row-warn' : undefined })}
                empty={t('tally.noStock')}
              />
            </section>
          </div>

          <HandoutRows
            rows={tally.rows}
            operatorName={operatorName}
            onVoided={() => {
              query.reload();
              dayClose.reload();
            }}
          />
        </>
      )}
    </div>
  );
}

/** One figure of the day, big, with what it counts under it; `data-value` holds the number for tests. */
function Stat({ testId, value, text, label }: { readonly testId: string; readonly value: number; readonly text: string; readonly label: string }) {
  return (
    <div className="stat">
      <span className="stat-value" data-testid={testId} data-value={value}>
        {text}
      </span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
