/** The main navigation: big links, the current screen marked for screen readers. */
import { useTranslation } from 'react-i18next';
import { hrefOf, type Screen } from './route';

const ITEMS: readonly Screen[] = ['check', 'households', 'tally', 'settings'];

export function Nav({ current }: { readonly current: Screen }) {
  const { t } = useTranslation();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {ITEMS.map((screen) => (
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
