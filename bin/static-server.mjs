// @ts-check
/**
 * A small static file server for the built renderer (out/renderer), used by
 * bin/start.mjs when Electron cannot run, and by the Playwright fixtures.
 *
 * - binds 127.0.0.1 by default; port 0 picks a free port
 * - GET and HEAD only; answers only to Host 127.0.0.1 / localhost (no DNS rebinding)
 * - no directory traversal: the decoded path must stay inside the root,
 *   also after following symlinks
 * - sends the app's Content-Security-Policy (given by the caller) and
 *   nosniff / no-referrer headers on every answer
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** @type {Readonly<Record<string, string>>} */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** @param {string} filePath */
export const mimeTypeOf = (filePath) => MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';

/**
 * Maps a request path to a file under `root`, or null when it would leave
 * the root (`..`, encoded `%2e%2e`, backslashes, NUL) or cannot be decoded.
 * Pure: it does not touch the file system.
 *
 * @param {string} root absolute, resolved directory
 * @param {string} requestUrl the request target, e.g. `/assets/a.js?v=1`
 * @returns {string | null}
 */
export function resolveRequestPath(root, requestUrl) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://127.0.0.1').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/');
  if (segments.some((segment) => segment === '..')) return null;
  const file = resolve(root, '.' + pathname);
  if (file !== root && !file.startsWith(root + sep)) return null;
  return pathname.endsWith('/') ? join(file, 'index.html') : file;
}

/**
 * @typedef {object} StaticServerOptions
 * @property {string} root directory to serve
 * @property {string} csp the Content-Security-Policy header value
 * @property {string} [host] default 127.0.0.1
 * @property {number} [port] default 0 (a free port)
 */

/**
 * @typedef {object} StaticServer
 * @property {string} url e.g. http://127.0.0.1:5757/
 * @property {number} port
 * @property {import('node:http').Server} server
 * @property {() => Promise<void>} close
 */

/**
 * @param {StaticServerOptions} options
 * @returns {Promise<StaticServer>}
 */
export async function startStaticServer(options) {
  const host = options.host ?? '127.0.0.1';
  const root = await realpath(resolve(options.root));
  const { csp } = options;
  if (!csp) throw new Error('startStaticServer: a Content-Security-Policy is required');

  /** @type {Record<string, string>} */
  const securityHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };

  /** @type {Set<string>} filled in once the port is known */
  const allowedHosts = new Set();

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} message
   * @param {Record<string, string>} [extra]
   */
  const fail = (res, status, message, extra = {}) => {
    res.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
    res.end(`${message}\n`);
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        fail(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
        return;
      }
      if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
        fail(res, 403, 'Forbidden host');
        return;
      }
      const candidate = resolveRequestPath(root, req.url ?? '/');
      if (candidate === null) {
        fail(res, 400, 'Bad Request');
        return;
      }
      let file;
      let size;
      try {
        file = await realpath(candidate);
        if (!file.startsWith(root + sep)) {
          fail(res, 404, 'Not Found');
          return;
        }
        const info = await stat(file);
        if (!info.isFile()) {
          fail(res, 404, 'Not Found');
          return;
        }
        size = info.size;
      } catch {
        fail(res, 404, 'Not Found');
        return;
      }
      res.writeHead(200, {
        ...securityHeaders,
        'Content-Type': mimeTypeOf(file),
        'Content-Length': String(size),
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    })().catch(() => {
      if (!res.headersSent) fail(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen(undefined);
    });
  });

  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server: no TCP address');
  const { port } = address;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  for (const name of [urlHost, '127.0.0.1', 'localhost']) allowedHosts.add(`${name}:${port}`.toLowerCase());

  return {
    url: `http://${urlHost}:${port}/`,
    port,
    server,
    close: () =>
      new Promise((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}
