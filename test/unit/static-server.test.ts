/**
 * bin/static-server.mjs (the launcher's web fallback and the e2e server):
 * MIME types, Host check, no directory traversal (also through symlinks),
 * the CSP header on every answer.
 */
import { request } from 'node:http';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeTypeOf, resolveRequestPath, startStaticServer, type StaticServer } from '../../bin/static-server.mjs';

const CSP = "default-src 'self'; object-src 'none'";

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A raw request: the path is sent as is (no URL normalisation as in fetch). */
function get(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
let server: StaticServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aidtrail-static-'));
  const root = join(dir, 'root');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'export {};');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dir, 'secret.txt'), 'secret');
  await symlink(join(dir, 'secret.txt'), join(root, 'escape.txt'));
  server = await startStaticServer({ root, csp: CSP, port: 0 });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it('listens on 127.0.0.1 on the port the OS chose', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves index.html for / with the CSP and hardening headers', async () => {
    const answer = await get(server.port, '/');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toBe(CSP);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.body).toContain('<title>t</title>');
  });

  it.each([
    ['/assets/app.js?v=1', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (path, type) => {
    const answer = await get(server.port, path);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/%00'])(
    'never serves a file outside the root: %s',
    async (path) => {
      const answer = await get(server.port, path);
      expect([400, 404]).toContain(answer.status);
      expect(answer.body).not.toContain('secret');
      expect(answer.headers['content-security-policy']).toBe(CSP);
    },
  );

  it('does not follow a symlink out of the root', async () => {
    expect((await get(server.port, '/escape.txt')).status).toBe(404);
  });

  it('answers 404 for a missing file and for a directory', async () => {
    expect((await get(server.port, '/nope.js')).status).toBe(404);
    expect((await get(server.port, '/assets')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(server.port, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await get(server.port, '/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(server.port, '/', { host: 'evil.example' })).status).toBe(403);
    expect((await get(server.port, '/', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('requires a CSP', async () => {
    await expect(startStaticServer({ root: dir, csp: '' })).rejects.toThrow(/Content-Security-Policy/);
  });
});

describe('resolveRequestPath / mimeTypeOf', () => {
  it('maps paths under the root and refuses the rest', () => {
    expect(resolveRequestPath('/srv', '/')).toBe('/srv/index.html');
    expect(resolveRequestPath('/srv', '/a/b.js?x#y')).toBe('/srv/a/b.js');
    expect(resolveRequestPath('/srv', '/a%20b.js')).toBe('/srv/a b.js');
    expect(resolveRequestPath('/srv', '/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveRequestPath('/srv', '/%E0%A4%A')).toBeNull();
  });

  it('knows the types a Vite build emits and falls back to octet-stream', () => {
    expect(mimeTypeOf('a.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('a.WASM')).toBe('application/wasm');
    expect(mimeTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});
