/**
 * Every window guard of the app, applied in one place. The decisions (CSP,
 * which URLs are the app, which permissions exist) live in the pure
 * `security-policy.ts`; this file wires them into Electron.
 */
import type { App, Menu, Session, WebContents } from 'electron';
import {
  type BuildKind,
  isAppUrl,
  isCameraOnlyCheck,
  isCameraOnlyRequest,
  isNavigationAllowed,
  isPermissionAllowed,
  secureWebPreferences,
} from './security-policy';

export { secureWebPreferences };

/**
 * Session-wide guards: the CSP header (`rendererCsp`, as `csp()` answers it
 * for that response: electron/main/connect-policy.ts) on every response,
 * replacing any the server sent, and a deny-by-default answer to every
 * permission request but one: the app's own page may use the camera alone,
 * for the QR scanner.
 */
export function guardSession(session: Session, csp: () => string, appEntry: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp()];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const scanner = isCameraOnlyRequest(permission, { mediaTypes }) && isAppUrl(details.requestingUrl, appEntry);
    callback(scanner || isPermissionAllowed(permission));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const scanner = isCameraOnlyCheck(permission, details) && isAppUrl(details.requestingUrl ?? requestingOrigin, appEntry);
    return scanner || isPermissionAllowed(permission);
  });
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => {
    // An empty answer denies screen capture.
    callback({});
  });
}

/**
 * Guards for one WebContents: it never leaves the app, never opens windows
 * and never attaches a <webview>; in a packaged build DevTools stay shut even
 * if something opens them despite `devTools: false`.
 */
export function guardWebContents(contents: WebContents, appEntry: string, build: BuildKind): void {
  if (build.packaged) contents.on('devtools-opened', () => contents.closeDevTools());
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, appEntry)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, appEntry)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Applies {@link guardWebContents} to every WebContents the app ever creates
 * (windows, and anything a future bug might create), before it loads.
 */
export function guardApp(app: App, appEntry: string, build: BuildKind): void {
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, appEntry, build);
  });
}

/**
 * A packaged build has no application menu: Electron's default one offers
 * Reload, Force Reload and Toggle Developer Tools (with their shortcuts).
 * The targets are Linux and Windows, where copy and paste work without a
 * menu; development keeps the default menu.
 */
export function applyApplicationMenu(menu: Pick<typeof Menu, 'setApplicationMenu'>, build: BuildKind): void {
  if (build.packaged) menu.setApplicationMenu(null);
}
