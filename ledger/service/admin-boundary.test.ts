/**
 * The admin API's boundary (issue 12, finding 1), attacked in process
 * (fastify inject) and over a real socket with the path sent byte for byte:
 * the router decodes percent-escapes before it matches, so authentication
 * must follow the matched route, never the raw URL. Every spelling of an
 * admin path without the token is 401 or 404, never served, and never
 * carries CORS headers.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certBody } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import { ADMIN_TOKEN, fastDevice, openLedger } from '../testing/fixtures';
import { rawRequest } from '../testing/raw-http';
import { buildApp } from './http';
import type { Ledger } from './ledger';

let ledger: Ledger;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  ledger = await openLedger(new SqliteStore(':memory:'));
  app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

/** Ways to spell `/admin` that a router, a proxy or a browser may read as it. */
const PREFIXES = ['/%61dmin', '/%2561dmin', '/adm%69n', '//admin', '/x/../admin', '/./admin', '/ADMIN', '/Admin', '/%41dmin'];
/** Ways to spell `/admin/devices` with something after or inside it. */
const DEVICES = ['/admin/devices;x', '/admin/devices?', '/admin/devices/', '/admin/devices%00', '/admin/devices%2f', '/admin%2Fdevices', '/admin//devices', '/admin/./devices', '/admin/%64evices'];
const READS = ['events', 'export', 'verify-tree', 'rejections', 'devices', 'sites'];

const spellings = (): { method: 'GET' | 'POST'; path: string }[] => [
  ...PREFIXES.map((p) => ({ method: 'POST' as const, path: `${p}/devices` })),
  ...DEVICES.map((path) => ({ method: 'POST' as const, path })),
  ...PREFIXES.flatMap((p) => READS.map((r) => ({ method: 'GET' as const, path: `${p}/${r}` }))),
  ...PREFIXES.map((p) => ({ method: 'GET' as const, path: `${p}/events?limit=1000` })),
];

function expectRefused(answer: { status: number; headers: Readonly<Record<string, unknown>>; body: string }, what: string): void {
  expect([401, 404], what).toContain(answer.status);
  expect(answer.headers['access-control-allow-origin'], what).toBeUndefined();
  expect(JSON.parse(answer.body), what).toMatchObject({ error: answer.status === 401 ? 'unauthorized' : 'not-found' });
}

describe('the admin API without the token', () => {
  it('refuses every spelling of an admin path (401 or 404), in process and over a socket, and issues nothing', async () => {
    const subject = fastDevice().did;
    const payload = JSON.stringify(certBody(subject));
    const tried = spellings();
    for (const { method, path } of tried) {
      const headers = method === 'POST' ? { 'content-type': 'application/json' } : {};
      const body = method === 'POST' ? payload : undefined;
      const injected = await app.inject({ method, url: path, headers, ...(body === undefined ? {} : { payload: body }) });
      expectRefused({ status: injected.statusCode, headers: injected.headers, body: injected.body }, `inject ${method} ${path}`);
      expectRefused(await rawRequest(base, method, path, { headers, ...(body === undefined ? {} : { body }) }), `socket ${method} ${path}`);
    }
    expect(tried.length).toBeGreaterThan(70);
    expect(await ledger.trustEvents(0)).toEqual([]);
    expect((await ledger.registry()).certificates.has(subject as never)).toBe(false);
  });

  it('refuses wrong tokens on the decoded spellings the router does serve, and serves them with the token', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token', ADMIN_TOKEN, `Bearer ${ADMIN_TOKEN}x`, `bearer ${ADMIN_TOKEN}`, `Bearer  ${ADMIN_TOKEN}`]) {
      const r = await rawRequest(base, 'GET', '/%61dmin/rejections', { headers: authorization === undefined ? {} : { authorization } });
      expect([r.status, JSON.parse(r.body).error], String(authorization)).toEqual([401, 'unauthorized']);
    }
    // The router took `/%61dmin/rejections` for the admin route: with the token it is that route, and still without CORS.
    const served = await rawRequest(base, 'GET', '/%61dmin/rejections', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(served.status).toBe(200);
    expect(JSON.parse(served.body)).toHaveProperty('rejections');
    expect(served.headers['access-control-allow-origin']).toBeUndefined();
    const cert = await rawRequest(base, 'POST', '/%61dmin/devices', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(certBody(fastDevice().did)),
    });
    expect(cert.status).toBe(201);
  });

  it('answers no CORS preflight for admin paths, and still does for the public and device routes', async () => {
    for (const path of ['/admin/devices', '/%61dmin/devices', '/admin/events']) {
      const r = await rawRequest(base, 'OPTIONS', path, { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(r.status, path).toBe(404);
      expect(r.headers['access-control-allow-origin'], path).toBeUndefined();
    }
    for (const path of ['/batches', '/checkpoint', '/trust', `/devices/${fastDevice().did}/head`]) {
      const r = await rawRequest(base, 'OPTIONS', path, { headers: { origin: 'http://127.0.0.1:5757', 'access-control-request-method': 'POST' } });
      expect([r.status, r.headers['access-control-allow-origin']], path).toEqual([204, '*']);
    }
  });
});
