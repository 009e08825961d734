/** Loads something when a component mounts (and on `reload`), as a state the screen shows: loading, loaded, or failed with a reason. */
import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../shared/result';

export type Loaded<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly value: T }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

export function useLoad<T>(load: () => Promise<Result<T>>): { state: Loaded<T>; reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    void load().then((r) => {
      if (current) setState(r.ok ? { kind: 'loaded', value: r.value } : { kind: 'failed', code: r.code, message: r.message });
    });
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `generation` is what asks for a new load.
  }, [generation]);
  return { state, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}
