/**
 * Live peer sync as the screens see it: a `SyncControl` (kit/api/sync.ts)
 * that main.tsx gets from startKit and provides here. It may be absent (a
 * build without live sync, a test harness): every screen then works without
 * it, and sync files (the kit's `exportSyncFile` / `importSyncFile`) still
 * carry events.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SyncControl, SyncStatus } from '../kit/api';

const SyncContext = createContext<SyncControl | null>(null);

export function SyncProvider({ sync, children }: { readonly sync?: SyncControl | undefined; readonly children: ReactNode }) {
  return <SyncContext.Provider value={sync ?? null}>{children}</SyncContext.Provider>;
}

/** The live sync, or undefined when this build or harness has none. */
export function useSync(): SyncControl | undefined {
  return useContext(SyncContext) ?? undefined;
}

/** The live sync's status, kept current through `subscribe`; undefined without live sync. */
export function useSyncStatus(): SyncStatus | undefined {
  const sync = useSync();
  const [status, setStatus] = useState<SyncStatus | undefined>(() => sync?.status());
  useEffect(() => {
    if (!sync) {
      setStatus(undefined);
      return;
    }
    setStatus(sync.status());
    return sync.subscribe(setStatus);
  }, [sync]);
  return status;
}

/** Derived views reload at most this often while a sync is running (a catch-up can store 100k events). */
export const SYNC_RELOAD_MS = 5000;

/**
 * A number that changes when live sync has stored (or rejected) new events,
 * at most every SYNC_RELOAD_MS while syncing and at once when it settles;
 * always 0 without live sync. Screens showing derived views (reconciliation,
 * day close) put it in their effects' dependencies to reload.
 */
export function useSyncRefreshKey(minIntervalMs: number = SYNC_RELOAD_MS): number {
  const status = useSyncStatus();
  const count = status ? status.progress.stored + status.progress.quarantined : 0;
  const settled = status?.state !== 'syncing';
  const [key, setKey] = useState(count);
  const last = useRef(0);
  useEffect(() => {
    if (count === key) return;
    const wait = settled ? 0 : Math.max(0, last.current + minIntervalMs - Date.now());
    const timer = window.setTimeout(() => {
      last.current = Date.now();
      setKey(count);
    }, wait);
    return () => window.clearTimeout(timer);
  }, [count, key, settled, minIntervalMs]);
  return key;
}
