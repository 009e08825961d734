/**
 * The pure half of the window guards: policies as data and predicates, no
 * `electron` import, so vitest checks them without an Electron binary and the
 * build config, the Electron main process and the browser launcher all derive
 * their Content-Security-Policy from this one module.
 *
 * `electron/security.ts` applies these to real windows and sessions.
 */
import type { WebPreferences } from 'electron';

/** A CSP as data: directive name → source list (an empty list = bare directive). */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

const DIRECTIVE_NAME = /^[a-z][a-z-]*$/;
// A CSP source expression never contains whitespace, ';' or ',' (those would
// end the source, the directive or the whole policy).
const SOURCE_EXPRESSION = /^[^\s;,]+$/;

/** Serialises directives to a header value, rejecting anything that could smuggle in another directive. */
export function buildCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => {
      if (!DIRECTIVE_NAME.test(name)) throw new Error(`invalid CSP directive name: ${JSON.stringify(name)}`);
      for (const source of sources) {
        if (!SOURCE_EXPRESSION.test(source)) {
          throw new Error(`invalid CSP source in ${name}: ${JSON.stringify(source)}`);
        }
      }
      return sources.length === 0 ? name : `${name} ${sources.join(' ')}`;
    })
    .join('; ');
}

/**
 * Directives a browser ignores (and logs a console error for) when they come
 * from a `<meta>` element instead of a response header.
 */
const HEADER_ONLY_DIRECTIVES: ReadonlySet<string> = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/**
 * The renderer's origin in the desktop app: a privileged custom protocol
 * (electron/main/app-protocol.ts serves out/renderer under it) rather than
 * `file://`, which Chromium treats as one origin for the whole disk.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'aidtrail';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Without a list of endpoints the page may reach any http(s) or ws(s) origin:
 * the browser build, whose user types the signaling and HQ addresses at run
 * time and whose policy is fixed when the page is built.
 */
const ANY_ENDPOINT = ['http:', 'https:', 'ws:', 'wss:'] as const;

/**
 * What one `connect-src` endpoint may look like: a scheme, a DNS name or IPv4
 * address, a port. No path, wildcard, keyword or quoted source can pass, so a
 * configured address can only ever widen the policy by that one origin.
 * (CSP host sources cannot name an IPv6 literal.)
 */
const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const CONNECT_ORIGIN = new RegExp(`^(?:https?|wss?)://${DNS_LABEL}(?:\\.${DNS_LABEL})*(?::\\d{1,5})?$`);

export const isConnectOrigin = (source: string): boolean => CONNECT_ORIGIN.test(source);

export type CspOptions = {
  /**
   * `development` is the Vite dev server only (inline React-refresh preamble,
   * injected `<style>` tags, HMR websocket); a build always uses `production`.
   */
  readonly mode: 'production' | 'development';
  /** `meta` drops the directives a `<meta>` CSP cannot carry. */
  readonly delivery: 'header' | 'meta';
  /**
   * The only endpoints the page may reach besides the app itself: HQ's ledger
   * and the LAN signaling services (electron/main/network-config.ts). Omitted:
   * any endpoint (see ANY_ENDPOINT).
   */
  readonly connectSrc?: readonly string[];
};

/** The renderer's Content-Security-Policy. */
export function rendererCsp(options: CspOptions): string {
  const endpoints = options.connectSrc ?? ANY_ENDPOINT;
  if (options.connectSrc !== undefined) {
    for (const source of options.connectSrc) {
      if (!isConnectOrigin(source)) throw new Error(`connect-src takes origins only, not ${JSON.stringify(source)}`);
    }
  }
  const dev = options.mode === 'development';
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    // Scripts, eval, objects and frames stay locked to the app itself, which
    // keeps injected code from running; connect-src narrows where data can go.
    'connect-src': dev
      ? ["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*', ...endpoints]
      : ["'self'", ...endpoints],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  if (options.delivery === 'meta') {
    for (const name of HEADER_ONLY_DIRECTIVES) delete directives[name];
  }
  return buildCsp(directives);
}

/**
 * True when `candidate` is the app itself: the same document as the entry for
 * an `app:` entry (the built renderer, {@link APP_ENTRY}) or a `file:` entry,
 * the same origin for an http(s) entry (the Vite dev server). Everything
 * else, including unparsable input, `about:`, `data:`, `javascript:`, other
 * files and other `app:` hosts, is false.
 */
export function isAppUrl(candidate: string, appEntry: string): boolean {
  let target: URL;
  let entry: URL;
  try {
    target = new URL(candidate);
    entry = new URL(appEntry);
  } catch {
    return false;
  }
  switch (entry.protocol) {
    case `${APP_SCHEME}:`:
      // `app:` is not a special scheme to the WHATWG URL parser: its origin is
      // opaque ("null"), so compare the parts, credentials included.
      return (
        target.protocol === entry.protocol &&
        target.host === entry.host &&
        target.username === '' &&
        target.password === '' &&
        target.pathname === entry.pathname
      );
    case 'file:':
      return target.protocol === 'file:' && target.host === entry.host && target.pathname === entry.pathname;
    case 'http:':
    case 'https:':
      return target.origin === entry.origin;
    default:
      return false;
  }
}

/** `will-navigate` / `will-redirect`: stay on the app, never leave it. */
export const isNavigationAllowed = (target: string, appEntry: string): boolean => isAppUrl(target, appEntry);

/** IPC is answered only for frames that show the app (Electron checklist: validate the sender). */
export const isTrustedIpcSender = (senderUrl: string | undefined, appEntry: string): boolean =>
  senderUrl !== undefined && isAppUrl(senderUrl, appEntry);

/**
 * Permissions the app may be granted to any frame. Empty: every request and
 * check is denied, except the scanner's camera (`isCameraOnlyRequest`), which
 * `security.ts` grants to the app's own page only.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = [];

export const isPermissionAllowed = (permission: string): boolean => ALLOWED_PERMISSIONS.includes(permission);

/**
 * The one media request the app makes: the check screen's QR scanner asks
 * for the camera alone (`getUserMedia({ video: true, audio: false })`).
 * Electron reports it as the `media` permission with `mediaTypes: ['video']`;
 * anything with a microphone, or naming no media type, is not the scanner.
 * `security.ts` grants it to the app's own frame
 * (`isAppUrl(details.requestingUrl, appEntry)`) and keeps denying every other
 * permission. (No CSP change is needed for the camera: a
 * MediaStream set as `video.srcObject` is not a fetch, so `media-src` does not
 * apply, and the QR code is drawn on a <canvas>, not loaded as an image.)
 */
export function isCameraOnlyRequest(
  permission: string,
  details: { readonly mediaTypes?: readonly string[] | undefined } | undefined,
): boolean {
  const types = details?.mediaTypes ?? [];
  return permission === 'media' && types.length > 0 && types.every((type) => type === 'video');
}

/** The permission-check counterpart (Electron passes one `mediaType` there, `video`, `audio` or `unknown`). */
export function isCameraOnlyCheck(
  permission: string,
  details: { readonly mediaType?: string | undefined } | undefined,
): boolean {
  return permission === 'media' && details?.mediaType === 'video';
}

export type BuildKind = {
  /** `app.isPackaged`: an installed build, where nobody debugs and DevTools only help an attacker at the keyboard. */
  readonly packaged: boolean;
};

/** webPreferences for every app window; DevTools only outside a packaged build. */
export function secureWebPreferences(preloadPath: string, build: BuildKind): WebPreferences {
  return {
    preload: preloadPath,
    devTools: !build.packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}
