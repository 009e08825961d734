/**
 * The most items one list read of the ledger answers (checkpoints, leaves,
 * events, batches, rejections): the ledger bounds both an HTTP answer and
 * the store read behind it by it, whatever limit a caller asks for, and
 * HQ's apps refuse a longer list.
 */
export const MAX_PAGE = 1000;
