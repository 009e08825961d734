/**
 * The most items one list read answers (checkpoints, leaves, events,
 * batches, rejections): it bounds both an HTTP answer and the store read
 * behind it, whatever limit a caller asks for.
 */
export const MAX_PAGE = 1000;

export const pageSize = (limit: number): number => Math.min(limit, MAX_PAGE);
