/**
 * A table for long lists: sorts by any column (click its header; the
 * header says which way with aria-sort), filters on the text of every
 * column, and pages. The strings come from the app's dictionary (`labels`).
 */
import { useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  readonly key: string;
  readonly label: string;
  /** What the column sorts and filters by. */
  readonly value: (row: T) => string | number;
  /** How a cell shows, when not just its value. */
  readonly render?: (row: T) => ReactNode;
}

export interface TableLabels {
  readonly filter: string;
  readonly previous: string;
  readonly next: string;
  readonly page: (page: number, pages: number, rows: number) => string;
  readonly empty: string;
}

/** The table's labels from an app's dictionary, which both apps give the same `table.*` keys. */
export function tableLabelsFrom(t: (key: 'table.filter' | 'table.previous' | 'table.next' | 'table.page' | 'table.empty', params?: Readonly<Record<string, number>>) => string): TableLabels {
  return {
    filter: t('table.filter'),
    previous: t('table.previous'),
    next: t('table.next'),
    page: (page, pages, rows) => t('table.page', { page, pages, rows }),
    empty: t('table.empty'),
  };
}

interface Props<T> {
  readonly testId: string;
  readonly caption: string;
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly labels: TableLabels;
  readonly pageSize?: number;
}

type Sort = { readonly key: string; readonly dir: 1 | -1 };

const compare = (a: string | number, b: string | number): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });

export function DataTable<T>({ testId, caption, rows, columns, rowKey, labels, pageSize = 20 }: Props<T>) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort | undefined>(undefined);
  const [page, setPage] = useState(0);

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const kept = needle === '' ? [...rows] : rows.filter((row) => columns.some((c) => String(c.value(row)).toLowerCase().includes(needle)));
    const column = columns.find((c) => c.key === sort?.key);
    if (column !== undefined && sort !== undefined) kept.sort((a, b) => sort.dir * compare(column.value(a), column.value(b)));
    return kept;
  }, [rows, columns, filter, sort]);

  const pages = Math.max(1, Math.ceil(shown.length / pageSize));
  const current = Math.min(page, pages - 1);
  const visible = shown.slice(current * pageSize, (current + 1) * pageSize);
  const sortBy = (key: string) => setSort(sort?.key === key ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: 1 });

  return (
    <div className="data-table" data-testid={testId} data-rows={shown.length}>
      <label className="filter">
        {labels.filter}{' '}
        <input type="search" value={filter} data-testid={`${testId}-filter`} onChange={(e) => { setFilter(e.target.value); setPage(0); }} />
      </label>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                <button type="button" data-testid={`${testId}-sort-${c.key}`} onClick={() => sortBy(c.key)}>{c.label}</button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {visible.length === 0 ? (
            <tr><td colSpan={columns.length}>{labels.empty}</td></tr>
          ) : (
            visible.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => <td key={c.key}>{c.render === undefined ? c.value(row) : c.render(row)}</td>)}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {pages > 1 && (
        <nav className="pager">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>{labels.previous}</button>
          <span>{labels.page(current + 1, pages, shown.length)}</span>
          <button type="button" disabled={current >= pages - 1} data-testid={`${testId}-next`} onClick={() => setPage(current + 1)}>{labels.next}</button>
        </nav>
      )}
    </div>
  );
}
