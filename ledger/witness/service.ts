/**
 * The witness's HTTP side: `POST /add-checkpoint` of C2SP tlog-witness. The
 * decision is shared/tlog addCheckpoint's, made under ./store.ts's write
 * lock; this file reads the body (bounded, strict UTF-8, any content type:
 * the spec names none) and answers with the status and body it gives, the
 * 409's in `text/x.tlog.size`. Every request counts against its address's
 * allowance, so a stranger cannot keep the witness verifying signatures.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { NoteSigner } from '../../shared/checkpoint';
import { addCheckpoint, parseAddCheckpoint, type WitnessedLog, type WitnessedTree } from '../../shared/tlog';
import type { WitnessStore } from './store';

/** 63 proof lines and a checkpoint with the note spec's 100 signatures fit several times over. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface WitnessServiceOptions {
  readonly store: WitnessStore;
  readonly signer: NoteSigner;
  /** The logs it follows, by origin. */
  readonly logs: ReadonlyMap<string, WitnessedLog>;
  /** Requests a minute per client address. */
  readonly perAddress: number;
  /** POSIX seconds, the cosignatures' timestamps. */
  readonly now?: () => number;
}

const NOT_UTF8 = 'not-utf8';

export function buildWitnessApp(options: WitnessServiceOptions): FastifyInstance {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const app = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES, return503OnClosing: true, forceCloseConnections: true, requestTimeout: 30_000 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    try {
      done(null, new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      done(Object.assign(new Error('the body is not valid UTF-8'), { code: NOT_UTF8, statusCode: 400 }), undefined);
    }
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
  });
  app.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, _request, reply) => {
    const status = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : (error.statusCode ?? 500);
    if (status >= 500) process.stderr.write(`witness: internal error: ${error.stack ?? error.message}\n`);
    return reply
      .code(status)
      .type('text/plain; charset=utf-8')
      .send(`${status >= 500 ? 'internal error' : status === 413 ? `the body is larger than ${MAX_BODY_BYTES} bytes` : error.message}\n`);
  });

  void app.register(rateLimit, {
    max: options.perAddress,
    timeWindow: 60_000,
    errorResponseBuilder: () => Object.assign(new Error(`more than ${options.perAddress} requests a minute from this address`), { statusCode: 429 }),
  });
  app.after(() => {
    app.post('/add-checkpoint', async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const parsed = parseAddCheckpoint(body);
      if (!parsed.ok) return reply.code(400).type('text/plain; charset=utf-8').send(`${parsed.message}\n`);
      const origin = parsed.value.checkpoint.slice(0, Math.max(0, parsed.value.checkpoint.indexOf('\n')));
      const decide = (last: WitnessedTree | undefined) => addCheckpoint(parsed.value, options.logs, last, { signer: options.signer, now: now() });
      // An unknown origin is answered without the write lock: it has nothing stored to compare with.
      const answer = options.logs.has(origin) ? options.store.decide(origin, decide) : decide(undefined);
      return reply
        .code(answer.status)
        .type(answer.status === 409 ? answer.contentType : 'text/plain; charset=utf-8')
        .send(answer.body);
    });
    app.setNotFoundHandler({ preHandler: app.rateLimit() }, async (request, reply) => reply.code(404).type('text/plain; charset=utf-8').send(`no route ${request.method} ${request.url.split('?')[0]}\n`));
  });
  return app;
}
