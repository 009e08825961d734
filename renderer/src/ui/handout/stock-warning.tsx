/**
 * The handout form's warning when a line gives more than the stock on hand.
 * It says plainly that nothing is blocked: the goods may be there and the
 * records behind (a delivery not yet entered), and the officer decides.
 */
import { useTranslation } from 'react-i18next';
import type { ItemLine } from '../../kit/api';
import { formatNumber, itemName, todayUtc, unitName } from '../common/format';
import { useKitQuery } from '../common/use-kit-query';
import { overStock } from './over-stock';

export function StockWarning({ lines }: { readonly lines: readonly ItemLine[] }) {
  const { t } = useTranslation();
  // Stock is counted up to the end of today; a tally the kit cannot give leaves the warning out, never the handout.
  const tally = useKitQuery((k) => k.tally(todayUtc()), []);
  const over = tally.data && !tally.error ? overStock(lines, tally.data.stock) : [];
  if (over.length === 0) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="handout-stock-warning" data-items={over.map(({ line }) => line.code).join(' ')}>
      <p>
        <strong>{t('handout.overStockTitle')}</strong>
      </p>
      <ul className="plain-list">
        {over.map(({ line, left }) => (
          <li key={`${line.code}|${line.unit}`} data-code={line.code} data-left={left}>
            {t('handout.overStockLine', {
              item: itemName(line.code),
              qty: formatNumber(line.qty),
              left: formatNumber(left),
              unit: unitName(line.unit),
            })}
          </li>
        ))}
      </ul>
      <p>{t('handout.overStockHint')}</p>
    </div>
  );
}
