/**
 * Same-origin JSON calls to the ledger for both apps. Relative paths only:
 * the apps are served by the ledger (ledger/service/web-app.ts) and the CSP
 * allows no other origin. Redirects are refused rather than followed, so a
 * request (and the console's Authorization header) goes where it was aimed
 * or nowhere. Every failure is a Result with the ledger's error code and
 * message when it gave them; an answer checked against its shared schema
 * (shared/ledger) that does not fit is `bad-answer`, naming what is wrong
 * as the kit and the donor page's verify do (shared/ledger/checked-answer.ts).
 */
import type { z } from 'zod';
import { checkedAnswer } from '../../shared/ledger/checked-answer';
import { err, ok, type Result } from '../../shared/result';

export type CallError = 'network' | 'not-json' | string;

interface CallInit {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** The request as every call makes it: same origin, no cookies, no redirects, no referrer, never cached. */
export async function send(path: string, init: CallInit = {}): Promise<Result<Response, 'network'>> {
  try {
    return ok(
      await fetch(path, {
        method: init.method ?? 'GET',
        headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        cache: 'no-store',
        credentials: 'omit',
        redirect: 'error',
        referrerPolicy: 'no-referrer',
      }),
    );
  } catch (e) {
    return err('network', (e as Error).message);
  }
}

/** A refused answer as a Result: the ledger's error code and message when its body (parsed JSON, if any) gives them, else the status. */
export function refusal(status: number, body: unknown): Result<never, CallError> {
  const { error, message } = (body ?? {}) as { error?: unknown; message?: unknown };
  return err(typeof error === 'string' ? error : String(status), typeof message === 'string' ? message : `HTTP ${status}`);
}

export async function call<T>(path: string, init: CallInit = {}): Promise<Result<T, CallError>> {
  const sent = await send(path, init);
  if (!sent.ok) return sent;
  const response = sent.value;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return err('not-json', `${response.status}: the answer is not JSON`);
  }
  return response.ok ? ok(json as T) : refusal(response.status, json);
}

/** A call whose answer is checked against `schema` before anyone reads it: a ledger (or whatever sits in between) may answer anything. */
export async function callChecked<T>(path: string, schema: z.ZodType<T>, init: CallInit = {}): Promise<Result<T, CallError>> {
  const answer = await call<unknown>(path, init);
  return answer.ok ? checkedAnswer(schema, answer.value, "the ledger's answer") : answer;
}
