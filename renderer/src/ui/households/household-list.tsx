/**
 * Finding a household (issue 11, "find anyone"): any part of a name in any
 * script, a shelter, a phone number or the start of an id, asked of the kit
 * once typing pauses. Without a query the list shows the enrolled households
 * by id (no names until someone searches). Each row opens the household's page.
 * The first search of a session builds the name index (seconds at a camp's
 * 100k households): it starts at the first key typed, not once typing
 * pauses, and a large site shows how far it is.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type Result } from '../../../../shared/result';
import type { HouseholdMatch, HouseholdSummary, KitApi } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { DataTable, type Column } from '../common/data-table';
import { formatDateTime, formatNumber, isolate } from '../common/format';
import { ErrorNotice } from '../common/notice';
import { TextField } from '../common/text-field';
import { useKitQuery } from '../common/use-kit-query';
import { WorkProgress } from '../common/work-progress';
import { useKit } from '../kit-context';
import { hrefOf } from '../shell/route';
import { useDebounced } from './use-debounced';

const LIST_LIMIT = 100;
/** Long enough to skip the keys of a word being typed, short enough to feel immediate. */
const SEARCH_DELAY_MS = 250;
const QUERY_MAX = 64;
/**
 * Sites from this many households show the index's build: it opens some
 * 10,000 records a second on the build machines, so a smaller site's is
 * over before a bar could say anything.
 */
const SHOW_BUILD_FROM = 2_000;

/** A listed household: a search result carries the head's name and shelter, the plain list does not. */
type Row = HouseholdSummary & Partial<Pick<HouseholdMatch, 'head' | 'shelter' | 'matched'>>;

/** The rows with the query they answer, so the table never labels one query's rows with another. */
async function rowsFor(kit: KitApi, query: string): Promise<Result<{ readonly query: string; readonly rows: readonly Row[] }, string>> {
  const found = query ? await kit.searchHouseholds(query, LIST_LIMIT) : await kit.listHouseholds({ limit: LIST_LIMIT });
  return found.ok ? ok({ query, rows: found.value }) : found;
}

/** Once `wanted`, the search index is built if it is not yet; how far, while that runs at a large site. */
function useSearchBuild(wanted: boolean): { readonly done: number; readonly total: number } | undefined {
  const kit = useKit();
  const [building, setBuilding] = useState<{ done: number; total: number }>();
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    const heard = (done: number, total: number) => {
      if (live) setBuilding(total >= SHOW_BUILD_FROM && done < total ? { done, total } : undefined);
    };
    // A failure (a lock meanwhile) shows in the list's own answer; the bar just goes.
    kit.prepareSearch(heard).then(
      () => heard(0, 0),
      (cause: unknown) => {
        console.error('aidtrail: building the search index failed', cause);
        heard(0, 0);
      },
    );
    return () => {
      live = false;
    };
  }, [kit, wanted]);
  return building;
}

export function HouseholdList() {
  const { t } = useTranslation();
  const titleId = useId();
  const [text, setText] = useState('');
  /** Something was typed this visit: the index is wanted from then on. */
  const [typed, setTyped] = useState(false);
  const building = useSearchBuild(typed);
  const query = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const result = useKitQuery((kit) => rowsFor(kit, query), [query]);
  const rows = result.error ? undefined : result.data?.rows;
  const answered = result.data?.query ?? '';

  const columns: readonly Column<Row>[] = [
    { header: t('list.head'), heads: 'row', cell: (row) => (row.head ? <bdi>{row.head}</bdi> : '—') },
    { header: t('list.shelter'), cell: (row) => (row.shelter ? <bdi>{row.shelter}</bdi> : '—') },
    {
      header: t('list.id'),
      className: 'mono',
      cellAttributes: () => ({ dir: 'ltr' }),
      cell: (row) => (
        <a href={hrefOf('households', row.id)} data-testid={`households-open-${row.id}`}>
          {row.id}
        </a>
      ),
    },
    { header: t('list.size'), numeric: true, cell: (row) => formatNumber(row.size) },
    { header: t('list.card'), cell: (row) => (row.hasCard ? t('common.yes') : t('common.no')) },
    { header: t('list.enrolledAt'), cell: (row) => formatDateTime(row.enrolledAt) },
    ...(answered ? [{ header: t('list.matched'), cell: (row: Row) => (row.matched ? t(`list.matchedBy.${row.matched}`) : '') }] : []),
  ];

  return (
    <section className="panel" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('list.title')}</h3>
      <TextField
        label={t('list.search')}
        hint={t('list.searchHint')}
        filter
        type="search"
        autoComplete="off"
        spellCheck={false}
        testId="households-search"
        value={text}
        onChange={(next) => {
          setText(next.slice(0, QUERY_MAX));
          if (next.trim() !== '') setTyped(true);
        }}
      />

      {building && (
        <WorkProgress
          text={t('list.building')}
          label={t('list.buildingProgress')}
          testId="households-search-build"
          done={building.done}
          total={building.total}
          count={t('list.buildingCount', { done: formatNumber(building.done), total: formatNumber(building.total) })}
        />
      )}

      <ErrorNotice code={result.error?.code} message={result.error && errorText(result.error.code)} />
      <DataTable
        testId="households-table"
        attributes={{ 'data-state': result.error ? 'error' : rows ? 'ready' : 'loading', 'data-query': answered }}
        columns={columns}
        rows={rows ?? []}
        rowKey={(row) => row.id}
        rowAttributes={(row) => ({ 'data-household': row.id, 'data-matched': row.matched })}
        empty={rows && (answered ? t('list.noMatch', { query: isolate(answered, 'firstStrong') }) : t('list.empty'))}
      />
      {rows && rows.length >= LIST_LIMIT && <p className="field-hint">{t('list.limited', { n: formatNumber(LIST_LIMIT) })}</p>}
    </section>
  );
}
