import { describe, expect, it, vi } from 'vitest';
import { chooseHost } from './select-host';
import { createMemoryHost } from './memory-host';

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
