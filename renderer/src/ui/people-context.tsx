/**
 * The site's people by name (issue 10): its operators and laptops as the
 * kit's synced directory knows them (`kit.people()`), loaded once for the
 * unlocked shell. Every screen names an operator or a laptop through here,
 * so a name the site knows is shown instead of an `op-…` id or a key.
 *
 * It loads again when live sync stores events, when the screen changes
 * (a sync file import or an unlock may have brought certificates, keys or
 * directory entries) and when a screen that changed the directory asks.
 */
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { SitePeople } from '../kit/api';
import { useKitQuery, type KitQuery } from './common/use-kit-query';
import { useSession } from './session-context';
import { useSyncRefreshKey } from './sync-context';

export interface People {
  readonly query: KitQuery<SitePeople>;
  /** The operator's name: from the site's directory, else this laptop's own list; undefined when nobody here can read it. */
  readonly operatorName: (id: string) => string | undefined;
  /** The label a laptop published with its keys. */
  readonly laptopLabel: (did: string) => string | undefined;
  readonly reload: () => void;
}

const PeopleContext = createContext<People | null>(null);

export function PeopleProvider({ refreshOn, children }: { readonly refreshOn: string; readonly children: ReactNode }) {
  const { operators } = useSession();
  const synced = useSyncRefreshKey();
  const { data: answer, error, loading, reload } = useKitQuery((kit) => kit.people(), [], { refreshOn: [synced, refreshOn] });
  const query = useMemo(() => ({ data: answer, error, loading, reload }), [answer, error, loading, reload]);
  const data = error ? undefined : answer;

  const operatorName = useCallback(
    (id: string) => data?.operators.find((o) => o.id === id)?.name ?? operators.find((o) => o.id === id)?.name,
    [data, operators],
  );
  const laptopLabel = useCallback((did: string) => data?.laptops.find((l) => l.device === did)?.label, [data]);
  const people = useMemo<People>(() => ({ query, operatorName, laptopLabel, reload }), [query, operatorName, laptopLabel, reload]);
  return <PeopleContext.Provider value={people}>{children}</PeopleContext.Provider>;
}

export function usePeople(): People {
  const people = useContext(PeopleContext);
  if (!people) throw new Error('usePeople() outside <PeopleProvider>');
  return people;
}
