/**
 * Enrolled households, searchable by the start of their id. Each row can
 * issue (or re-issue) its ration card. No names here: the list is what
 * anyone looking over a shoulder could see.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdSummary } from '../../kit/kit-api';
import { CardIssuer } from '../cards/card-issuer';
import { formatDateTime, formatNumber, isolate } from '../common/format';
import { useKit } from '../kit-context';

export const LIST_LIMIT = 100;

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly rows: readonly HouseholdSummary[] }
  | { readonly kind: 'error' };

/** Household ids are capitals, digits and '-': normalise what is typed to that. */
export const normaliseHouseholdId = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9-]/g, '').slice(0, 32);

export function HouseholdList() {
  const { t } = useTranslation();
  const kit = useKit();
  const searchId = useId();
  const [prefix, setPrefix] = useState('');
  const [state, setState] = useState<ListState>({ kind: 'loading' });
  const [selected, setSelected] = useState<HouseholdSummary>();

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    kit.listHouseholds(prefix ? { prefix, limit: LIST_LIMIT } : { limit: LIST_LIMIT }).then(
      (rows) => {
        if (live) setState({ kind: 'ready', rows });
      },
      () => {
        if (live) setState({ kind: 'error' });
      },
    );
    return () => {
      live = false;
    };
  }, [kit, prefix]);

  return (
    <section className="panel" aria-labelledby={`${searchId}-title`}>
      <h3 id={`${searchId}-title`}>{t('list.title')}</h3>
      <div className="field">
        <label htmlFor={searchId}>{t('list.search')}</label>
        <input
          id={searchId}
          className="input input-id"
          type="search"
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          data-testid="households-search"
          value={prefix}
          onChange={(event) => {
            setPrefix(normaliseHouseholdId(event.target.value));
            setSelected(undefined);
          }}
        />
      </div>

      {state.kind === 'error' && (
        <p className="notice notice-error" role="alert">
          {t('errors.internal')}
        </p>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="households-table" data-state={state.kind} data-count={state.kind === 'ready' ? state.rows.length : 0}>
          <thead>
            <tr>
              <th scope="col">{t('list.id')}</th>
              <th scope="col">{t('list.size')}</th>
              <th scope="col">{t('list.enrolledAt')}</th>
              <th scope="col">{t('list.card')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('list.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.kind === 'ready' && state.rows.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  {prefix ? t('list.noMatch', { prefix: isolate(prefix) }) : t('list.empty')}
                </td>
              </tr>
            )}
            {state.kind === 'ready' &&
              state.rows.map((row) => (
                <tr key={row.id} data-household={row.id} aria-selected={selected?.id === row.id}>
                  <td className="mono" dir="ltr">
                    {row.id}
                  </td>
                  <td className="num">{formatNumber(row.size)}</td>
                  <td>{formatDateTime(row.enrolledAt)}</td>
                  <td>{row.hasCard ? t('common.yes') : t('common.no')}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      data-testid={`households-card-${row.id}`}
                      onClick={() => setSelected(row)}
                    >
                      {row.hasCard ? t('card.reissue') : t('card.issue')}
                    </button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {state.kind === 'ready' && state.rows.length >= LIST_LIMIT && (
        <p className="field-hint">{t('list.limited', { n: formatNumber(LIST_LIMIT) })}</p>
      )}

      {selected && (
        <section className="subpanel" aria-labelledby={`${searchId}-card`} data-testid="households-card-panel">
          <h4 id={`${searchId}-card`}>
            {t('card.forHousehold')}{' '}
            <span className="mono" dir="ltr">
              {selected.id}
            </span>
          </h4>
          <CardIssuer key={selected.id} household={selected.id} hasCard={selected.hasCard} autoFocus />
          <button type="button" className="button button-quiet" onClick={() => setSelected(undefined)}>
            {t('common.close')}
          </button>
        </section>
      )}
    </section>
  );
}
