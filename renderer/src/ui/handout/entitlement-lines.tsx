/** The entitled items of a handout, each with the quantity to give (pre-filled with the entitlement). */
import { useTranslation } from 'react-i18next';
import type { Entitlement } from '../../kit/api';
import { DataTable, type Column } from '../common/data-table';
import { formatNumber, itemName, unitName } from '../common/format';
import { lineProblem, type TypedLine } from './handout-quantities';

interface Row {
  readonly typed: TypedLine;
  readonly index: number;
}

const inputId = (index: number): string => `handout-qty-${index}`;

export function EntitlementLines({
  lines,
  texts,
  entitlement,
  onChange,
}: {
  readonly lines: readonly TypedLine[];
  /** What the quantity fields hold, by line. */
  readonly texts: readonly string[];
  readonly entitlement: Entitlement;
  readonly onChange: (index: number, text: string) => void;
}) {
  const { t } = useTranslation();
  const columns: readonly Column<Row>[] = [
    { header: t('handout.item'), heads: 'row', cell: ({ typed, index }) => <label htmlFor={inputId(index)}>{itemName(typed.line.code)}</label> },
    { header: t('handout.entitled'), numeric: true, cell: ({ typed }) => `${formatNumber(typed.line.qty)} ${unitName(typed.line.unit)}` },
    {
      header: t('handout.give'),
      cell: ({ typed, index }) => (
        <span className="qty-cell">
          <input
            id={inputId(index)}
            className="input input-qty"
            type="text"
            inputMode="numeric"
            dir="ltr"
            autoComplete="off"
            data-testid={`handout-qty-${typed.line.code}`}
            aria-invalid={lineProblem(typed, entitlement) !== undefined || undefined}
            value={texts[index] ?? ''}
            onFocus={(event) => event.currentTarget.select()}
            onChange={(event) => onChange(index, event.target.value.slice(0, 7))}
          />
          <span>{unitName(typed.line.unit)}</span>
        </span>
      ),
    },
  ];
  return (
    <DataTable
      className="handout-table"
      columns={columns}
      rows={lines.map((typed, index) => ({ typed, index }))}
      rowKey={({ typed }) => `${typed.line.code}|${typed.line.unit}`}
    />
  );
}
