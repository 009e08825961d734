/**
 * What a caseload import did: how many households it enrolled, the lines
 * refused with their problems (the kit's English words), and the lines the
 * site already has (issue 11), each with the household it matches and why,
 * which were not enrolled again. A file that brings nobody new says so.
 */
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { DataTable, type Column, type RowAttributes } from '../common/data-table';
import { formatNumber, isolate } from '../common/format';
import { hrefOf } from '../shell/route';

type Rejected = ImportReport['rejected'][number];
type Duplicate = ImportReport['duplicates'][number];

export function ImportReportView({ report, file }: { readonly report: ImportReport; readonly file: string }) {
  const { t } = useTranslation();
  const nothingNew = report.imported === 0 && report.duplicates.length > 0;
  const clean = report.rejected.length === 0 && report.duplicates.length === 0;

  const rejectedColumns: readonly Column<Rejected>[] = [
    {
      header: t('import.errors'),
      cell: (row) => (
        <ul className="plain-list">
          {row.errors.map((error, index) => (
            <li key={index} lang="en" dir="ltr">
              {error}
            </li>
          ))}
        </ul>
      ),
    },
  ];

  const duplicateColumns: readonly Column<Duplicate>[] = [
    {
      header: t('import.enrolledAs'),
      className: 'mono',
      cellAttributes: () => ({ dir: 'ltr' }),
      cell: (row) => (
        <a href={hrefOf('households', row.household)} data-testid={`import-duplicate-open-${row.line}`}>
          {row.household}
        </a>
      ),
    },
    {
      header: t('enrol.duplicateWhy'),
      cell: (row) => row.reasons.map((code) => codeLabel('duplicates', code)).join(', '),
    },
  ];

  return (
    <div
      className="import-report"
      data-testid="import-report"
      data-imported={report.imported}
      data-rejected={report.rejected.length}
      data-duplicates={report.duplicates.length}
    >
      <p className={clean ? 'notice notice-ok' : 'notice notice-warn'} role="status">
        {t('import.summary', {
          file: isolate(file, 'firstStrong'),
          imported: formatNumber(report.imported),
          rejected: formatNumber(report.rejected.length),
        })}{' '}
        {report.duplicates.length > 0 && t('import.duplicatesCount', { n: formatNumber(report.duplicates.length) })}
      </p>
      {nothingNew && (
        <p className="notice notice-warn" data-testid="import-nothing-new">
          {t('import.nothingNew')}
        </p>
      )}
      <LineTable
        testId="import-duplicates"
        caption={t('import.duplicatesCaption')}
        columns={duplicateColumns}
        rows={report.duplicates}
        rowAttributes={(row) => ({ 'data-household': row.household })}
      />
      <LineTable testId="import-rejected" caption={t('import.rejectedCaption')} columns={rejectedColumns} rows={report.rejected} />
    </div>
  );
}

/** Lines of the file, one a row, by line number first; nothing at all where there are none. */
function LineTable<Row extends { readonly line: number }>({
  testId,
  caption,
  columns,
  rows,
  rowAttributes,
}: {
  readonly testId: string;
  readonly caption: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly rowAttributes?: (row: Row) => RowAttributes;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <DataTable
      testId={testId}
      caption={caption}
      columns={[{ header: t('import.line'), numeric: true, cell: (row) => formatNumber(row.line) }, ...columns]}
      rows={rows}
      rowKey={(row) => String(row.line)}
      rowAttributes={(row) => ({ 'data-line': row.line, ...rowAttributes?.(row) })}
    />
  );
}
