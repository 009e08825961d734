/**
 * The background anchoring loop (`AnchorLoopControl`, kit/api/ledger.ts) as
 * the screens see it. main.tsx gets one loop per kit from startKit, outside
 * React (StrictMode's double effects never start two), and provides it here;
 * the unlocked shell starts it. Without a provider (boot screens, test
 * harnesses) every hook answers `undefined` and the ledger UI shows nothing.
 */
import { createContext, useCallback, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import type { AnchorLoopControl, AnchorLoopStatus } from '../../kit/api';
import { reloadToContinue } from '../common/reload';

const AnchorLoopContext = createContext<AnchorLoopControl | null>(null);

export function AnchorLoopProvider({ loop, children }: { readonly loop?: AnchorLoopControl | undefined; readonly children: ReactNode }) {
  // Read the ledger status once (local, no network) so an alarm shows even on the lock screen.
  useEffect(() => {
    void loop?.refresh();
  }, [loop]);
  return <AnchorLoopContext.Provider value={loop ?? null}>{children}</AnchorLoopContext.Provider>;
}

export function useAnchorLoop(): AnchorLoopControl | undefined {
  return useContext(AnchorLoopContext) ?? undefined;
}

const noSubscription = (): (() => void) => () => undefined;

/** The loop's status, kept current; undefined without a loop. */
export function useAnchorLoopStatus(): AnchorLoopStatus | undefined {
  const loop = useAnchorLoop();
  const subscribe = useCallback((onChange: () => void) => (loop ? loop.subscribe(onChange) : noSubscription()), [loop]);
  return useSyncExternalStore(subscribe, () => loop?.status());
}

/**
 * Starts the loop (idempotent). The shell calls it once the kit is unlocked;
 * the loop itself stays off until a ledger is configured. While the kit is
 * locked the vault signs nothing (issue 13), so the loop waits (`locked`,
 * retried with backoff) and anchors again after the next sign-in.
 */
export function useStartAnchorLoop(): void {
  const loop = useAnchorLoop();
  const status = useAnchorLoopStatus();
  useEffect(() => {
    loop?.start();
  }, [loop]);
  // The desktop app allowed the ledger's address after this page loaded (a
  // ledger configured before the app kept a list of addresses): the page
  // reloads to reach it, and the loop starts again there. It stops at its
  // first run, just after sign-in, so no form is lost.
  const reloadNeeded = status?.state === 'error' && status.error?.code === 'reload-needed';
  useEffect(() => {
    if (reloadNeeded) reloadToContinue('anchor');
  }, [reloadNeeded]);
}
