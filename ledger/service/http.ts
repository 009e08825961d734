/**
 * The ledger's HTTP API (fastify). Fastify rather than node:http because
 * what the intake needs at the transport is exactly what it does well and
 * tested: a body limit enforced while reading (a 4 MiB upload is refused
 * before it is buffered, and a lying Content-Length too), content-type
 * dispatch, routing with parameters, one error handler, and `inject` for
 * in-process tests. The JSON parser is ours: strict UTF-8 (a malformed byte
 * is refused, not replaced) and nothing but JSON.parse.
 *
 * Public (no personal data: ids, leaf hashes, checkpoints, proofs, HQ's
 * trust events):
 *   GET  /                          { origin, logKey, hq, size }
 *   GET  /checkpoint                latest signed checkpoint (text/plain)
 *   GET  /checkpoints?after=N&limit=  stored checkpoints with size > N
 *   GET  /proof/inclusion?id=HEX|leaf=N[&size=N]
 *   GET  /proof/consistency?from=N[&to=N]
 *   GET  /leaves?start=N&end=N      leaf hashes [start, end), ≤ 1000
 *   GET  /receipts/:eventId         a receipt against the latest checkpoint
 *   GET  /trust?after=SEQ           HQ-signed device-cert, device-revoked, plan events
 * Device:
 *   POST /batches                   an upload → 201 appended / 200 re-sent, with receipts
 *   GET  /batches/:id               the receipts of a stored batch (resuming)
 *   GET  /devices/:did/head         the device's last anchored event { seq, id }
 * Admin (Authorization: Bearer <token>):
 *   POST /admin/devices             { subject, site, role, validFrom?, validUntil?, issuer? } → device-cert
 *                                   (validFrom "first-event": from the device's earliest refused event, ./registration.ts)
 *   POST /admin/revocations         { subject, reason, from? } → device-revoked
 *   POST /admin/plans               { round, site, from, to, rules } → plan
 *   GET  /admin/devices             { devices: registry, batches, events and first refused event per device,
 *                                     unregistered: devices refused without any certificate }
 *   GET  /admin/sites               batches and events per site
 *   GET  /admin/rounds              anchored events per round, site and type
 *   GET  /admin/batches?device=&site=&limit=
 *   GET  /admin/rejections?limit=   refused uploads with reasons
 *   GET  /admin/events?after=&limit=&round=&site=&device=   whole events (HQ only)
 *   GET  /admin/export?after=&limit=&round=&site=           redacted, for a donor's bundle
 *   GET  /admin/verify-tree         rebuild the root from the leaves and compare
 * Errors are JSON { error: code, message, events? } with a specific code.
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isRecord } from '../../shared/guards';
import { MAX_UPLOAD_BYTES } from '../../shared/ledger';
import type { Result } from '../../shared/result';
import type { EventFilter } from './admin-views';
import type { Ledger, SubmitErrorCode } from './ledger';

export interface AppOptions {
  readonly adminToken: string;
}

/** Admin request bodies are small JSON documents. */
const ADMIN_BODY_LIMIT = 256 * 1024;

const STATUS: Record<SubmitErrorCode, number> = {
  malformed: 400,
  'unsupported-version': 400,
  'too-many-events': 413,
  oversized: 413,
  'count-mismatch': 400,
  'bad-signature': 422,
  'bad-events': 422,
  'root-mismatch': 422,
  replayed: 409,
  gap: 409,
  'chain-fork': 409,
  'device-revoked': 403,
  'device-not-certified': 403,
  'forbidden-event': 403,
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

function count(value: unknown, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new HttpError(400, 'bad-request', `missing ?${name}=`);
  }
  if (typeof value !== 'string' || !DECIMAL.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new HttpError(400, 'bad-request', `?${name}= must be a non-negative integer`);
  }
  return Number(value);
}

function optionalCount(value: unknown, name: string): number | undefined {
  return value === undefined ? undefined : count(value, name);
}

function text(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw new HttpError(400, 'bad-request', `?${name}= must be a short string`);
  return value;
}

const query = (request: FastifyRequest) => request.query as Record<string, unknown>;

/** A 64-hex `:id` route parameter. */
function hexId(request: FastifyRequest, message: string): string {
  const { id } = request.params as { id: string };
  if (!HEX64.test(id)) throw new HttpError(400, 'bad-request', message);
  return id;
}

function found<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new HttpError(404, 'not-found', message);
  return value;
}

/** A service answer's value; a refusal is 404 when the thing is not there, else the request's fault (400). */
function answered<T>(answer: Result<T>): T {
  if (!answer.ok) throw new HttpError(answer.code === 'not-found' ? 404 : 400, answer.code, answer.message);
  return answer.value;
}

function body(request: FastifyRequest): Record<string, unknown> {
  if (!isRecord(request.body)) throw new HttpError(400, 'bad-request', 'the body must be a JSON object');
  return request.body;
}

