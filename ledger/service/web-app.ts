/**
 * HQ's two web apps, served by the ledger itself (issue 15): the HQ console
 * at /console/ and the public donor page at /donors/, their bundles at
 * /static/… (built by `npm run build` into out/hq, hq.vite.config.ts).
 * Same origin as the API, which is the point: the console calls the admin
 * routes, which answer no CORS, and the donor page checks the log with
 * `connect-src 'self'`.
 *
 * Why not @fastify/static: it is not installed, and what is needed here is
 * smaller than it: the build output is a few files whose names the build
 * chose. They are read once, when the plugin registers, into a table keyed
 * by URL path; a request is answered from the table or not at all. No path
 * from a request ever reaches the file system, so `..`, percent-encoded
 * dots or slashes, backslashes, NUL bytes and symlinks out of the
 * directory have nothing to act on (only regular files are read; a symlink
 * is not followed). A rebuild is picked up at the next start.
 *
 * Every answer carries a strict Content-Security-Policy (scripts, styles
 * and connections to this origin only, no inline script, no framing),
 * nosniff and no-referrer, and counts against the caller's address allowance
 * like the API routes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** out/hq of this repository, where `npm run build` writes the apps. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../out/hq/', import.meta.url));

export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** The pages, by the path they are served at, and the file each is. */
const PAGES: Readonly<Record<string, string>> = { '/console/': 'console/index.html', '/donors/': 'donors/index.html' };

interface WebFile {
  readonly body: Buffer;
  readonly type: string;
}

/** Every regular file under `root` (symlinks and other kinds skipped), by its path relative to root with '/' separators. */
function filesUnder(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const type = TYPES[extname(entry.name).toLowerCase()];
        if (type !== undefined) files.set(relative(root, path).split(sep).join('/'), { body: readFileSync(path), type });
      }
    }
  };
  try {
    if (statSync(root).isDirectory()) walk(root);
  } catch {
    // Not built: the pages say so (below).
  }
  return files;
}

export interface WebAppOptions {
  /** The built apps; DEFAULT_WEB_ROOT unless given (tests). */
  readonly root?: string;
}

export function webApp(options: WebAppOptions = {}): FastifyPluginAsync {
  return async (scope) => {
    const files = filesUnder(options.root ?? DEFAULT_WEB_ROOT);
    scope.addHook('onRequest', scope.rateLimit());
    scope.addHook('onRequest', async (_request, reply) => {
      reply
        .header('content-security-policy', WEB_APP_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('x-frame-options', 'DENY')
        .header('cross-origin-opener-policy', 'same-origin')
        .header('cross-origin-resource-policy', 'same-origin');
    });

    const send = (reply: FastifyReply, file: WebFile) => reply.type(file.type).send(file.body);

    for (const [path, name] of Object.entries(PAGES)) {
      scope.get(path, async (_request, reply) => {
        const page = files.get(name);
        if (page === undefined) {
          return reply.code(503).send({ error: 'not-built', message: 'the web apps are not built: run `npm run build` and restart the ledger' });
        }
        return send(reply, page);
      });
      scope.get(path.slice(0, -1), async (_request, reply) => reply.redirect(path, 301));
    }

    scope.get('/static/*', async (request, reply) => {
      const name = (request.params as { '*': string })['*'];
      const file = files.get(`static/${name}`);
      if (file === undefined) return reply.code(404).send({ error: 'not-found', message: 'no such file' });
      // The build names its bundles by content hash: a name never changes meaning.
      return send(reply.header('cache-control', 'public, max-age=31536000, immutable'), file);
    });
  };
}
