/**
 * The window guards without Electron: the pure policy module, and the wiring
 * in security.ts driven through fakes (it imports only types from electron).
 */
import { describe, expect, it } from 'vitest';
import type { App, Menu, Session, WebContents } from 'electron';
import { applyApplicationMenu, guardApp, guardSession, guardWebContents } from './security';
import {
  APP_ENTRY,
  buildCsp,
  isAppUrl,
  isCameraOnlyCheck,
  isCameraOnlyRequest,
  isNavigationAllowed,
  isPermissionAllowed,
  isTrustedIpcSender,
  rendererCsp,
  secureWebPreferences,
} from './security-policy';

const FILE_ENTRY = 'file:///opt/Aidtrail/resources/app.asar/out/renderer/index.html';
const DEV_ENTRY = 'http://localhost:5173/';
const PACKAGED = { packaged: true } as const;
const UNPACKAGED = { packaged: false } as const;

const directivesOf = (csp: string): Map<string, string[]> =>
  new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );

describe('buildCsp', () => {
  it('joins directives and sources', () => {
    expect(buildCsp({ 'default-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': [] })).toBe(
      "default-src 'self'; img-src 'self' data:; upgrade-insecure-requests",
    );
  });

  it.each(["'self'; script-src *", "'self',x", 'a b', ''])('rejects a source that could inject a directive: %j', (source) => {
    expect(() => buildCsp({ 'connect-src': [source] })).toThrow(/invalid CSP source/);
  });

  it.each(['Script-Src', 'script-src;', 'x y', ''])('rejects a bad directive name: %j', (name) => {
    expect(() => buildCsp({ [name]: ["'self'"] })).toThrow(/invalid CSP directive/);
  });
});

describe('rendererCsp (production)', () => {
  const header = rendererCsp({ mode: 'production', delivery: 'header' });
  const directives = directivesOf(header);

  it('is strict', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    // Without configured endpoints (the browser build): any endpoint by scheme, never '*'.
    expect(directives.get('connect-src')).toEqual(["'self'", 'http:', 'https:', 'ws:', 'wss:']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });

  it('has no unsafe or wildcard source anywhere', () => {
    expect(header).not.toMatch(/unsafe-|\*/);
  });

  it('leaves header-only directives out of the <meta> form, and is otherwise identical', () => {
    const meta = rendererCsp({ mode: 'production', delivery: 'meta' });
    expect(meta).not.toContain('frame-ancestors');
    const withoutFrameAncestors = [...directives].filter(([name]) => name !== 'frame-ancestors');
    expect([...directivesOf(meta)]).toEqual(withoutFrameAncestors);
  });

  it('narrows connect-src to the configured endpoints alone', () => {
    const connectSrc = ['https://hq.example.org', 'ws://10.0.0.5:4444'];
    const narrowed = directivesOf(rendererCsp({ mode: 'production', delivery: 'header', connectSrc }));
    expect(narrowed.get('connect-src')).toEqual(["'self'", 'https://hq.example.org', 'ws://10.0.0.5:4444']);
    expect(directivesOf(rendererCsp({ mode: 'production', delivery: 'header', connectSrc: [] })).get('connect-src')).toEqual([
      "'self'",
    ]);
  });

  it.each([
    '*',
    "'unsafe-eval'",
    "'unsafe-inline'",
    "'self'",
    'https:',
    'https://*.example.org',
    'https://hq.example.org/path',
    'https://hq.example.org:*',
    'https://user@hq.example.org',
    'https://hq.example.org; script-src *',
    'javascript:',
    'data:',
    'ftp://hq.example.org',
    'ws://[::1]:4444',
    'HTTPS://HQ.EXAMPLE.ORG',
  ])('refuses a connect-src entry that is not one canonical origin: %j', (bad) => {
    expect(() => rendererCsp({ mode: 'production', delivery: 'header', connectSrc: [bad] })).toThrow(/origins only/);
  });
});

describe('rendererCsp (development)', () => {
  it('relaxes only what the Vite dev server needs, and never allows eval', () => {
    const dev = directivesOf(rendererCsp({ mode: 'development', delivery: 'header' }));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('object-src')).toEqual(["'none'"]);
    expect([...dev.values()].flat()).not.toContain("'unsafe-eval'");
  });
});

