/**
 * The renderer's view of its host. In Electron the preload puts the HostApi
 * on `window.aidtrail`; in a plain browser it is absent (the browser host
 * comes later and will implement the same `HostApi`).
 */
import type { HostApi } from '../../shared/ipc';

declare global {
  interface Window {
    readonly aidtrail?: HostApi;
  }
}

export function desktopHost(): HostApi | undefined {
  return window.aidtrail;
}
