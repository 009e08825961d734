/**
 * A table of rows: a header per column, a cell per row and column, the row
 * header as `<th scope="row">`, numbers aligned to the end, an empty-state
 * row, and an optional detail row under a row (a dialog opened from it).
 * Test ids and `data-*` attributes go on the table, the rows and the cells
 * through `attributes`, `rowAttributes` and `cellAttributes`; the table's
 * `data-count` is the number of rows it shows.
 */
import { Fragment, type ReactNode } from 'react';

type DataAttributes = { readonly [name: `data-${string}`]: string | number | boolean | undefined };

export type RowAttributes = DataAttributes & {
  readonly className?: string | undefined;
  readonly 'aria-selected'?: boolean;
};

export type CellAttributes = DataAttributes & {
  readonly dir?: 'ltr';
  readonly lang?: string;
  readonly title?: string;
};

export interface Column<Row> {
  readonly header: ReactNode;
  /** Read to screen readers only (a column of buttons). */
  readonly hiddenHeader?: boolean;
  readonly cell: (row: Row) => ReactNode;
  /** The cell heads its row, or (with `rowSpan`) a group of rows. */
  readonly heads?: 'row' | 'rowgroup';
  /** Aligned to the end, in tabular figures. */
  readonly numeric?: boolean;
  readonly className?: string;
  readonly cellAttributes?: (row: Row) => CellAttributes;
  /** Rows the cell spans; 0 where an earlier row's cell spans this one (no cell is drawn). */
  readonly rowSpan?: (row: Row) => number;
}

export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowAttributes,
  empty,
  detail,
  caption,
  testId,
  attributes,
  className,
}: {
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly rowAttributes?: (row: Row) => RowAttributes;
  /** Shown across the table when there are no rows; nothing is shown when omitted. */
  readonly empty?: ReactNode;
  /** A second row under `row` spanning every column, when this returns something. */
  readonly detail?: (row: Row) => ReactNode;
  readonly caption?: ReactNode;
  readonly testId?: string;
  readonly attributes?: DataAttributes;
  /** Added to `table`. */
  readonly className?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : 'table'} data-testid={testId} data-count={rows.length} {...attributes}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col">
                {column.hiddenHeader ? <span className="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty !== undefined && (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((row) => {
            const more = detail?.(row);
            return (
              <Fragment key={rowKey(row)}>
                <tr {...rowAttributes?.(row)}>{columns.map((column, index) => renderCell(column, row, index))}</tr>
                {more !== undefined && more !== null && more !== false && (
                  <tr className="row-dialog">
                    <td colSpan={columns.length}>{more}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function renderCell<Row>(column: Column<Row>, row: Row, index: number): ReactNode {
  const rowSpan = column.rowSpan?.(row);
  if (rowSpan === 0) return null;
  const className = [column.numeric ? 'num' : '', column.className ?? ''].filter(Boolean).join(' ') || undefined;
  const Cell = column.heads ? 'th' : 'td';
  return (
    <Cell key={index} scope={column.heads} rowSpan={rowSpan} className={className} {...column.cellAttributes?.(row)}>
      {column.cell(row)}
    </Cell>
  );
}