describe('isAppUrl / isNavigationAllowed', () => {
  it.each([
    [FILE_ENTRY, FILE_ENTRY, true],
    [FILE_ENTRY, `${FILE_ENTRY}#/households`, true],
    [FILE_ENTRY, `${FILE_ENTRY}?x=1`, true],
    [FILE_ENTRY, 'file:///opt/Aidtrail/resources/app.asar/out/renderer/../renderer/index.html', true],
    [FILE_ENTRY, 'file:///opt/Aidtrail/resources/app.asar/out/renderer/other.html', false],
    [FILE_ENTRY, 'file:///etc/passwd', false],
    [FILE_ENTRY, 'file://evil-host/opt/Aidtrail/resources/app.asar/out/renderer/index.html', false],
    [FILE_ENTRY, 'https://example.org/', false],
    [FILE_ENTRY, 'about:blank', false],
    [FILE_ENTRY, 'javascript:alert(1)', false],
    [FILE_ENTRY, 'data:text/html,hi', false],
    [FILE_ENTRY, 'not a url', false],
    [FILE_ENTRY, '', false],
    [DEV_ENTRY, 'http://localhost:5173/', true],
    [DEV_ENTRY, 'http://localhost:5173/some/route?q=1#h', true],
    [DEV_ENTRY, 'http://localhost:5174/', false],
    [DEV_ENTRY, 'https://localhost:5173/', false],
    [DEV_ENTRY, 'http://127.0.0.1:5173/', false],
    [DEV_ENTRY, 'http://localhost:5173@evil.example/', false],
    [DEV_ENTRY, 'http://evil.example/?http://localhost:5173/', false],
    [DEV_ENTRY, FILE_ENTRY, false],
    [APP_ENTRY, 'app://aidtrail/index.html', true],
    [APP_ENTRY, 'app://aidtrail/index.html#/households', true],
    [APP_ENTRY, 'app://aidtrail/index.html?x=1', true],
    [APP_ENTRY, 'app://aidtrail/assets/../index.html', true],
    [APP_ENTRY, 'app://aidtrail/', false],
    [APP_ENTRY, 'app://aidtrail/other.html', false],
    [APP_ENTRY, 'app://evil/index.html', false],
    [APP_ENTRY, 'app://aidtrail.evil/index.html', false],
    [APP_ENTRY, 'app://aidtrail:8080/index.html', false],
    [APP_ENTRY, 'app://user@aidtrail/index.html', false],
    [APP_ENTRY, 'app://user:pw@aidtrail/index.html', false],
    [APP_ENTRY, 'other://aidtrail/index.html', false],
    [APP_ENTRY, FILE_ENTRY, false],
    [APP_ENTRY, 'http://aidtrail/index.html', false],
    [FILE_ENTRY, APP_ENTRY, false],
  ])('with the entry %s: %s → %s', (entry, target, expected) => {
    expect(isAppUrl(target, entry)).toBe(expected);
    expect(isNavigationAllowed(target, entry)).toBe(expected);
  });

  it('trusts no IPC sender without a URL, or with an unusable entry', () => {
    expect(isTrustedIpcSender(undefined, FILE_ENTRY)).toBe(false);
    expect(isTrustedIpcSender(FILE_ENTRY, FILE_ENTRY)).toBe(true);
    expect(isTrustedIpcSender(APP_ENTRY, APP_ENTRY)).toBe(true);
    expect(isTrustedIpcSender('app://evil/index.html', APP_ENTRY)).toBe(false);
    expect(isAppUrl('about:blank', 'about:blank')).toBe(false);
    expect(isAppUrl(FILE_ENTRY, 'not a url')).toBe(false);
  });
});

