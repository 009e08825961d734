/**
 * The renderer's host, for app code: `selectHost()` (desktop preload or
 * browser host) and `desktopHost()`. Tests import `./memory-host` and
 * `./host-contract` directly; neither is part of the app bundle.
 */
export { chooseHost, desktopHost, selectHost, type HostKind, type SelectedHost } from './select-host';
