/**
 * Loading what a screen shows from the kit:
 * `const { data, error, loading, reload } = useKitQuery((kit) => kit.tally(day), [day])`.
 * The query runs again when `deps` change (the old answer is dropped), and on
 * `reload()` or a change of `refreshOn` (the old answer stays on screen until
 * the new one arrives). Answers after unmount or to an earlier request are
 * ignored. A Result's `ok: false` becomes `error` with its code; a throw is a
 * bug, logged, and becomes the error `internal`.
 */
import { useCallback, useEffect, useReducer, useRef, useState, type DependencyList } from 'react';
import type { KitApi } from '../../kit/api';
import { useKit } from '../kit-context';
import { initialQuery, queryReducer, sameDeps, settle, type Answer, type QueryError, type QueryState } from './kit-query';

export interface KitQuery<T> {
  readonly data: T | undefined;
  readonly error: QueryError | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

export function useKitQuery<T>(
  query: (kit: KitApi) => Promise<T>,
  deps: DependencyList,
  { refreshOn = [] }: { readonly refreshOn?: DependencyList } = {},
): KitQuery<Answer<T>> {
  const kit = useKit();
  const [state, dispatch] = useReducer(queryReducer<Answer<T>>, initialQuery as QueryState<Answer<T>>);
  const [reloads, setReloads] = useState(0);
  const lastDeps = useRef<DependencyList | undefined>(undefined);
  const requests = useRef(0);

  useEffect(() => {
    const identity = [kit, ...deps];
    const keep = lastDeps.current !== undefined && sameDeps(lastDeps.current, identity);
    lastDeps.current = identity;
    const request = ++requests.current;
    let live = true;
    dispatch({ type: 'start', request, keep });
    query(kit).then(
      (answer) => {
        if (live) dispatch(settle(request, answer));
      },
      (cause: unknown) => {
        console.error('aidtrail: a kit query failed', cause);
        if (live) dispatch({ type: 'fail', request, error: { code: 'internal', message: String(cause) } });
      },
    );
    return () => {
      live = false;
    };
    // `query` is a new closure on every render: `deps` stand for what it reads.
  }, [kit, reloads, ...deps, ...refreshOn]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
