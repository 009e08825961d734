/**
 * The app:// protocol without Electron: the pure path resolver against
 * hostile URLs, and the handler against a real directory with symlinks.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY } from '../security-policy';
import { APP_PROTOCOL_SCHEME, createAppProtocolHandler, mimeTypeOf, resolveAppRequest } from './app-protocol';

const ROOT = '/opt/Aidtrail/out/renderer';

describe('APP_PROTOCOL_SCHEME', () => {
  it('is a standard, secure scheme that may fetch, and never bypasses the CSP', () => {
    expect(APP_PROTOCOL_SCHEME).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});

describe('resolveAppRequest', () => {
  it.each([
    [APP_ENTRY, `${ROOT}/index.html`],
    ['app://aidtrail/', `${ROOT}/index.html`],
    ['app://aidtrail', `${ROOT}/index.html`],
    ['app://aidtrail/assets/index-abc.js?v=1#x', `${ROOT}/assets/index-abc.js`],
    ['app://aidtrail/assets/', `${ROOT}/assets/index.html`],
    ['app://aidtrail/assets/../index.html', `${ROOT}/index.html`],
    ['app://aidtrail/fonts/Noto%20Sans.woff2', `${ROOT}/fonts/Noto Sans.woff2`],
    // Decoded once: a double-encoded `..` is a literal file name inside the root.
    ['app://aidtrail/%252e%252e/secret', `${ROOT}/%2e%2e/secret`],
  ])('maps %s to %s', (url, file) => {
    expect(resolveAppRequest(ROOT, url)).toEqual({ kind: 'file', path: file });
  });

  it.each([
    'app://aidtrail/..%2f..%2fetc/passwd',
    'app://aidtrail/%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://aidtrail/assets%2f..%2f..%2fsecret',
    'app://aidtrail/..%5c..%5cwindows%5cwin.ini',
    'app://aidtrail/..\\..\\windows\\win.ini',
    'app://aidtrail/index.html%00.png',
    'app://aidtrail/a\u0000b',
    'app://aidtrail//etc/passwd',
    'app://aidtrail/assets//x.js',
    'app://aidtrail/C:/Windows/win.ini',
    'app://aidtrail/index.html::$DATA',
    'app://aidtrail/%E0%A4%A',
  ])('refuses a path that is malformed or could leave the root: %j', (url) => {
    expect(resolveAppRequest(ROOT, url)).toEqual({ kind: 'refused', status: 400 });
  });

  it.each([
    'app:///etc/passwd',
    'app://other/index.html',
    'app://aidtrail.evil/index.html',
    'app://aidtrail:8080/index.html',
    'app://user@aidtrail/index.html',
    'file:///opt/Aidtrail/out/renderer/index.html',
    'https://aidtrail/index.html',
    'not a url',
  ])('serves nothing for another scheme, host, port or user: %j', (url) => {
    expect(resolveAppRequest(ROOT, url)).toMatchObject({ kind: 'refused' });
  });

  it('never maps any path to a file outside the root', () => {
    const pathText = fc.array(fc.constantFrom('..', '.', '%2e', '%2E%2e', '%2f', '%5c', '%00', '/', '\\', 'a', 'index.html', ':', '%25', '~'), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(pathText, (parts) => {
        const target = resolveAppRequest(ROOT, `app://aidtrail/${parts.join('')}`);
        return target.kind === 'refused' || target.path.startsWith(ROOT + sep);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mimeTypeOf', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.woff2', 'font/woff2'],
    ['a.exe', 'application/octet-stream'],
    ['noextension', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(mimeTypeOf(file)).toBe(type);
  });
});

describe('createAppProtocolHandler', () => {
  const CSP = "default-src 'self'; connect-src 'self' https://hq.example.org";
  let base: string;
  let handle: (request: Request) => Promise<Response>;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'aidtrail-app-protocol-'));
    const root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Aidtrail</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(base, 'secret.txt'), 'outside the root');
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.js'));
    symlinkSync(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
    handle = createAppProtocolHandler({ root, csp: () => CSP });
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('serves the entry with its type, the CSP and nosniff', async () => {
    const answer = await get(APP_ENTRY);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('content-security-policy')).toBe(CSP);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await answer.text()).toContain('<title>Aidtrail</title>');
  });

  it('serves the root as index.html and assets as JavaScript', async () => {
    expect(await (await get('app://aidtrail/')).text()).toContain('Aidtrail');
    const script = await get('app://aidtrail/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export {};');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_ENTRY, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get(APP_ENTRY, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('follows a symlink that stays inside the root, and refuses one that leaves it', async () => {
    expect((await get('app://aidtrail/alias.js')).status).toBe(200);
    const leak = await get('app://aidtrail/assets/leak.js');
    expect(leak.status).toBe(404);
    expect(await leak.text()).not.toContain('outside the root');
  });

  it.each([
    ['app://aidtrail/missing.js', 404],
    ['app://aidtrail/empty/', 404],
    ['app://aidtrail/assets', 404],
    ['app://other/index.html', 404],
    ['app://aidtrail/..%2fsecret.txt', 400],
    ['app://aidtrail/assets/..%2f..%2fsecret.txt', 400],
  ])('answers %s with %i, still under the CSP', async (url, status) => {
    const answer = await get(url);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-security-policy')).toBe(CSP);
    expect(await answer.text()).not.toContain('outside the root');
  });

  it('serves nothing when the renderer was not built', async () => {
    const missing = createAppProtocolHandler({ root: join(base, 'no-such-dir'), csp: () => CSP });
    expect((await missing(new Request(APP_ENTRY))).status).toBe(404);
  });

  it('reads the CSP for every answer, so a page loaded after a change gets the new one', async () => {
    let csp = CSP;
    const live = createAppProtocolHandler({ root: join(base, 'renderer'), csp: () => csp });
    expect((await live(new Request(APP_ENTRY))).headers.get('content-security-policy')).toBe(CSP);
    csp = `${CSP} ws://10.0.0.5:4444`;
    expect((await live(new Request(APP_ENTRY))).headers.get('content-security-policy')).toBe(csp);
    expect((await live(new Request('app://aidtrail/missing.js'))).headers.get('content-security-policy')).toBe(csp);
  });
});
