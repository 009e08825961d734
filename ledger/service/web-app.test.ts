/**
 * The web apps' plugin (./web-app.ts), attacked over a real socket with
 * paths sent byte for byte: nothing but the built files it listed at start
 * is ever served, whatever the spelling (dots, encoded dots and slashes,
 * backslashes, NUL, double encoding, symlinks out of the directory), every
 * answer carries the strict CSP, and serving the console on the ledger's
 * origin opens nothing of the admin API to a page elsewhere.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite-store';
import { ADMIN_TOKEN, openLedger } from '../testing/fixtures';
import { rawRequest } from '../testing/raw-http';
import { buildApp } from './http';
import { DEFAULT_LIMITS, rateLimitOptions } from './http-limits';
import type { Ledger } from './ledger';
import { WEB_APP_CSP, webApp } from './web-app';

const SECRET = 'ledger-secret-do-not-serve';
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-web-'));
  const root = join(dir, 'hq');
  for (const sub of ['console', 'donors', 'static']) mkdirSync(join(root, sub), { recursive: true });
  writeFileSync(join(root, 'console', 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'donors', 'index.html'), '<!doctype html><title>donors</title>');
  writeFileSync(join(root, 'static', 'app-1a2b.js'), 'console.log(1)');
  writeFileSync(join(root, 'static', 'notes.exe'), 'MZ');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'secret.js'), SECRET);
  symlinkSync(join(dir, 'secret.js'), join(root, 'static', 'link.js'));
  symlinkSync(dir, join(root, 'static', 'up'));
  app = Fastify();
  await app.register(rateLimit, rateLimitOptions(DEFAULT_LIMITS));
  await app.register(webApp({ root }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
});

describe('the web apps', () => {
  it('serves the pages and bundles with the strict headers', async () => {
    for (const [path, text, type] of [
      ['/console/', 'console', 'text/html'],
      ['/donors/', 'donors', 'text/html'],
      ['/static/app-1a2b.js', 'console.log', 'text/javascript'],
    ] as const) {
      const r = await rawRequest(base, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(r.body, path).toContain(text);
      expect(r.headers['content-type'], path).toContain(type);
      expect(r.headers['content-security-policy'], path).toBe(WEB_APP_CSP);
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['referrer-policy'], path).toBe('no-referrer');
      expect(r.headers['x-frame-options'], path).toBe('DENY');
      expect(r.headers['access-control-allow-origin'], path).toBeUndefined();
    }
    expect(WEB_APP_CSP).not.toMatch(/unsafe|\*|data:/);
    expect(WEB_APP_CSP).toContain("connect-src 'self'");
    const redirect = await rawRequest(base, 'GET', '/donors');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/donors/');
  });

  it('serves nothing outside the listed files, however the path is spelled', async () => {
    const attacks = [
      '/static/../secret.txt', '/static/..%2fsecret.txt', '/static/%2e%2e/secret.txt', '/static/%2e%2e%2fsecret.txt',
      '/static/%252e%252e%252fsecret.txt', '/static/..%5csecret.txt', '/static/..\\secret.txt', '/static/%2e%2e%5c%2e%2e%5csecret.txt',
      '/static/app-1a2b.js%00.txt', '/static/app-1a2b.js/', '/static/app-1a2b.js%2f', '/static//app-1a2b.js', '/static/./app-1a2b.js',
      '/static/%2fetc%2fpasswd', '/static//etc/passwd', '/static/link.js', '/static/up/secret.txt', '/static/up%2fsecret.txt',
      '/static/notes.exe', '/static/', '/static', '/STATIC/app-1a2b.js', '/static/APP-1A2B.JS',
      '/console/../../secret.txt', '/console/%2e%2e/%2e%2e/secret.txt', '/console/index.html', '/donors/%2e%2e/console/',
      '/%2e%2e/secret.txt', '/static/%c0%ae%c0%ae/secret.txt', '/static/..%c0%afsecret.txt', '/static/%ZZ',
    ];
    for (const path of attacks) {
      const r = await rawRequest(base, 'GET', path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toContain(SECRET);
      expect(r.body, path).not.toContain('MZ');
    }
  });

  it('answers GET and HEAD only', async () => {
    expect((await rawRequest(base, 'HEAD', '/donors/')).status).toBe(200);
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await rawRequest(base, method, '/donors/')).status, method).toBe(404);
  });

  it('says the apps are not built rather than serving anything else', async () => {
    const bare = Fastify();
    await bare.register(rateLimit, rateLimitOptions(DEFAULT_LIMITS));
    await bare.register(webApp({ root: join(tmpdir(), 'aidtrail-no-such-dir') }));
    const r = await bare.inject({ method: 'GET', url: '/console/' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ error: 'not-built' });
    await bare.close();
  });
});

describe('on the ledger', () => {
  let ledger: Ledger;
  let hq: FastifyInstance;
  beforeAll(async () => {
    ledger = await openLedger(new SqliteStore(':memory:'));
    hq = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await hq.close();
    await ledger.close();
  });

  it('serves the console with its CSP and leaves the admin API without CORS and behind the token', async () => {
    const page = await hq.inject({ method: 'GET', url: '/console/' });
    expect([200, 503]).toContain(page.statusCode); // 503 until `npm run build`
    expect(page.headers['content-security-policy']).toBe(WEB_APP_CSP);
    const admin = await hq.inject({ method: 'GET', url: '/admin/devices', headers: { origin: 'http://evil.example' } });
    expect(admin.statusCode).toBe(401);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await hq.inject({ method: 'OPTIONS', url: '/admin/devices', headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    // The API routes keep their own headers: no page CSP on JSON.
    const info = await hq.inject({ method: 'GET', url: '/' });
    expect(info.statusCode).toBe(200);
    expect(info.headers['content-security-policy']).toBeUndefined();
  });
});
