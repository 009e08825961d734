/**
 * HQ's admin routes (./http.ts lists them), one encapsulated fastify plugin
 * registered under the `/admin` prefix. Who may call them is decided by its
 * `onRequest` hook, which fastify runs for exactly the routes its router
 * matched in this plugin, after it has decoded the path: however a client
 * spells the path (`/%61dmin/devices`, `/admin/devices?`), a request served
 * by an admin route has shown the token, and one that did not match an admin
 * route is not served by one (issue 12; the check on the raw URL it replaces
 * let `/%61dmin/devices` through). No CORS headers: a web page elsewhere
 * gets nothing from these routes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { codeSchema, organisationNameSchema } from '../../shared/events/fields';
import type { BatchesAnswer, DevicesAnswer, RejectionsAnswer, RoundsAnswer, SitesAnswer, TreeCheck } from '../../shared/ledger/admin-answers';
import type { Result } from '../../shared/result';
import { answered, body, count, eventFilter, HEX64, HttpError, query, text } from './http-params';
import type { ReportingOrg } from './iati';
import type { Ledger } from './ledger';
import { reportRoutes } from './reports-routes';

/** Admin request bodies are small JSON documents. */
const ADMIN_BODY_LIMIT = 256 * 1024;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** In constant time whatever is given, and of equal length to compare (the token's length is no secret either way). */
function tokenMatches(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length)), expected);
}

/** ?org=&orgName=&orgType= of the IATI export: the publisher, as IATI identifies it. */
function reportingOrg(q: Record<string, unknown>): ReportingOrg {
  const ref = text(q.org, 'org');
  if (ref === undefined || !codeSchema.safeParse(ref).success) throw new HttpError(400, 'bad-request', '?org= must be the publisher\'s IATI organisation identifier');
  const name = text(q.orgName, 'orgName') ?? ref;
  if (!organisationNameSchema.safeParse(name).success) throw new HttpError(400, 'bad-request', '?orgName= must be one line of printable text');
  const type = text(q.orgType, 'orgType') ?? '21';
  if (!/^[0-9]{1,3}$/.test(type)) throw new HttpError(400, 'bad-request', '?orgType= must be an IATI OrganisationType code');
  return { ref, name, type };
}

export function adminRoutes(ledger: Ledger, adminToken: string): FastifyPluginAsync {
  const expected = digest(adminToken);
  return async (scope) => {
    // Counted before the token is checked, so guessing it is rate limited too.
    scope.addHook('onRequest', scope.rateLimit());
    scope.addHook('onRequest', async (request) => {
      if (!tokenMatches(request.headers.authorization, expected)) {
        throw new HttpError(401, 'unauthorized', 'the admin API needs Authorization: Bearer <admin token>');
      }
    });

    const adminBody = { bodyLimit: ADMIN_BODY_LIMIT };
    const issued = async <T>(reply: FastifyReply, result: Result<T>) => reply.code(201).send(answered(result));

    scope.post('/devices', adminBody, async (request, reply) => issued(reply, await ledger.certifyDevice(body(request))));

    scope.post('/revocations', adminBody, async (request, reply) => issued(reply, await ledger.revokeDevice(body(request))));

    scope.post('/plans', adminBody, async (request, reply) => issued(reply, await ledger.publishPlan(body(request))));

    scope.post('/contributions', adminBody, async (request, reply) => issued(reply, await ledger.recordContribution(body(request))));

    scope.post('/allocations', adminBody, async (request, reply) => issued(reply, await ledger.allocate(body(request))));

    scope.get('/iati', async (request, reply) => {
      const q = query(request);
      const id = text(q.plan, 'plan');
      if (id === undefined || !HEX64.test(id)) throw new HttpError(400, 'bad-request', '?plan= must be the id of a plan event HQ signed (64 lowercase hex)');
      const org = reportingOrg(q);
      const sector = text(q.sector, 'sector') ?? '72010';
      if (!/^[0-9]{5}$/.test(sector)) throw new HttpError(400, 'bad-request', '?sector= must be an OECD DAC 5-digit purpose code');
      const xml = answered(await ledger.funds.iati(id, org, sector));
      return reply.type('application/xml; charset=utf-8').send(xml);
    });

    scope.get('/devices', async (): Promise<DevicesAnswer> => {
      const [devices, unregistered] = await Promise.all([ledger.admin.devices(), ledger.admin.unregistered()]);
      return { devices, unregistered };
    });

    scope.get('/sites', async (): Promise<SitesAnswer> => ({ sites: await ledger.admin.sites() }));

    scope.get('/rounds', async (): Promise<RoundsAnswer> => ({ rounds: await ledger.admin.rounds() }));

    scope.get('/batches', async (request): Promise<BatchesAnswer> => {
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

    scope.get('/rejections', async (request): Promise<RejectionsAnswer> => ({ rejections: await ledger.admin.rejections(count(query(request).limit, 'limit', 100)) }));

    scope.get('/events', async (request) => {
      const device = text(query(request).device, 'device');
      return { events: await ledger.admin.events({ ...eventFilter(request), ...(device === undefined ? {} : { device }) }) };
    });

    scope.get('/export', async (request) => ({ entries: await ledger.admin.exportEvents(eventFilter(request)) }));

    scope.get('/verify-tree', async (_request, reply) => {
      const result: TreeCheck = await ledger.verifyStoredTree();
      return reply.code(result.ok ? 200 : 500).send(result);
    });

    reportRoutes(scope, ledger);
  };
}
