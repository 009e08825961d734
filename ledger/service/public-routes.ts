/**
 * The ledger's public and device routes (./http.ts lists them), one
 * encapsulated fastify plugin: its hooks run for the routes the router
 * matched here and for nothing else. Devices in the browser build call them
 * from the kit's own origin, so these routes, and only these, answer CORS
 * (any origin; they hold no secret and take no credentials), with a
 * preflight answer for each. Every request counts against its address's
 * allowance; an upload also against its device's, once its batch signature
 * verified (./http-limits.ts, ./intake.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { HttpLimits } from './http-limits';
import { deviceAllowance } from './http-limits';
import { codeSchema } from '../../shared/events/fields';
import { MAX_SAMPLE } from '../../shared/funds';
import type { Receipt } from '../../shared/ledger';
import type { ConsistencyAnswer, InclusionAnswer } from '../../shared/ledger/proof-answers';
import type { TrustFeed } from '../../shared/ledger/trust-feed';
import { donorAnswer, donorSummaries } from './funds-views';
import { answered, count, found, HEX64, hexId, HttpError, optionalCount, query, text } from './http-params';
import type { Ledger, SubmitErrorCode } from './ledger';

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
  'too-many-uploads': 429,
};

export function publicRoutes(ledger: Ledger, limits: HttpLimits): FastifyPluginAsync {
  return async (scope) => {
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });
    scope.addHook('onRequest', scope.rateLimit());
    const preflight = new Set<string>();
    scope.addHook('onRoute', (route) => {
      if (route.method !== 'OPTIONS') preflight.add(route.url);
    });
    const allowance = deviceAllowance(scope, limits);

    // ---- public

    scope.get('/', async () => ledger.info());

    scope.get('/checkpoint', async (_request, reply) => {
      const { note } = await ledger.checkpoint();
      return reply.type('text/plain; charset=utf-8').send(note);
    });

    scope.get('/checkpoints', async (request) => {
      const q = query(request);
      return { checkpoints: await ledger.checkpoints(count(q.after, 'after', 0), count(q.limit, 'limit', 100)) };
    });

    scope.get('/proof/inclusion', async (request): Promise<InclusionAnswer> => {
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

    scope.get('/proof/consistency', async (request): Promise<ConsistencyAnswer> => {
      const q = query(request);
      return answered(await ledger.consistency(count(q.from, 'from'), optionalCount(q.to, 'to')));
    });

    scope.get('/leaves', async (request) => {
      const q = query(request);
      const start = count(q.start, 'start');
      return { start, leaves: answered(await ledger.leaves(start, count(q.end, 'end'))) };
    });

    scope.get('/receipts/:id', async (request): Promise<Receipt> => {
      const id = hexId(request, 'an event id is 64 lowercase hex');
      return found(await ledger.receiptFor(id), `event ${id} is not in the log`);
    });

    scope.get('/trust', async (request): Promise<TrustFeed> => ledger.trustFeed(count(query(request).after, 'after', 0)));

    // ---- the flow of funds (issue 15): no personal data, no household ids (./funds-views.ts)

    scope.get('/funds/donors', async () => donorSummaries(await ledger.funds.flow()));

    scope.get('/funds/donors/:org', async (request) => {
      const { org } = request.params as { org: string };
      if (!codeSchema.safeParse(org).success) throw new HttpError(400, 'bad-request', 'a donor is an organisation code (1–64 letters, digits or . _ : -)');
      const q = query(request);
      const seed = text(q.seed, 'seed') ?? '';
      const n = count(q.sample, 'sample', 10);
      if (n > MAX_SAMPLE) throw new HttpError(400, 'bad-request', `?sample= is at most ${MAX_SAMPLE}`);
      return found(donorAnswer(await ledger.funds.flow(), org, seed, n), `no donor ${org} has contributed`);
    });

    // ---- devices

    scope.post('/batches', async (request, reply) => {
      const result = await ledger.submit(request.body, { admit: () => allowance(request, reply) });
      if (!result.ok) {
        return reply.code(STATUS[result.code]).send({ error: result.code, message: result.message, events: result.events });
      }
      return reply.code(result.status === 'appended' ? 201 : 200).send({ status: result.status, ...result.value });
    });

    scope.get('/batches/:id', async (request) => {
      const id = hexId(request, 'a batch id is 64 lowercase hex');
      return found(await ledger.receipts(id), `batch ${id} is not in the log`);
    });

    scope.get('/devices/:did/head', async (request) => {
      const { did } = request.params as { did: string };
      if (!did.startsWith('did:key:') || did.length > 128) throw new HttpError(400, 'bad-request', 'a device is a did:key');
      return ledger.deviceHead(did);
    });

    for (const url of preflight) {
      scope.options(url, async (_request, reply) =>
        reply
          .header('access-control-allow-methods', 'GET, POST')
          .header('access-control-allow-headers', 'content-type')
          .header('access-control-max-age', '600')
          .code(204)
          .send(),
      );
    }
  };
}
