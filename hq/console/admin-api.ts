/**
 * The admin routes the console calls (ledger/service/http.ts lists them),
 * with the token as `Authorization: Bearer`, and the shapes it reads from
 * them. The token travels in that header only, never in a URL.
 */
import type { Result } from '../../shared/result';
import { call, type CallError } from '../common/http';

export interface Certificate {
  readonly id: string;
  readonly site: string;
  readonly role: string;
  readonly validFrom: string;
  readonly validUntil: string;
}

export interface DeviceRow {
  readonly device: string;
  readonly certificates: readonly Certificate[];
  readonly revoked: { readonly from: string; readonly reason: string } | null;
  readonly site: string | null;
  readonly batches: number;
  readonly events: number;
  readonly head: { readonly seq: number; readonly id: string } | null;
  readonly lastBatchAt: string | null;
  readonly firstRefusedEventAt?: string;
}

export interface RefusedDevice {
  readonly device: string;
  readonly firstEventAt: string;
  readonly lastRefusedAt: string;
  readonly refusals: number;
}

export interface SiteRow {
  readonly site: string;
  readonly devices: number;
  readonly batches: number;
  readonly events: number;
}

export interface RoundRow {
  readonly round: string | null;
  readonly events: number;
  readonly bySite: Readonly<Record<string, number>>;
  readonly byType: Readonly<Record<string, number>>;
}

export interface BatchRow {
  readonly id: string;
  readonly header: { readonly device: string; readonly firstSeq: number; readonly lastSeq: number; readonly count: number };
  readonly site: string | null;
  readonly receivedAt: string;
  readonly treeSize: number;
}

export interface RejectionRow {
  readonly at: string;
  readonly device: string | null;
  readonly batch: string | null;
  readonly code: string;
  readonly message: string;
}

export interface Issued {
  readonly id: string;
}

export interface AdminApi {
  get<T>(path: string): Promise<Result<T, CallError>>;
  post(path: string, body: unknown): Promise<Result<Issued, CallError>>;
}

export function adminApi(token: string): AdminApi {
  const headers = { authorization: `Bearer ${token}` };
  return {
    get: (path) => call(path, { headers }),
    post: (path, body) => call<Issued>(path, { method: 'POST', headers, body }),
  };
}
