/**
 * Same-origin JSON calls to the ledger for both apps. Relative paths only:
 * the apps are served by the ledger (ledger/service/web-app.ts) and the CSP
 * allows no other origin. Redirects are refused rather than followed, so a
 * request (and the console's Authorization header) goes where it was aimed
 * or nowhere. Every failure is a Result with the ledger's error code and
 * message when it gave them.
 */
import { err, ok, type Result } from '../../shared/result';

export type CallError = 'network' | 'not-json' | string;

export async function call<T>(path: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: unknown } = {}): Promise<Result<T, CallError>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    return err('network', (e as Error).message);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return err('not-json', `${response.status}: the answer is not JSON`);
  }
  if (!response.ok) {
    const { error, message } = (json ?? {}) as { error?: unknown; message?: unknown };
    return err(typeof error === 'string' ? error : String(response.status), typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  return ok(json as T);
}
