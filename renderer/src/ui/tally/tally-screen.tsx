/**
 * The day's tally (today by default): totals per item as a table and a bar
 * chart, cash, per operator, stock left, and the day's handouts, searchable,
 * each with a Void action that needs a team lead.
 */
import { Fragment, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoutRow, Tally } from '../../kit/kit-api';
import { currentLanguage, directionOf } from '../../i18n';
import { formatCash, formatDate, formatItemLine, formatNumber, formatTime, isolate, itemName, todayUtc, unitName } from '../common/format';
import { DayCloseStatusLine, useDayCloseStatus } from '../common/day-close-status';
import { useKit } from '../kit-context';
import { useSyncRefreshKey } from '../sync-context';
import { useSession } from '../session-context';
import { BarChart } from './bar-chart';
import { VoidDialog } from './void-dialog';

type TallyState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly tally: Tally }
  | { readonly kind: 'error' };

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function TallyScreen() {
  const { t } = useTranslation();
  const kit = useKit();
  const { operators } = useSession();
  const dayId = useId();
  const searchId = useId();
  const [day, setDay] = useState(todayUtc);
  const [state, setState] = useState<TallyState>({ kind: 'loading' });
  const [search, setSearch] = useState('');
  const [voiding, setVoiding] = useState<string>();
  const [reloads, setReloads] = useState(0);
  const [notice, setNotice] = useState<string>();
  // Whether this device's view of the day matches the team lead's signed day close.
  const dayClose = useDayCloseStatus(day, reloads);
  // Events that live sync stores show up without leaving the screen.
  const synced = useSyncRefreshKey();

  useEffect(() => {
    if (!DAY_PATTERN.test(day)) return;
    let live = true;
    // A reload of the same day (a void, synced events) keeps the figures on screen until the new ones arrive.
    setState((current) => (current.kind === 'ready' && current.tally.day === day ? current : { kind: 'loading' }));
    kit.tally(day).then(
      (tally) => {
        if (live) setState({ kind: 'ready', tally });
      },
      () => {
        if (live) setState({ kind: 'error' });
      },
    );
    return () => {
      live = false;
    };
  }, [kit, day, reloads, synced]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const operatorName = useCallback(
    (id: string, fallback?: string) => fallback || operators.find((o) => o.id === id)?.name || id,
    [operators],
  );

  const tally = state.kind === 'ready' ? state.tally : undefined;
  const rows = useMemo(() => {
    if (!tally) return [];
    const needle = search.trim().toUpperCase();
    if (!needle) return tally.rows;
    return tally.rows.filter(
      (row) =>
        row.household.toUpperCase().startsWith(needle) ||
        operatorName(row.operator).toUpperCase().includes(needle) ||
        row.operator.toUpperCase() === needle,
    );
  }, [tally, search, operatorName]);

  const rtl = directionOf(currentLanguage()) === 'rtl';

  return (
    <div className="screen tally-screen" data-testid="tally" data-state={state.kind} data-day={day}>
      <div className="screen-head">
        <h2>{t('tally.title')}</h2>
        <div className="field field-inline">
          <label htmlFor={dayId}>{t('tally.day')}</label>
          <input
            id={dayId}
            className="input"
            type="date"
            data-testid="tally-day"
            value={day}
            max={todayUtc()}
            onChange={(event) => {
              if (DAY_PATTERN.test(event.target.value)) setDay(event.target.value);
            }}
          />
        </div>
      </div>
      <p className="field-hint">{t('tally.dayHint', { day: formatDate(day) })}</p>
      <DayCloseStatusLine day={day} view={dayClose} compact />

      {state.kind === 'loading' && <p>{t('common.loading')}</p>}
      {state.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>{t('errors.internal')}</p>
          <button type="button" className="button" onClick={reload}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {tally && (
        <>
          <div className="stat-row" data-testid="tally-totals">
            <div className="stat">
              <span className="stat-value" data-testid="tally-handouts" data-value={tally.handouts}>
                {formatNumber(tally.handouts)}
              </span>
              <span className="stat-label">{t('tally.handouts')}</span>
            </div>
            <div className="stat">
              <span className="stat-value" data-testid="tally-households" data-value={tally.households}>
                {formatNumber(tally.households)}
              </span>
              <span className="stat-label">{t('tally.households')}</span>
            </div>
            {tally.cash.map((cash) => (
              <div className="stat" key={cash.currency}>
                <span className="stat-value" data-testid={`tally-cash-${cash.currency}`} data-value={cash.amount}>
                  {formatCash(cash)}
                </span>
                <span className="stat-label">{t('tally.cash')}</span>
              </div>
            ))}
          </div>

          <section className="panel" aria-labelledby="tally-items-title">
            <h3 id="tally-items-title">{t('tally.byItem')}</h3>
            {tally.byItem.length === 0 ? (
              <p className="empty">{t('tally.nothing')}</p>
            ) : (
              <div className="tally-items">
                <div className="table-wrap">
                  <table className="table" data-testid="tally-items">
                    <thead>
                      <tr>
                        <th scope="col">{t('tally.item')}</th>
                        <th scope="col">{t('tally.quantity')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {tally.byItem.map((row) => (
                        <tr key={`${row.code}|${row.unit}`}>
                          <th scope="row">{itemName(row.code)}</th>
                          <td className="num" data-testid={`tally-total-${row.code}`} data-qty={row.qty} data-unit={row.unit}>
                            {formatNumber(row.qty)} {unitName(row.unit)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <BarChart
                  testId="tally-chart"
                  rtl={rtl}
                  title={t('tally.chartTitle', { day: formatDate(day) })}
                  bars={tally.byItem.map((row) => ({
                    key: `${row.code}|${row.unit}`,
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
              <div className="table-wrap">
                <table className="table" data-testid="tally-operators">
                  <thead>
                    <tr>
                      <th scope="col">{t('tally.operator')}</th>
                      <th scope="col">{t('tally.handouts')}</th>
                      <th scope="col">{t('tally.households')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {tally.byOperator.length === 0 && (
                      <tr>
                        <td colSpan={3} className="empty">
                          {t('tally.nothing')}
                        </td>
                      </tr>
                    )}
                    {tally.byOperator.map((row) => (
                      <tr key={row.operator} data-operator={row.operator}>
                        <th scope="row">
                          <bdi>{operatorName(row.operator, row.name)}</bdi>
                        </th>
                        <td className="num">{formatNumber(row.handouts)}</td>
                        <td className="num">{formatNumber(row.households)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>

            <section className="panel" aria-labelledby="tally-stock-title">
              <h3 id="tally-stock-title">{t('tally.stock')}</h3>
              <div className="table-wrap">
                <table className="table" data-testid="tally-stock">
                  <thead>
                    <tr>
                      <th scope="col">{t('tally.item')}</th>
                      <th scope="col">{t('tally.received')}</th>
                      <th scope="col">{t('tally.handedOut')}</th>
                      <th scope="col">{t('tally.left')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {tally.stock.length === 0 && (
                      <tr>
                        <td colSpan={4} className="empty">
                          {t('tally.noStock')}
                        </td>
                      </tr>
                    )}
                    {tally.stock.map((row) => (
                      <tr key={`${row.code}|${row.unit}`} className={row.left < 0 ? 'row-warn' : undefined}>
                        <th scope="row">{itemName(row.code)}</th>
                        <td className="num">{formatNumber(row.received)}</td>
                        <td className="num">{formatNumber(row.handedOut)}</td>
                        <td className="num" data-testid={`tally-stock-left-${row.code}`} data-qty={row.left}>
                          {formatNumber(row.left)} {unitName(row.unit)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </div>

          <section className="panel" aria-labelledby="tally-rows-title">
            <h3 id="tally-rows-title">{t('tally.rows')}</h3>
            {notice && (
              <p className="notice notice-ok" role="status" data-testid="void-done">
                {notice}
              </p>
            )}
            <div className="field">
              <label htmlFor={searchId}>{t('tally.search')}</label>
              <input
                id={searchId}
                className="input"
                type="search"
                autoComplete="off"
                data-testid="tally-search"
                value={search}
                onChange={(event) => setSearch(event.target.value.slice(0, 64))}
              />
            </div>
            <div className="table-wrap">
              <table className="table" data-testid="tally-rows" data-count={rows.length}>
                <thead>
                  <tr>
                    <th scope="col">{t('tally.time')}</th>
                    <th scope="col">{t('tally.household')}</th>
                    <th scope="col">{t('tally.operator')}</th>
                    <th scope="col">{t('tally.given')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('list.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.length === 0 && (
                    <tr>
                      <td colSpan={5} className="empty">
                        {t('tally.noRows')}
                      </td>
                    </tr>
                  )}
                  {rows.map((row: HandoutRow) => (
                    <Fragment key={row.eventId}>
                      <tr
                        className={row.voided ? 'row-voided' : undefined}
                        data-testid={`tally-row-${row.eventId}`}
                        data-household={row.household}
                        data-voided={row.voided}
                      >
                        <td className="nowrap">{formatTime(row.at)}</td>
                        <td className="mono" dir="ltr">
                          {row.household}
                        </td>
                        <td>
                          <bdi>{operatorName(row.operator)}</bdi>
                        </td>
                        <td>
                          {[...row.items.map(formatItemLine), ...(row.cash ? [formatCash(row.cash)] : [])].join(' · ')}
                          {row.voided && <span className="badge"> {t('tally.voided')}</span>}
                        </td>
                        <td>
                          {!row.voided && (
                            <button
                              type="button"
                              className="button button-small"
                              data-testid={`tally-void-${row.eventId}`}
                              aria-expanded={voiding === row.eventId}
                              onClick={() => {
                                setNotice(undefined);
                                setVoiding(voiding === row.eventId ? undefined : row.eventId);
                              }}
                            >
                              {t('tally.void')}
                            </button>
                          )}
                        </td>
                      </tr>
                      {voiding === row.eventId && (
                        <tr className="row-dialog">
                          <td colSpan={5}>
                            <VoidDialog
                              row={row}
                              onCancel={() => setVoiding(undefined)}
                              onDone={() => {
                                setVoiding(undefined);
                                setNotice(t('tally.voidDone', { household: isolate(row.household) }));
                                reload();
                              }}
                            />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
