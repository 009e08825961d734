/**
 * An answer from a ledger (or from whatever sits between it and the reader)
 * checked against its shared schema before any of it is used: a body that
 * does not fit is `bad-answer`, saying what was asked and the first field
 * that does not fit (describeSchemaError). The kit's client (./client.ts),
 * HQ's console (hq/common/http.ts) and the donor page (hq/donors/verify) all
 * read answers through here, so a malformed answer reads the same everywhere.
 */
import type { z } from 'zod';
import { describeSchemaError } from '../events/verify';
import { err, ok, type Result } from '../result';

/** `body` if it fits `schema`, else `bad-answer`: "`what` is malformed: field: reason". */
export function checkedAnswer<T>(schema: z.ZodType<T>, body: unknown, what: string): Result<T, 'bad-answer'> {
  const parsed = schema.safeParse(body);
  return parsed.success ? ok(parsed.data) : err('bad-answer', `${what} is malformed: ${describeSchemaError(parsed.error.issues)}`);
}

/** The same for an answer's text: "`what` is not JSON" when it is not. */
export function checkedAnswerText<T>(schema: z.ZodType<T>, text: string, what: string): Result<T, 'bad-answer'> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return err('bad-answer', `${what} is not JSON`);
  }
  return checkedAnswer(schema, body, what);
}
