/**
 * Reports (issue 15): the distribution and stock reports for HQ, donors and
 * clusters, and the household list for a team lead, each saved as CSV or
 * XLSX with an HXL hashtag row. Each report is written in the screen's
 * language (its headers and words; the HXL row, codes and numbers are the
 * same in every language): the panels pass `currentLanguage()`.
 */
import { useTranslation } from 'react-i18next';
import { DistributionPanel } from './distribution-panel';
import { HouseholdsPanel } from './households-panel';
import { StockPanel } from './stock-panel';

export function ReportsScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen reports-screen" data-testid="reports">
      <div className="screen-head">
        <h2>{t('reports.title')}</h2>
      </div>
      <p className="field-hint">{t('reports.intro')}</p>
      <DistributionPanel />
      <StockPanel />
      <HouseholdsPanel />
    </div>
  );
}
