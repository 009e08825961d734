/**
 * A tiny hash router: `#/check`, `#/households/enrol`, `#/tally`, `#/ledger`, `#/reconcile/conflicts`, … The hash
 * never leaves the app (navigation guards allow it), survives a reload and
 * gives the browser's Back button something sensible to do.
 */
import { useSyncExternalStore } from 'react';

export const SCREENS = ['check', 'households', 'tally', 'reports', 'sync', 'ledger', 'reconcile', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  readonly screen: Screen;
  /** The rest of the path (`enrol`, `import`, `list`), '' if none. */
  readonly sub: string;
}

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const snapshot = (): string => window.location.hash;

export function parseRoute(hash: string): Route {
  const [screen = '', sub = ''] = hash.replace(/^#\/?/, '').split('/');
  return (SCREENS as readonly string[]).includes(screen) ? { screen: screen as Screen, sub } : { screen: 'check', sub: '' };
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, snapshot));
}

export const hrefOf = (screen: Screen, sub?: string): string => (sub ? `#/${screen}/${sub}` : `#/${screen}`);

export function navigate(screen: Screen, sub?: string): void {
  const target = hrefOf(screen, sub);
  if (window.location.hash !== target) window.location.hash = target;
}
