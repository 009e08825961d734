/**
 * The admin routes the console calls (ledger/service/http.ts lists them),
 * with the token as `Authorization: Bearer`. The token travels in that
 * header only, never in a URL. Every answer is checked against its schema
 * in shared/ledger/admin-answers.ts, the ledger's own shapes, before the
 * console reads it.
 */
import type { z } from 'zod';
import { issuedSchema, type Issued } from '../../shared/ledger/admin-answers';
import type { Result } from '../../shared/result';
import { callChecked, type CallError } from '../common/http';

export interface AdminApi {
  get<T>(path: string, answer: z.ZodType<T>): Promise<Result<T, CallError>>;
  post(path: string, body: unknown): Promise<Result<Issued, CallError>>;
}

export function adminApi(token: string): AdminApi {
  const headers = { authorization: `Bearer ${token}` };
  return {
    get: (path, answer) => callChecked(path, answer, { headers }),
    post: (path, body) => callChecked(path, issuedSchema, { method: 'POST', headers, body }),
  };
}
