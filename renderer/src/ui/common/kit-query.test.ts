import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../shared/result';
import { initialQuery, queryReducer, sameDeps, settle, type QueryState } from './kit-query';

const ready = <T>(data: T, request = 1): QueryState<T> => ({ data, error: undefined, loading: false, request });

describe('queryReducer', () => {
  it('starts loading with nothing to show', () => {
    expect(initialQuery).toEqual({ data: undefined, error: undefined, loading: true, request: 0 });
  });

  it('shows the answer to the latest request', () => {
    const started = queryReducer(initialQuery, { type: 'start', request: 1, keep: false });
    expect(queryReducer(started, { type: 'done', request: 1, value: 'tally' })).toEqual(ready('tally'));
  });

  it('ignores an answer to an earlier request, whether it is a value or a failure', () => {
    const again = queryReducer(ready('old'), { type: 'start', request: 2, keep: true });
    expect(queryReducer(again, { type: 'done', request: 1, value: 'stale' })).toBe(again);
    expect(queryReducer(again, { type: 'fail', request: 1, error: { code: 'internal', message: '' } })).toBe(again);
  });

  it('keeps the last answer through a reload and drops it for another query', () => {
    expect(queryReducer(ready('old'), { type: 'start', request: 2, keep: true })).toEqual({
      data: 'old',
      error: undefined,
      loading: true,
      request: 2,
    });
    expect(queryReducer(ready('old'), { type: 'start', request: 2, keep: false }).data).toBeUndefined();
  });

  it('keeps the last answer beside a failure, and clears the failure when asked again', () => {
    const failed = queryReducer(queryReducer(ready('old'), { type: 'start', request: 2, keep: true }), {
      type: 'fail',
      request: 2,
      error: { code: 'internal', message: 'boom' },
    });
    expect(failed).toEqual({ data: 'old', error: { code: 'internal', message: 'boom' }, loading: false, request: 2 });
    expect(queryReducer(failed, { type: 'start', request: 3, keep: true }).error).toBeUndefined();
  });
});

describe('settle', () => {
  it('unwraps a Result: ok is the data, not ok the error with its code', () => {
    expect(settle(4, ok({ items: [] }))).toEqual({ type: 'done', request: 4, value: { items: [] } });
    expect(settle(4, err('not-enrolled', 'no such household'))).toEqual({
      type: 'fail',
      request: 4,
      error: { code: 'not-enrolled', message: 'no such household' },
    });
  });

  it('takes a plain value as it is, including ones with an `ok` field that are no Result', () => {
    expect(settle(1, [1, 2])).toEqual({ type: 'done', request: 1, value: [1, 2] });
    expect(settle(1, undefined)).toEqual({ type: 'done', request: 1, value: undefined });
    expect(settle(1, { ok: 'yes' })).toEqual({ type: 'done', request: 1, value: { ok: 'yes' } });
  });
});

describe('sameDeps', () => {
  it('compares element by element with Object.is', () => {
    const kit = {};
    expect(sameDeps([kit, '2026-11-24'], [kit, '2026-11-24'])).toBe(true);
    expect(sameDeps([kit, '2026-11-24'], [kit, '2026-11-25'])).toBe(false);
    expect(sameDeps([kit], [{}])).toBe(false);
    expect(sameDeps([Number.NaN], [Number.NaN])).toBe(true);
    expect(sameDeps([1], [1, 2])).toBe(false);
  });
});
