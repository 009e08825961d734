/**
 * Rows of the batches, rejections and devices tables, to and from the
 * store's types, the same for both stores: better-sqlite3 gives INTEGER
 * columns as numbers, pg gives bigint and COUNT/SUM as strings (every count
 * here is far below 2^53, so Number is exact).
 */
import type { BatchHeader } from '../../shared/ledger';
import { MAX_REJECTION_EVENTS, MAX_REJECTION_MESSAGE, type DeviceSummary, type RefusedDevice, type Rejection, type StoredBatch } from './store';

type Integer = number | string;

export interface BatchRow {
  id: string;
  device: string;
  first_seq: Integer;
  last_seq: Integer;
  count: number;
  root: string;
  sig: string;
  first_leaf: Integer;
  tree_size: Integer;
  site: string | null;
  received_at: string;
}

export const batchFromRow = (r: BatchRow): StoredBatch => ({
  id: r.id,
  header: { v: 1, device: r.device, firstSeq: Number(r.first_seq), lastSeq: Number(r.last_seq), count: r.count, root: r.root } as BatchHeader,
  sig: r.sig,
  firstLeaf: Number(r.first_leaf),
  treeSize: Number(r.tree_size),
  site: r.site,
  receivedAt: r.received_at,
});

export interface RejectionRow {
  n: Integer;
  at: string;
  device: string | null;
  batch: string | null;
  code: string;
  message: string;
  /** JSON of the per-event errors. */
  events: string;
  first_at: string | null;
}

/**
 * The values of (at, device, batch, code, message, events, first_at), cut to
 * bounded sizes so that refusals cannot fill the disk (first_at is a verified
 * event's timestamp, 24 characters).
 */
export const rejectionValues = (r: Rejection): [string, string | null, string | null, string, string, string, string | null] => [
  r.at,
  r.device,
  r.batch,
  r.code,
  r.message.slice(0, MAX_REJECTION_MESSAGE),
  JSON.stringify(r.events.slice(0, MAX_REJECTION_EVENTS)),
  r.firstAt,
];

export const rejectionFromRow = ({ first_at, ...r }: RejectionRow): Rejection & { n: number } => ({
  ...r,
  n: Number(r.n),
  events: JSON.parse(r.events) as Rejection['events'],
  firstAt: first_at,
});

/**
 * The refused-devices query: one row per device over the refusals of its
 * verified uploads. MIN over first_at is the earliest time because event
 * timestamps have one fixed-width UTC form (shared/events/fields.ts).
 */
export interface RefusedDeviceRow {
  device: string;
  first_at: string;
  last: string;
  refusals: Integer;
}

export const refusedDeviceFromRow = (r: RefusedDeviceRow): RefusedDevice => ({
  device: r.device,
  firstEventAt: r.first_at,
  lastRefusedAt: r.last,
  refusals: Number(r.refusals),
});

/** A row of the devices query: a device's batches joined with its head. */
export interface DeviceRow {
  device: string;
  site: string | null;
  batches: Integer;
  events: Integer;
  head_seq: Integer | null;
  head_id: string | null;
  last: string | null;
}

export const deviceFromRow = (r: DeviceRow): DeviceSummary => ({
  device: r.device,
  site: r.site,
  batches: Number(r.batches),
  events: Number(r.events),
  head: r.head_seq === null || r.head_id === null ? null : { seq: Number(r.head_seq), id: r.head_id },
  lastBatchAt: r.last,
});
