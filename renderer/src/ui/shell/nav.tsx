/**
 * The main navigation: big links, the current screen marked for screen
 * readers. Reconcile is for team leads; Sync and the HQ ledger are for every device.
 */
import { useTranslation } from 'react-i18next';
import type { Role } from '../../kit/api';
import { hrefOf, type Screen } from './route';

const ITEMS: readonly Screen[] = ['check', 'households', 'tally', 'reports', 'sync', 'ledger', 'reconcile', 'settings'];
const LEAD_ONLY: ReadonlySet<Screen> = new Set<Screen>(['reconcile']);

export function Nav({ current, role }: { readonly current: Screen; readonly role: Role }) {
  const { t } = useTranslation();
  const items = ITEMS.filter((screen) => role === 'team-lead' || !LEAD_ONLY.has(screen));
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {items.map((screen) => (
          <li key={screen}>
            <a
              href={hrefOf(screen)}
              className="nav-link"
              data-testid={`nav-${screen}`}
              aria-current={screen === current ? 'page' : undefined}
            >
              {t(`nav.${screen}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
