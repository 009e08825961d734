/**
 * The ledger's HTTP API (fastify). Fastify rather than node:http because
 * what the intake needs at the transport is exactly what it does well and
 * tested: a body limit enforced while reading (a 4 MiB upload is refused
 * before it is buffered, and a lying Content-Length too), content-type
 * dispatch, routing with parameters, one error handler, and `inject` for
 * in-process tests. The JSON parser is ours: strict UTF-8 (a malformed byte
 * is refused, not replaced) and nothing but JSON.parse. The routes live in
 * two encapsulated plugins, whose hooks fastify runs for the routes its
 * router matched there: ./public-routes.ts (CORS) and ./admin-routes.ts
 * (the token), so who may call a route never depends on how its path was
 * spelled (issue 12).
 *
 * Public (./public-routes.ts; no personal data: ids, leaf hashes, checkpoints, proofs, HQ's
 * trust events):
 *   GET  /                          { origin, logKey, hq, size }
 *   GET  /checkpoint                latest signed checkpoint (text/plain)
 *   GET  /checkpoints?after=N&limit=  stored checkpoints with size > N
 *   GET  /proof/inclusion?id=HEX|leaf=N[&size=N]
 *   GET  /proof/consistency?from=N[&to=N]
 *   GET  /leaves?start=N&end=N      leaf hashes [start, end), ≤ 1000
 *   GET  /receipts/:eventId         a receipt against the latest checkpoint
 *   GET  /trust?after=SEQ           HQ-signed device-cert, device-revoked, plan, contribution, allocation events
 *   GET  /funds/donors              per donor organisation: contributed, allocated, paid for (issue 15)
 *   GET  /funds/donors/:org?seed=&sample=N   its flow: contributions → allocations → site rounds → handouts
 *                                   by day; per total a count of handout events and a sample the seed picks
 *                                   (≤ 100) to prove at the answer's `size` (./funds-views.ts); no household ids
 * HQ's web apps (./web-app.ts; built into out/hq by `npm run build`, strict CSP):
 *   GET  /console/                  the HQ console (admin token typed in, sent as the Bearer header)
 *   GET  /donors/                   the donor page, which verifies what it shows in the visitor's browser
 *   GET  /static/*                  their hashed bundles
 * Device:
 *   POST /batches                   an upload → 201 appended / 200 re-sent, with receipts
 *   GET  /batches/:id               the receipts of a stored batch (resuming)
 *   GET  /devices/:did/head         the device's last anchored event { seq, id }
 * Admin (Authorization: Bearer <token>; ./admin-routes.ts decides on the matched route):
 *   POST /admin/devices             { subject, site, role, validFrom?, validUntil?, issuer? } → device-cert
 *                                   (validFrom "first-event": from the device's earliest refused event, ./registration.ts)
 *   POST /admin/revocations         { subject, reason, from?, lastSeq? } → device-revoked
 *   POST /admin/plans               { round, site, from, to, rules, costs? } → plan (v3 with costs)
 *   POST /admin/contributions       { donor: { org, name }, amount, currency, date, rounds, earmarks?, reference? } → contribution
 *   POST /admin/allocations         { contribution, site, round, amount, currency } → allocation, if HQ's books allow it
 *   GET  /admin/iati?plan=ID&org=REF[&orgName=&orgType=&sector=]   the plan as an IATI 2.03 activity file (./iati.ts)
 *   GET  /admin/devices             { devices: registry, batches, events and first refused event per device,
 *                                     unregistered: devices refused without any certificate }
 *   GET  /admin/sites               batches and events per site
 *   GET  /admin/rounds              anchored events per round, site and type
 *   GET  /admin/batches?device=&site=&limit=
 *   GET  /admin/rejections?limit=   refused uploads with reasons
 *   GET  /admin/events?after=&limit=&round=&site=&device=   whole events (HQ only)
 *   GET  /admin/export?after=&limit=&round=&site=           redacted, for a donor's bundle
 *   GET  /admin/verify-tree         rebuild the root from the leaves and compare
 *   GET  /admin/reports/distribution?format=csv|xlsx[&round=&site=&day=&lang=]   per round, site, day and item, HXL row
 *   GET  /admin/reports/stock?format=csv|xlsx[&site=&lang=]   per site and item (./reports-routes.ts; no personal field;
 *                                   headers in one of the six languages, English by default)
 * Errors are JSON { error: code, message, events? } with a specific code;
 * over a limit (./http-limits.ts) 429 too-many-requests (per address) or
 * too-many-uploads (per device), with Retry-After.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_UPLOAD_BYTES } from '../../shared/ledger';
import { adminRoutes } from './admin-routes';
import { DEFAULT_LIMITS, rateLimitOptions, serverTimeouts, type HttpLimits } from './http-limits';
import { HttpError } from './http-params';
import type { Ledger } from './ledger';
import { publicRoutes } from './public-routes';
import { webApp } from './web-app';

export interface AppOptions {
  /** At least 16 characters: what `Authorization: Bearer` must carry on the admin routes. */
  readonly adminToken: string;
  /** DEFAULT_LIMITS unless given. */
  readonly limits?: Partial<HttpLimits>;
  /**
   * Addresses (or CIDR ranges, comma-separated) of the proxies in front whose
   * X-Forwarded-For names the client: behind a TLS proxy every request
   * comes from the proxy, and the per-address limit would count them all
   * as one client.
   */
  readonly trustProxy?: string;
}

