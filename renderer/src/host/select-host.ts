/**
 * Which `HostApi` the renderer talks to. In Electron the preload puts the
 * HostApi on `window.aidtrail` (keys stay in the main process); in a plain
 * browser it is absent and the browser host (WebCrypto non-extractable keys
 * in IndexedDB) stands in, its vault in a dedicated worker
 * (./worker-host.ts) where the browser has workers, on the page otherwise.
 */
import type { HostApi } from '../../../shared/ipc';
import { createBrowserHost } from './browser-host';
import { createWorkerHost } from './worker-host';

declare global {
  interface Window {
    /** Set by electron/preload (`HOST_API_GLOBAL`); absent in a plain browser. */
    readonly aidtrail?: HostApi;
  }
}

export type HostKind = 'desktop' | 'browser';
export type SelectedHost = { readonly kind: HostKind; readonly host: HostApi };

/** The preload's HostApi, if this page runs in the desktop app. */
export function desktopHost(): HostApi | undefined {
  return typeof window === 'undefined' ? undefined : window.aidtrail;
}

/** The decision itself, without globals (unit-tested). */
export function chooseHost(provided: HostApi | undefined, makeBrowserHost: () => HostApi): SelectedHost {
  return provided ? { kind: 'desktop', host: provided } : { kind: 'browser', host: makeBrowserHost() };
}

/** The browser host: its vault in a worker where there is `Worker` (every browser the kit supports), else on this thread. */
export const browserHost = (): HostApi => (typeof Worker === 'function' ? createWorkerHost() : createBrowserHost());

/** The page's host: the desktop one when the preload provided it, else the browser host. Call once per page. */
export const selectHost = (): SelectedHost => chooseHost(desktopHost(), browserHost);
