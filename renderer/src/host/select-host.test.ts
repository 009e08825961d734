import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserHost, chooseHost } from './select-host';
import { createMemoryHost } from './memory-host';
import { VAULT_WORKER_NAME } from './worker-host';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('chooseHost', () => {
  it('uses the preload HostApi when there is one, without making a browser host', () => {
    const desktop = createMemoryHost();
    const makeBrowserHost = vi.fn(() => createMemoryHost());
    expect(chooseHost(desktop, makeBrowserHost)).toEqual({ kind: 'desktop', host: desktop });
    expect(makeBrowserHost).not.toHaveBeenCalled();
  });

  it('falls back to the browser host', () => {
    const browser = createMemoryHost();
    expect(chooseHost(undefined, () => browser)).toEqual({ kind: 'browser', host: browser });
  });
});

describe('browserHost', () => {
  it('runs the vault in a dedicated module worker where the browser has workers', () => {
    const started: { url: string; options: unknown }[] = [];
    vi.stubGlobal(
      'Worker',
      class extends EventTarget {
        constructor(url: URL, options: WorkerOptions) {
          super();
          started.push({ url: String(url), options });
        }
      },
    );
    browserHost();
    expect(started).toEqual([{ url: expect.stringMatching(/\/vault-worker\.ts$/), options: { type: 'module', name: VAULT_WORKER_NAME } }]);
  });

  it('runs the vault on this thread where there is no Worker, without a word about a worker', async () => {
    const warn = vi.spyOn(console, 'warn');
    expect(typeof Worker).toBe('undefined');
    // No IndexedDB under Node either: the page's vault says so itself.
    await expect(browserHost().vaultCreate()).resolves.toMatchObject({ ok: false, code: 'vault-unavailable' });
    expect(warn).not.toHaveBeenCalled();
  });
});
