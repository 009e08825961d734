/** A list read's page: at most MAX_PAGE items (shared/ledger/page.ts), whatever limit a caller asks for. */
import { MAX_PAGE } from '../../shared/ledger/page';

export { MAX_PAGE };

export const pageSize = (limit: number): number => Math.min(limit, MAX_PAGE);
