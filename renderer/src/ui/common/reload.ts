/**
 * Reloading for a new network policy (the kit's `reload-needed`): in the
 * desktop app a page reaches only the addresses its CSP listed when it
 * loaded, so once an operator's address is allowed the page reloads, and
 * what the form was doing is kept in sessionStorage (this window only, gone
 * when it closes) for the form to finish after the reload. The vault's
 * session lives in the main process and survives the reload; the route is
 * in the URL's hash.
 *
 * A guard keeps it from looping: the same reason twice within
 * `RELOAD_GUARD_MS` does not reload again, and the screen shows the failure.
 */

/** sessionStorage, or a stand-in in tests. */
export type ReloadStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface ReloadEnv {
  readonly storage: ReloadStorage;
  readonly reload: () => void;
  readonly now: () => number;
}

export const RELOAD_GUARD_MS = 30_000;
const PENDING_PREFIX = 'aidtrail.after-reload.';
const GUARD_KEY = 'aidtrail.reloaded-for';

const pageEnv = (): ReloadEnv => ({ storage: window.sessionStorage, reload: () => window.location.reload(), now: () => Date.now() });

/**
 * Reloads the page, keeping `pending` (JSON) under `key` for
 * `takeAfterReload`. False, and no reload, when the same key and pending
 * were reloaded for a moment ago, or sessionStorage is not available (no
 * guard, so no reload).
 */
export function reloadToContinue(key: string, pending: unknown = true, env: ReloadEnv = pageEnv()): boolean {
  const reason = JSON.stringify([key, pending]);
  try {
    const last = JSON.parse(env.storage.getItem(GUARD_KEY) ?? 'null') as { reason?: unknown; at?: unknown } | null;
    if (last?.reason === reason && typeof last.at === 'number' && Math.abs(env.now() - last.at) < RELOAD_GUARD_MS) return false;
    env.storage.setItem(GUARD_KEY, JSON.stringify({ reason, at: env.now() }));
    env.storage.setItem(`${PENDING_PREFIX}${key}`, JSON.stringify(pending));
  } catch {
    return false;
  }
  env.reload();
  return true;
}

/** What `reloadToContinue` kept under `key`, once: it is removed as it is read. */
export function takeAfterReload(key: string, env: Pick<ReloadEnv, 'storage'> = pageEnv()): unknown {
  try {
    const text = env.storage.getItem(`${PENDING_PREFIX}${key}`);
    if (text === null) return undefined;
    env.storage.removeItem(`${PENDING_PREFIX}${key}`);
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