export function buildApp(ledger: Ledger, options: AppOptions): FastifyInstance {
  if (options.adminToken.length < 16) throw new Error('the admin token must be at least 16 characters');
  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_UPLOAD_BYTES,
    return503OnClosing: true,
    forceCloseConnections: true,
    ...serverTimeouts(limits),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });

  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    let textBody: string;
    try {
      textBody = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      done(new HttpError(400, 'malformed-json', 'the body is not valid UTF-8'), undefined);
      return;
    }
    if (textBody.trim() === '') {
      done(new HttpError(400, 'malformed-json', 'the body is empty'), undefined);
      return;
    }
    try {
      done(null, JSON.parse(textBody) as unknown);
    } catch (e) {
      done(new HttpError(400, 'malformed-json', `the body is not JSON: ${(e as Error).message.slice(0, 200)}`), undefined);
    }
  });

  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
  });

  app.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, request, reply) => {
    let status: number;
    let code: string;
    let message: string;
    if (error instanceof HttpError) {
      [status, code, message] = [error.status, error.code, error.message];
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      [status, code, message] = [413, 'too-large', `the body is larger than ${request.routeOptions.bodyLimit ?? MAX_UPLOAD_BYTES} bytes`];
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      [status, code, message] = [415, 'unsupported-media-type', 'send Content-Type: application/json'];
    } else if (error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      [status, code, message] = [400, 'malformed-json', 'the body is not as long as its Content-Length'];
    } else if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      [status, code, message] = [error.statusCode, 'bad-request', error.message];
    } else {
      process.stderr.write(`ledger: internal error on ${request.method} ${request.url}: ${error.stack ?? error.message}\n`);
      [status, code, message] = [500, 'internal', 'internal error; see the ledger log'];
    }
    // An upload HQ could not read is a refusal HQ shows; one over a rate limit says nothing of the upload.
    if (request.method === 'POST' && request.routeOptions.url === '/batches' && status !== 500 && status !== 429) {
      await ledger.recordUnreadable(code, message).catch(() => undefined);
    }
    return reply.code(status).send({ error: code, message });
  });

  // Route plugins load in this order, each after the rate limiter it uses.
  void app.register(rateLimit, rateLimitOptions(limits));
  void app.register(publicRoutes(ledger, limits));
  void app.register(adminRoutes(ledger, options.adminToken), { prefix: '/admin' });
  void app.register(webApp());
  app.after(() => {
    app.setNotFoundHandler({ preHandler: app.rateLimit() }, async (request, reply) =>
      reply.code(404).send({ error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
    );
  });

  return app;
}
