/**
 * Enrolled households, searchable by the start of their id. Each row can
 * issue (or re-issue) its ration card. No names here: the list is what
 * anyone looking over a shoulder could see.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdSummary } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { CardIssuer } from '../cards/card-issuer';
import { DataTable, type Column } from '../common/data-table';
import { formatDateTime, formatNumber, isolate } from '../common/format';
import { ErrorNotice } from '../common/notice';
import { TextField } from '../common/text-field';
import { useKitQuery } from '../common/use-kit-query';

export const LIST_LIMIT = 100;

/** Household ids are capitals, digits and '-': normalise what is typed to that. */
export const normaliseHouseholdId = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9-]/g, '').slice(0, 32);

export function HouseholdList() {
  const { t } = useTranslation();
  const searchId = useId();
  const [prefix, setPrefix] = useState('');
  const [selected, setSelected] = useState<HouseholdSummary>();
  const query = useKitQuery((kit) => kit.listHouseholds(prefix ? { prefix, limit: LIST_LIMIT } : { limit: LIST_LIMIT }), [prefix]);
  const rows = query.error ? undefined : query.data;

  const columns: readonly Column<HouseholdSummary>[] = [
    { header: t('list.id'), className: 'mono', cellAttributes: () => ({ dir: 'ltr' }), cell: (row) => row.id },
    { header: t('list.size'), numeric: true, cell: (row) => formatNumber(row.size) },
    { header: t('list.enrolledAt'), cell: (row) => formatDateTime(row.enrolledAt) },
    { header: t('list.card'), cell: (row) => (row.hasCard ? t('common.yes') : t('common.no')) },
    {
      header: t('list.actions'),
      hiddenHeader: true,
      cell: (row) => (
        <button type="button" className="button button-small" data-testid={`households-card-${row.id}`} onClick={() => setSelected(row)}>
          {row.hasCard ? t('card.reissue') : t('card.issue')}
        </button>
      ),
    },
  ];

  return (
    <section className="panel" aria-labelledby={`${searchId}-title`}>
      <h3 id={`${searchId}-title`}>{t('list.title')}</h3>
      <TextField
        label={t('list.search')}
        filter
        inputClassName="input input-id"
        type="search"
        code
        testId="households-search"
        value={prefix}
        onChange={(text) => {
          setPrefix(normaliseHouseholdId(text));
          setSelected(undefined);
        }}
      />

      <ErrorNotice code={query.error?.code} message={query.error && errorText(query.error.code)} />
      <DataTable
        testId="households-table"
        attributes={{ 'data-state': query.error ? 'error' : rows ? 'ready' : 'loading', 'data-count': rows?.length ?? 0 }}
        columns={columns}
        rows={rows ?? []}
        rowKey={(row) => row.id}
        rowAttributes={(row) => ({ 'data-household': row.id, 'aria-selected': selected?.id === row.id })}
        empty={rows && (prefix ? t('list.noMatch', { prefix: isolate(prefix) }) : t('list.empty'))}
      />
      {rows && rows.length >= LIST_LIMIT && <p className="field-hint">{t('list.limited', { n: formatNumber(LIST_LIMIT) })}</p>}

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