describe('permissions and webPreferences', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb'])(
    'denies %s',
    (permission) => {
      expect(isPermissionAllowed(permission)).toBe(false);
    },
  );

  it('recognises a camera-only media request (the QR scanner) and nothing else', () => {
    expect(isCameraOnlyRequest('media', { mediaTypes: ['video'] })).toBe(true);
    expect(isCameraOnlyRequest('media', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isCameraOnlyRequest('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(isCameraOnlyRequest('media', { mediaTypes: [] })).toBe(false);
    expect(isCameraOnlyRequest('media', {})).toBe(false);
    expect(isCameraOnlyRequest('media', undefined)).toBe(false);
    expect(isCameraOnlyRequest('geolocation', { mediaTypes: ['video'] })).toBe(false);
    expect(isCameraOnlyCheck('media', { mediaType: 'video' })).toBe(true);
    expect(isCameraOnlyCheck('media', { mediaType: 'audio' })).toBe(false);
    expect(isCameraOnlyCheck('media', { mediaType: 'unknown' })).toBe(false);
    expect(isCameraOnlyCheck('media', undefined)).toBe(false);
    expect(isCameraOnlyCheck('notifications', { mediaType: 'video' })).toBe(false);
  });

  it('isolates, sandboxes and keeps Node out of every window', () => {
    const preferences = secureWebPreferences('/app/out/preload/index.cjs', PACKAGED);
    expect(preferences.preload).toBe('/app/out/preload/index.cjs');
    for (const on of ['contextIsolation', 'sandbox', 'webSecurity'] as const) expect(preferences[on], on).toBe(true);
    for (const off of [
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'allowRunningInsecureContent',
      'webviewTag',
    ] as const) {
      expect(preferences[off], off).toBe(false);
    }
  });

  it('offers DevTools in development only, never in a packaged build', () => {
    expect(secureWebPreferences('/p.cjs', PACKAGED).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', UNPACKAGED).devTools).toBe(true);
  });
});

// ---- the wiring in security.ts, through fakes --------------------------------------------

type Listener = (...args: never[]) => unknown;

function fakeWebContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: unknown) => unknown) | undefined;
  let devToolsClosed = 0;
  const contents = {
    closeDevTools() {
      devToolsClosed += 1;
    },
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: (details: unknown) => unknown) {
      openHandler = handler;
    },
  };
  const emit = (event: string, ...args: unknown[]): boolean => {
    let prevented = false;
    const listener = listeners.get(event) as ((...a: unknown[]) => unknown) | undefined;
    if (!listener) throw new Error(`no ${event} listener`);
    listener({ preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  };
  return {
    contents: contents as unknown as WebContents,
    emit,
    listens: (event: string) => listeners.has(event),
    openWindow: (url: string) => openHandler?.({ url }),
    devToolsClosed: () => devToolsClosed,
  };
}

describe('guardWebContents', () => {
  it('blocks navigation and redirects away from the app, allows the app itself', () => {
    const fake = fakeWebContents();
    guardWebContents(fake.contents, FILE_ENTRY, PACKAGED);
    expect(fake.emit('will-navigate', 'https://example.org/')).toBe(true);
    expect(fake.emit('will-redirect', 'https://example.org/')).toBe(true);
    expect(fake.emit('will-navigate', FILE_ENTRY)).toBe(false);
  });

  it('blocks <webview> and denies every new window', () => {
    const fake = fakeWebContents();
    guardWebContents(fake.contents, FILE_ENTRY, PACKAGED);
    expect(fake.emit('will-attach-webview', {}, {})).toBe(true);
    expect(fake.openWindow('https://example.org/')).toEqual({ action: 'deny' });
    expect(fake.openWindow(FILE_ENTRY)).toEqual({ action: 'deny' });
  });

  it('closes DevTools whenever they open in a packaged build, and leaves them to development', () => {
    const packaged = fakeWebContents();
    guardWebContents(packaged.contents, APP_ENTRY, PACKAGED);
    packaged.emit('devtools-opened');
    expect(packaged.devToolsClosed()).toBe(1);
    const development = fakeWebContents();
    guardWebContents(development.contents, DEV_ENTRY, UNPACKAGED);
    expect(development.listens('devtools-opened')).toBe(false);
  });

  it('guardApp guards every WebContents the app creates', () => {
    let created: ((event: unknown, contents: WebContents) => void) | undefined;
    const app = {
      on(event: string, listener: (event: unknown, contents: WebContents) => void) {
        if (event === 'web-contents-created') created = listener;
      },
    } as unknown as App;
    guardApp(app, FILE_ENTRY, PACKAGED);
    const fake = fakeWebContents();
    created?.({}, fake.contents);
    expect(fake.emit('will-navigate', 'https://example.org/')).toBe(true);
  });
});

describe('applyApplicationMenu', () => {
  const recordingMenu = () => {
    const calls: unknown[] = [];
    return { menu: { setApplicationMenu: (menu: unknown) => calls.push(menu) } as unknown as typeof Menu, calls };
  };

  it('removes the menu (and its Reload and DevTools entries and shortcuts) from a packaged build', () => {
    const { menu, calls } = recordingMenu();
    applyApplicationMenu(menu, PACKAGED);
    expect(calls).toEqual([null]);
  });

  it('keeps the default menu in development', () => {
    const { menu, calls } = recordingMenu();
    applyApplicationMenu(menu, UNPACKAGED);
    expect(calls).toEqual([]);
  });
});

describe('guardSession', () => {
  const CSP = rendererCsp({ mode: 'production', delivery: 'header', connectSrc: ['https://hq.example.org'] });

  function fakeSession() {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      webRequest: {
        onHeadersReceived: (handler: (...args: never[]) => unknown) => (handlers['headers'] = handler),
      },
      setPermissionRequestHandler: (handler: (...args: never[]) => unknown) => (handlers['request'] = handler),
      setPermissionCheckHandler: (handler: (...args: never[]) => unknown) => (handlers['check'] = handler),
      setDevicePermissionHandler: (handler: (...args: never[]) => unknown) => (handlers['device'] = handler),
      setDisplayMediaRequestHandler: (handler: (...args: never[]) => unknown) => (handlers['display'] = handler),
    };
    return { session: session as unknown as Session, handlers: handlers as Record<string, (...args: unknown[]) => unknown> };
  }

  it('replaces any Content-Security-Policy header with the app policy', () => {
    const { session, handlers } = fakeSession();
    guardSession(session, () => CSP, FILE_ENTRY);
    let answer: { responseHeaders: Record<string, string[]> } | undefined;
    handlers['headers']?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      (response: { responseHeaders: Record<string, string[]> }) => (answer = response),
    );
    expect(answer?.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CSP],
    });
  });

  it('reads the policy for every response, so a change reaches the next page', () => {
    const { session, handlers } = fakeSession();
    let csp = CSP;
    guardSession(session, () => csp, FILE_ENTRY);
    const headerOf = () => {
      let answer: { responseHeaders: Record<string, string[]> } | undefined;
      handlers['headers']?.({ responseHeaders: {} }, (response: { responseHeaders: Record<string, string[]> }) => (answer = response));
      return answer?.responseHeaders['Content-Security-Policy'];
    };
    expect(headerOf()).toEqual([CSP]);
    csp = rendererCsp({ mode: 'production', delivery: 'header', connectSrc: ['https://hq.example.org', 'ws://10.0.0.5:4444'] });
    expect(headerOf()).toEqual([csp]);
  });

  it('denies permission requests, checks, devices and screen capture', () => {
    const { session, handlers } = fakeSession();
    guardSession(session, () => CSP, FILE_ENTRY);
    let granted: boolean | undefined;
    handlers['request']?.({}, 'media', (answer: boolean) => (granted = answer), { requestingUrl: FILE_ENTRY, mediaTypes: ['video', 'audio'] });
    expect(granted).toBe(false);
    handlers['request']?.({}, 'geolocation', (answer: boolean) => (granted = answer), { requestingUrl: FILE_ENTRY });
    expect(granted).toBe(false);
    expect(handlers['check']?.({}, 'geolocation', 'file://', { requestingUrl: FILE_ENTRY })).toBe(false);
    expect(handlers['device']?.({})).toBe(false);
    let display: unknown;
    handlers['display']?.({}, (answer: unknown) => (display = answer));
    expect(display).toEqual({});
  });

  it('lets the app page, and only it, use the camera alone for the QR scanner', () => {
    const { session, handlers } = fakeSession();
    guardSession(session, () => CSP, FILE_ENTRY);
    const ask = (url: string, mediaTypes: string[]) => {
      let granted: boolean | undefined;
      handlers['request']?.({}, 'media', (answer: boolean) => (granted = answer), { requestingUrl: url, mediaTypes });
      return granted;
    };
    expect(ask(FILE_ENTRY, ['video'])).toBe(true);
    expect(ask('https://evil.example/', ['video'])).toBe(false);
    expect(ask(FILE_ENTRY, ['audio'])).toBe(false);
    expect(handlers['check']?.({}, 'media', 'file://', { requestingUrl: FILE_ENTRY, mediaType: 'video' })).toBe(true);
    expect(handlers['check']?.({}, 'media', 'file://', { requestingUrl: FILE_ENTRY, mediaType: 'audio' })).toBe(false);
  });
});
