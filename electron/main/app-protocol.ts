/**
 * The `app://aidtrail/` protocol: the built renderer (out/renderer) served to
 * the window from a custom origin instead of `file://`, which would make the
 * whole disk one origin with the page (Electron security checklist, item 18).
 *
 * No `electron` import, so vitest runs it: index.ts registers
 * {@link APP_PROTOCOL_SCHEME} before ready and hands
 * {@link createAppProtocolHandler} to `protocol.handle`.
 */
import { promises as fs } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from '../security-policy';

/**
 * standard: relative URLs resolve and the origin is `app://aidtrail`, with its
 * own storage (IndexedDB, localStorage); secure: a secure context, which
 * `crypto.subtle` needs; supportFetchAPI: the page may fetch its own assets.
 * Deliberately not `bypassCSP`.
 */
export const APP_PROTOCOL_SCHEME: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The types a Vite build of the renderer emits; anything else is served as opaque bytes (and nosniff). */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

export const mimeTypeOf = (path: string): string => MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

export type AppRequestTarget =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'refused'; readonly status: 400 | 404 };

const BAD_REQUEST = { kind: 'refused', status: 400 } as const;
const NOT_FOUND = { kind: 'refused', status: 404 } as const;

/**
 * Encoded forms of `.`, `/`, `\` and NUL: after decoding they could rebuild a
 * `..` segment or a separator the URL parser never saw. The build emits none.
 */
const ENCODED_SEPARATOR = /%(?:2e|2f|5c|00)/i;

/**
 * Maps an `app://aidtrail/<path>` URL to a file under `root` (absolute,
 * resolved), or refuses it: another scheme or host, credentials or a port
 * (404); a path that is malformed or could leave the root (400). Query and
 * fragment are ignored; a directory means its index.html. Pure: the file
 * system is not touched (see {@link createAppProtocolHandler} for symlinks).
 */
export function resolveAppRequest(root: string, requestUrl: string): AppRequestTarget {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return BAD_REQUEST;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return NOT_FOUND;
  }
  if (ENCODED_SEPARATOR.test(url.pathname)) return BAD_REQUEST;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return BAD_REQUEST;
  }
  if (pathname === '') pathname = '/';
  // `\` is a separator on Windows, `:` a drive letter or an NTFS stream there; NUL ends a C string.
  if (/[\\:\0]/.test(pathname)) return BAD_REQUEST;
  // Every segment but the last (a directory's empty one) names something: no `.`, `..` or `//`.
  const segments = pathname.slice(1).split('/');
  if (segments.some((segment, i) => segment === '.' || segment === '..' || (segment === '' && i < segments.length - 1))) {
    return BAD_REQUEST;
  }
  const file = resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
  return file.startsWith(root + sep) ? { kind: 'file', path: file } : BAD_REQUEST;
}

export interface AppProtocolOptions {
  /** The built renderer directory (out/renderer). */
  readonly root: string;
  /**
   * The Content-Security-Policy header of an answer (rendererCsp, delivery
   * `header`), read for every answer: a page loaded after an address was
   * allowed gets the policy that lists it (./connect-policy.ts).
   */
  readonly csp: () => string;
}

/**
 * The `protocol.handle` callback. Besides {@link resolveAppRequest} it
 * refuses whatever resolves, through a symlink, to outside the root, and
 * answers GET and HEAD only. Every answer carries the CSP, so no response of
 * the app's origin goes out without it.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const headers = (): Record<string, string> => ({
    'Content-Security-Policy': options.csp(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  const fail = (status: number, text: string, extra: Record<string, string> = {}): Response =>
    new Response(`${text}\n`, { status, headers: { ...headers(), 'Content-Type': 'text/plain; charset=utf-8', ...extra } });
  // Resolved once: the root itself may be reached through a symlink.
  const realRoot = fs.realpath(resolve(options.root)).catch(() => undefined);

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    const root = await realRoot;
    if (root === undefined) return fail(404, 'Not Found');
    const target = resolveAppRequest(root, request.url);
    if (target.kind === 'refused') return fail(target.status, target.status === 400 ? 'Bad Request' : 'Not Found');
    let body: Buffer;
    try {
      const file = await fs.realpath(target.path);
      if (!file.startsWith(root + sep) || !(await fs.stat(file)).isFile()) return fail(404, 'Not Found');
      body = await fs.readFile(file);
    } catch {
      return fail(404, 'Not Found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...headers(), 'Content-Type': mimeTypeOf(target.path), 'Cache-Control': 'no-cache' },
    });
  };
}
