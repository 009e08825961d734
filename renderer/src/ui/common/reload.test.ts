import { describe, expect, it } from 'vitest';
import { RELOAD_GUARD_MS, reloadToContinue, takeAfterReload, type ReloadEnv } from './reload';

function fakeEnv(start = 1_000_000): ReloadEnv & { reloads: number; time: number; items: Map<string, string> } {
  const items = new Map<string, string>();
  const env = {
    items,
    reloads: 0,
    time: start,
    storage: {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    },
    reload: () => {
      env.reloads++;
    },
    now: () => env.time,
  };
  return env;
}

describe('reloadToContinue', () => {
  it('reloads and keeps what the form was doing, for one read after the reload', () => {
    const env = fakeEnv();
    expect(reloadToContinue('sync', 'ws://10.0.0.5:4444', env)).toBe(true);
    expect(env.reloads).toBe(1);
    expect(takeAfterReload('sync', env)).toBe('ws://10.0.0.5:4444');
    expect(takeAfterReload('sync', env)).toBeUndefined();
    expect(takeAfterReload('ledger', env)).toBeUndefined();
  });

  it('does not reload twice in a row for the same reason, so a page cannot loop', () => {
    const env = fakeEnv();
    expect(reloadToContinue('sync', 'ws://10.0.0.5:4444', env)).toBe(true);
    takeAfterReload('sync', env);
    expect(reloadToContinue('sync', 'ws://10.0.0.5:4444', env)).toBe(false);
    expect(env.reloads).toBe(1);
    // Another address, or the same one later, reloads.
    expect(reloadToContinue('sync', 'ws://10.0.0.6:4444', env)).toBe(true);
    env.time += RELOAD_GUARD_MS;
    expect(reloadToContinue('sync', 'ws://10.0.0.6:4444', env)).toBe(true);
    expect(env.reloads).toBe(3);
  });

  it('does not reload without a storage to guard with, and reads nothing from a damaged one', () => {
    const env = fakeEnv();
    const broken: ReloadEnv = { ...env, storage: { ...env.storage, setItem: () => { throw new Error('quota'); } } };
    expect(reloadToContinue('anchor', true, broken)).toBe(false);
    expect(env.reloads).toBe(0);
    env.items.set('aidtrail.after-reload.ledger', '{not json');
    expect(takeAfterReload('ledger', env)).toBeUndefined();
  });
});