/** ?after=&limit=&round=&site= of the event pages; no ?after= is from the start. */
function eventFilter(request: FastifyRequest): EventFilter {
  const q = query(request);
  const round = text(q.round, 'round');
  const site = text(q.site, 'site');
  const after = q.after === undefined ? -1 : count(q.after, 'after');
  return {
    afterLeaf: after,
    limit: count(q.limit, 'limit', 1000),
    ...(round === undefined ? {} : { round }),
    ...(site === undefined ? {} : { site }),
  };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function buildApp(ledger: Ledger, options: AppOptions): FastifyInstance {
  if (options.adminToken.length < 16) throw new Error('the admin token must be at least 16 characters');
  const app = Fastify({ logger: false, bodyLimit: MAX_UPLOAD_BYTES, return503OnClosing: true, forceCloseConnections: true });

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

  // Devices in the browser build call the public and device routes from the kit's own origin.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
    if (!request.url.startsWith('/admin')) {
      reply.header('access-control-allow-origin', '*');
      if (request.method === 'OPTIONS') {
        reply
          .header('access-control-allow-methods', 'GET, POST')
          .header('access-control-allow-headers', 'content-type')
          .header('access-control-max-age', '600')
          .code(204)
          .send();
        return reply;
      }
    }
    if (request.url.startsWith('/admin') && !tokenMatches(request.headers.authorization, options.adminToken)) {
      throw new HttpError(401, 'unauthorized', 'the admin API needs Authorization: Bearer <admin token>');
    }
    return undefined;
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
    if (request.method === 'POST' && request.url === '/batches' && status !== 500) {
      await ledger.recordUnreadable(code, message).catch(() => undefined);
    }
    return reply.code(status).send({ error: code, message });
  });

  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` }));

  // ---- public

  app.get('/', async () => ledger.info());

  app.get('/checkpoint', async (_request, reply) => {
    const { note } = await ledger.checkpoint();
    return reply.type('text/plain; charset=utf-8').send(note);
  });

  app.get('/checkpoints', async (request) => {
    const q = query(request);
    return { checkpoints: await ledger.checkpoints(count(q.after, 'after', 0), count(q.limit, 'limit', 100)) };
  });

  app.get('/proof/inclusion', async (request) => {
    const q = query(request);
    const id = text(q.id, 'id');
    if (id !== undefined && !HEX64.test(id)) throw new HttpError(400, 'bad-request', '?id= must be an event id (64 lowercase hex)');
    const leaf = optionalCount(q.leaf, 'leaf');
    if ((id === undefined) === (leaf === undefined)) throw new HttpError(400, 'bad-request', 'give exactly one of ?id= and ?leaf=');
    const size = optionalCount(q.size, 'size');
    return answered(
      await ledger.inclusion({
        ...(id === undefined ? {} : { id }),
        ...(leaf === undefined ? {} : { leaf }),
        ...(size === undefined ? {} : { size }),
      }),
    );
  });

  app.get('/proof/consistency', async (request) => {
    const q = query(request);
    return answered(await ledger.consistency(count(q.from, 'from'), optionalCount(q.to, 'to')));
  });

  app.get('/leaves', async (request) => {
    const q = query(request);
    const start = count(q.start, 'start');
    return { start, leaves: answered(await ledger.leaves(start, count(q.end, 'end'))) };
  });

  app.get('/receipts/:id', async (request) => {
    const id = hexId(request, 'an event id is 64 lowercase hex');
    return found(await ledger.receiptFor(id), `event ${id} is not in the log`);
  });

  app.get('/trust', async (request) => ledger.trustFeed(count(query(request).after, 'after', 0)));

  // ---- devices

  app.post('/batches', async (request, reply) => {
    const result = await ledger.submit(request.body);
    if (!result.ok) {
      return reply.code(STATUS[result.code]).send({ error: result.code, message: result.message, events: result.events });
    }
    return reply.code(result.status === 'appended' ? 201 : 200).send({ status: result.status, ...result.value });
  });

  app.get('/batches/:id', async (request) => {
    const id = hexId(request, 'a batch id is 64 lowercase hex');
    return found(await ledger.receipts(id), `batch ${id} is not in the log`);
  });

  app.get('/devices/:did/head', async (request) => {
    const { did } = request.params as { did: string };
    if (!did.startsWith('did:key:') || did.length > 128) throw new HttpError(400, 'bad-request', 'a device is a did:key');
    return ledger.deviceHead(did);
  });

  // ---- admin

  const adminBody = { bodyLimit: ADMIN_BODY_LIMIT };
  const issued = async <T>(reply: FastifyReply, result: Result<T>) => reply.code(201).send(answered(result));

  app.post('/admin/devices', adminBody, async (request, reply) => issued(reply, await ledger.certifyDevice(body(request))));

  app.post('/admin/revocations', adminBody, async (request, reply) => issued(reply, await ledger.revokeDevice(body(request))));

  app.post('/admin/plans', adminBody, async (request, reply) => issued(reply, await ledger.publishPlan(body(request))));

  app.get('/admin/devices', async () => {
    const [devices, unregistered] = await Promise.all([ledger.admin.devices(), ledger.admin.unregistered()]);
    return { devices, unregistered };
  });

  app.get('/admin/sites', async () => ({ sites: await ledger.admin.sites() }));

  app.get('/admin/rounds', async () => ({ rounds: await ledger.admin.rounds() }));

  app.get('/admin/batches', async (request) => {
    const q = query(request);
    const device = text(q.device, 'device');
    const site = text(q.site, 'site');
    const batches = await ledger.admin.batches({
      limit: count(q.limit, 'limit', 100),
      ...(device === undefined ? {} : { device }),
      ...(site === undefined ? {} : { site }),
    });
    return { batches };
  });

  app.get('/admin/rejections', async (request) => ({ rejections: await ledger.admin.rejections(count(query(request).limit, 'limit', 100)) }));

  app.get('/admin/events', async (request) => {
    const device = text(query(request).device, 'device');
    return { events: await ledger.admin.events({ ...eventFilter(request), ...(device === undefined ? {} : { device }) }) };
  });

  app.get('/admin/export', async (request) => ({ entries: await ledger.admin.exportEvents(eventFilter(request)) }));

  app.get('/admin/verify-tree', async (_request, reply) => {
    const result = await ledger.verifyStoredTree();
    return reply.code(result.ok ? 200 : 500).send(result);
  });

  return app;
}
