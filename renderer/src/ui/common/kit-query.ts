/**
 * The state of a query to the kit, as a small state machine apart from React
 * (use-kit-query.ts drives it). Each request has an id; only the answer to
 * the latest one counts, so an answer that arrives after the screen asked
 * again (other deps, a reload) is dropped.
 */
import type { Err, Ok } from '../../../../shared/result';

export interface QueryError {
  readonly code: string;
  readonly message: string;
}

export interface QueryState<T> {
  /** The last answer; kept through a reload, dropped when the query itself changes. */
  readonly data: T | undefined;
  readonly error: QueryError | undefined;
  readonly loading: boolean;
  /** The request whose answer counts. */
  readonly request: number;
}

export type QueryAction<T> =
  /** `keep`: the same query again (a reload), so the last answer stays on screen meanwhile. */
  | { readonly type: 'start'; readonly request: number; readonly keep: boolean }
  | { readonly type: 'done'; readonly request: number; readonly value: T }
  | { readonly type: 'fail'; readonly request: number; readonly error: QueryError };

/** What a query answers once unwrapped: a Result's value, or the plain value itself. */
export type Answer<T> = T extends Ok<infer V> ? V : T extends Err ? never : T;

export const initialQuery: QueryState<never> = { data: undefined, error: undefined, loading: true, request: 0 };

export function queryReducer<T>(state: QueryState<T>, action: QueryAction<T>): QueryState<T> {
  if (action.type === 'start') {
    return { data: action.keep ? state.data : undefined, error: undefined, loading: true, request: action.request };
  }
  if (action.request !== state.request) return state;
  if (action.type === 'done') return { data: action.value, error: undefined, loading: false, request: state.request };
  return { ...state, error: action.error, loading: false };
}

const isResult = (answer: unknown): answer is Ok<unknown> | Err =>
  typeof answer === 'object' &&
  answer !== null &&
  'ok' in answer &&
  ((answer.ok === true && 'value' in answer) || (answer.ok === false && 'code' in answer && typeof answer.code === 'string'));

/** The action for an answer: a Result is unwrapped (`ok: false` becomes the error with its code), a plain value is the data. */
export function settle<T>(request: number, answer: T): QueryAction<Answer<T>> {
  if (!isResult(answer)) return { type: 'done', request, value: answer as Answer<T> };
  if (answer.ok) return { type: 'done', request, value: answer.value as Answer<T> };
  return { type: 'fail', request, error: { code: answer.code, message: answer.message } };
}

/** Whether two dependency lists hold the same values (as React compares them). */
export const sameDeps = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
