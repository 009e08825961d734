/**
 * What the ledger's routes (./public-routes.ts, ./admin-routes.ts) read from
 * a request, each checked at the boundary and refused with a specific code:
 * query counts and strings, 64-hex ids, JSON object bodies, and the answers
 * of the Ledger turned into HTTP statuses. HttpError is how a route says
 * "refuse with this status and code"; ./http.ts's error handler sends it.
 */
import type { FastifyRequest } from 'fastify';
import { isRecord } from '../../shared/guards';
import type { Result } from '../../shared/result';
import type { EventFilter } from './admin-views';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

export function count(value: unknown, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new HttpError(400, 'bad-request', `missing ?${name}=`);
  }
  if (typeof value !== 'string' || !DECIMAL.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new HttpError(400, 'bad-request', `?${name}= must be a non-negative integer`);
  }
  return Number(value);
}

export function optionalCount(value: unknown, name: string): number | undefined {
  return value === undefined ? undefined : count(value, name);
}

export function text(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw new HttpError(400, 'bad-request', `?${name}= must be a short string`);
  return value;
}

export const query = (request: FastifyRequest) => request.query as Record<string, unknown>;

/** A 64-hex `:id` route parameter. */
export function hexId(request: FastifyRequest, message: string): string {
  const { id } = request.params as { id: string };
  if (!HEX64.test(id)) throw new HttpError(400, 'bad-request', message);
  return id;
}

export function found<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new HttpError(404, 'not-found', message);
  return value;
}

/** A service answer's value; a refusal is 404 when the thing is not there, else the request's fault (400). */
export function answered<T>(answer: Result<T>): T {
  if (!answer.ok) throw new HttpError(answer.code === 'not-found' ? 404 : 400, answer.code, answer.message);
  return answer.value;
}

export function body(request: FastifyRequest): Record<string, unknown> {
  if (!isRecord(request.body)) throw new HttpError(400, 'bad-request', 'the body must be a JSON object');
  return request.body;
}

/** ?after=&limit=&round=&site= of the event pages; no ?after= is from the start. */
export function eventFilter(request: FastifyRequest): EventFilter {
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
