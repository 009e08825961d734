/**
 * Which `HostApi` the renderer talks to. In Electron the preload puts the
 * HostApi on `window.aidtrail` (keys stay in the main process); in a plain
 * browser it is absent and the browser host (WebCrypto non-extractable keys
 * in IndexedDB) stands in.
 */
import type { HostApi } from '../../../shared/ipc';
import { createBrowserHost } from './browser-host';

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

/** The page's host: the desktop one when the preload provided it, else the browser host. Call once per page. */
export const selectHost = (): SelectedHost => chooseHost(desktopHost(), () => createBrowserHost());
