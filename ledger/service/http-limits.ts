/**
 * What one client can make the ledger's HTTP API do (issue 12): requests a
 * minute per address, uploads a minute per device, and how long a request
 * may take to arrive. Counting is @fastify/rate-limit's (a fixed window per
 * key in a bounded LRU, the 429 and its Retry-After header): a well-kept
 * plugin beats a hand-written counter, and it counts where the routes ask
 * (./public-routes.ts, ./admin-routes.ts), so the per-device count can come
 * after the batch signature (./intake.ts `admit`).
 *
 * Timeouts are node:http's: `requestTimeout` (the whole request, body
 * included, checked every CHECK_INTERVAL_MS) answers 408 and closes, and the
 * idle timeout closes a connection silent for that long, mid-body or between
 * requests. Fastify's default for both is none.
 */
import type { ServerOptions } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import { isRecord } from '../../shared/guards';
import { err, ok, type Result } from '../../shared/result';
import { HttpError } from './http-params';

export interface HttpLimits {
  /** Requests a minute from one address, on every route together. */
  readonly perAddress: number;
  /** Uploads (POST /batches) a minute from one device, counted once the batch signature verified. */
  readonly perDevice: number;
  /** Milliseconds to receive a whole request, body included. */
  readonly requestTimeoutMs: number;
  /** Milliseconds a connection may stay silent. */
  readonly idleTimeoutMs: number;
}

/**
 * The defaults. A camp's laptops may all reach HQ from one address, and a
 * laptop's backlog goes up one batch after another, hence generous counts.
 * 4 MiB (the largest upload) in 120 s needs about 280 kbit/s; a typical
 * 1000-event batch is a tenth of that.
 */
export const DEFAULT_LIMITS: HttpLimits = {
  perAddress: 600,
  perDevice: 120,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
};

const WINDOW_MS = 60_000;
/** Keys each counter remembers (addresses, devices); the oldest is forgotten beyond. */
const COUNTER_KEYS = 10_000;
const CHECK_INTERVAL_MS = 1_000;
/** How long an idle keep-alive connection is kept (node:http's default). */
const KEEP_ALIVE_MS = 5_000;

/** node:http's timeouts for these limits (see the file comment). */
export function serverTimeouts(limits: HttpLimits): { requestTimeout: number; connectionTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    // Said in the Keep-Alive header: a client must not count on an idle connection longer than the server keeps it.
    keepAliveTimeout: Math.min(KEEP_ALIVE_MS, limits.idleTimeoutMs),
    http: {
      // node:http refuses a headers timeout longer than the request timeout.
      headersTimeout: Math.min(60_000, limits.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, Math.ceil(limits.requestTimeoutMs / 4)),
    },
  };
}

/** The plugin's options: the per-address counter, used by the routes through `rateLimit()`. */
export function rateLimitOptions(limits: HttpLimits): RateLimitPluginOptions {
  return {
    global: false,
    max: limits.perAddress,
    timeWindow: WINDOW_MS,
    cache: COUNTER_KEYS,
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'too-many-requests',
        `more than ${limits.perAddress} requests a minute from this address; retry in ${(context as { after?: string }).after ?? 'a minute'}`,
      ),
  };
}

/** The device an upload's header names, unauthenticated: only asked for after its batch signature verified. */
const uploadDevice = (body: unknown): string | undefined =>
  isRecord(body) && isRecord(body.header) && typeof body.header.device === 'string' ? body.header.device : undefined;

/**
 * The per-device allowance of POST /batches, for the intake's `admit`: it
 * counts one upload of the device the request's header names and refuses
 * once that device is over its limit, with Retry-After on the reply.
 */
export function deviceAllowance(
  scope: FastifyInstance,
  limits: HttpLimits,
): (request: FastifyRequest, reply: FastifyReply) => Promise<Result<true, 'too-many-uploads'>> {
  const check = scope.createRateLimit({ max: limits.perDevice, timeWindow: WINDOW_MS, keyGenerator: (request) => `device ${uploadDevice(request.body) ?? ''}` });
  return async (request, reply) => {
    const limit = await check(request);
    if (limit.isAllowed || !limit.isExceeded) return ok(true);
    reply.header('retry-after', limit.ttlInSeconds);
    return err('too-many-uploads', `${uploadDevice(request.body) ?? 'this device'} sent more than ${limits.perDevice} uploads this minute; retry in ${limit.ttlInSeconds} s`);
  };
}
