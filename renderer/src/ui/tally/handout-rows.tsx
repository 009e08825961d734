/**
 * The day's handouts on the Tally screen, each with who recorded it (the
 * operator's name and the laptop's label, where the site knows them),
 * searchable by household id, operator or laptop, each with a Void action
 * that needs a team lead (recorded as a `void` event).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoutRow } from '../../kit/api';
import { DataTable, type Column } from '../common/data-table';
import { formatCash, formatItemLine, formatTime, isolate } from '../common/format';
import { DoneNotice } from '../common/notice';
import { TextField } from '../common/text-field';
import { VoidHandoutForm } from '../common/void-handout-form';

export function HandoutRows({
  rows,
  operatorName,
  onVoided,
}: {
  readonly rows: readonly HandoutRow[];
  /** The name to show for an operator id, given the name the tally found (if any). */
  readonly operatorName: (id: string, known?: string) => string;
  readonly onVoided: () => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [voiding, setVoiding] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const shown = useMemo(() => {
    const needle = search.trim().toUpperCase();
    if (!needle) return rows;
    return rows.filter(
      (row) =>
        row.household.toUpperCase().startsWith(needle) ||
        operatorName(row.operator, row.operatorName).toUpperCase().includes(needle) ||
        (row.laptop ?? '').toUpperCase().includes(needle) ||
        row.operator.toUpperCase() === needle,
    );
  }, [rows, search, operatorName]);

  const columns: readonly Column<HandoutRow>[] = [
    { header: t('tally.time'), className: 'nowrap', cell: (row) => formatTime(row.at) },
    { header: t('tally.household'), className: 'mono', cellAttributes: () => ({ dir: 'ltr' }), cell: (row) => row.household },
    { header: t('tally.operator'), cell: (row) => <bdi>{operatorName(row.operator, row.operatorName)}</bdi> },
    { header: t('tally.laptop'), cell: (row) => (row.laptop ? <bdi>{row.laptop}</bdi> : '—') },
    {
      header: t('tally.given'),
      cell: (row) => (
        <>
          {[...row.items.map(formatItemLine), ...(row.cash ? [formatCash(row.cash)] : [])].join(' · ')}
          {row.voided && <span className="badge"> {t('tally.voided')}</span>}
        </>
      ),
    },
    {
      header: t('list.actions'),
      hiddenHeader: true,
      cell: (row) =>
        !row.voided && (
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
        ),
    },
  ];

  const voidForm = (row: HandoutRow) =>
    voiding === row.eventId && (
      <VoidHandoutForm
        eventId={row.eventId}
        title={
          <>
            {t('tally.voidTitle')}{' '}
            <span className="mono" dir="ltr">
              {row.household}
            </span>
          </>
        }
        testIdPrefix="void"
        testId="void-dialog"
        onDone={() => {
          setVoiding(undefined);
          setNotice(t('tally.voidDone', { household: isolate(row.household) }));
          onVoided();
        }}
        onCancel={() => setVoiding(undefined)}
      />
    );

  return (
    <section className="panel" aria-labelledby="tally-rows-title">
      <h3 id="tally-rows-title">{t('tally.rows')}</h3>
      <DoneNotice testId="void-done" message={notice} />
      <TextField
        label={t('tally.search')}
        filter
        type="search"
        autoComplete="off"
        testId="tally-search"
        value={search}
        onChange={(text) => setSearch(text.slice(0, 64))}
      />
      <DataTable
        testId="tally-rows"
        columns={columns}
        rows={shown}
        rowKey={(row) => row.eventId}
        rowAttributes={(row) => ({
          className: row.voided ? 'row-voided' : undefined,
          'data-testid': `tally-row-${row.eventId}`,
          'data-household': row.household,
          'data-operator': row.operator,
          'data-laptop': row.laptop,
          'data-voided': row.voided,
        })}
        detail={voidForm}
        empty={t('tally.noRows')}
      />
    </section>
  );
}
