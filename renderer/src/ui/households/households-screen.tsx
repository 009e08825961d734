/**
 * Households: enrol one, import a caseload, or find one in the list; a
 * household's own page is `#/households/<its id>`.
 */
import { useTranslation } from 'react-i18next';
import { parseHouseholdId } from '../../../../shared/household';
import { hrefOf } from '../shell/route';
import { BulkCards } from '../cards/bulk-cards';
import { CaseloadImport } from './caseload-import';
import { EnrolForm } from './enrol-form';
import { HouseholdList } from './household-list';
import { HouseholdPage } from './household-page';

const TABS = ['enrol', 'import', 'list', 'cards'] as const;
type Tab = (typeof TABS)[number];

export function HouseholdsScreen({ sub }: { readonly sub: string }) {
  const { t } = useTranslation();
  const household = (TABS as readonly string[]).includes(sub) ? undefined : parseHouseholdId(sub);
  const page = household?.ok ? household.value : undefined;
  const tab: Tab | 'household' = page ? 'household' : (TABS as readonly string[]).includes(sub) ? (sub as Tab) : 'enrol';
  return (
    <div className="screen" data-testid="households-screen" data-tab={tab}>
      <h2>{t('households.title')}</h2>
      <nav className="tabs" aria-label={t('households.sections')}>
        {TABS.map((name) => (
          <a
            key={name}
            href={hrefOf('households', name)}
            className="tab"
            data-testid={`households-tab-${name}`}
            aria-current={name === tab ? 'page' : undefined}
          >
            {t(`households.tabs.${name}`)}
          </a>
        ))}
      </nav>
      {tab === 'enrol' && <EnrolForm />}
      {tab === 'import' && <CaseloadImport />}
      {tab === 'list' && <HouseholdList />}
      {tab === 'cards' && <BulkCards />}
      {page && <HouseholdPage key={page} id={page} />}
    </div>
  );
}
