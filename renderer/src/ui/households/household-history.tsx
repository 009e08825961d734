/**
 * What happened to a household, newest first, from every laptop whose
 * records reached this one: each entry with who recorded it and on which
 * laptop, named through the site's people (../people-context.tsx) as the
 * tally names them. The kit's detail is the event's own words, in English.
 */
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../kit/api';
import { codeLabel, errorText } from '../../i18n/codes';
import { DataTable, type Column } from '../common/data-table';
import { DeviceName } from '../common/device-name';
import { formatDateTime } from '../common/format';
import { ErrorNotice } from '../common/notice';
import type { KitQuery } from '../common/use-kit-query';
import { usePeople } from '../people-context';

export function HouseholdHistory({ query }: { readonly query: KitQuery<readonly HistoryEntry[]> }) {
  const { t } = useTranslation();
  const people = usePeople();
  const rows = query.error ? undefined : query.data;

  const columns: readonly Column<HistoryEntry>[] = [
    { header: t('householdPage.when'), className: 'nowrap', cell: (row) => formatDateTime(row.at) },
    { header: t('householdPage.what'), heads: 'row', cell: (row) => codeLabel('householdPage.types', row.type) },
    {
      header: t('householdPage.detail'),
      cellAttributes: () => ({ dir: 'ltr', lang: 'en' }),
      cell: (row) => row.detail,
    },
    {
      header: t('householdPage.operator'),
      cell: (row) => (row.operator ? <bdi>{people.operatorName(row.operator) ?? row.operator}</bdi> : '—'),
    },
    { header: t('householdPage.laptop'), cell: (row) => <DeviceName did={row.device} named /> },
  ];

  return (
    <section className="panel" aria-labelledby="household-history-title">
      <h3 id="household-history-title">{t('householdPage.historyTitle')}</h3>
      <p className="field-hint">{t('householdPage.historyIntro')}</p>
      <ErrorNotice code={query.error?.code} message={query.error && errorText(query.error.code)} />
      <DataTable
        testId="household-history"
        attributes={{ 'data-state': query.error ? 'error' : rows ? 'ready' : 'loading' }}
        columns={columns}
        rows={rows ?? []}
        rowKey={(row) => row.eventId}
        rowAttributes={(row) => ({ 'data-type': row.type, 'data-event': row.eventId })}
        empty={rows && t('householdPage.noHistory')}
      />
    </section>
  );
}
