/**
 * The PostgreSQL LedgerStore (pg), for production and for more than one HQ
 * server on one database. An append is one transaction that first locks the
 * single log_state row (SELECT … FOR UPDATE), so appends from any number of
 * servers are serialised by the database: each reads the size, peaks and
 * device head under the lock, plans with the same pure planAppend as SQLite,
 * and writes events and nodes with one multi-row INSERT each (unnest of
 * arrays), so a 1000-event batch is a handful of round trips.
 */
import pg from 'pg';
import type { ChainLink } from '../../shared/events/verify';
import { planAppend, peakCoords, rootOfPeaks, type AppendRequest, type LogState } from './append';
import { killSwitch } from './fault';
import { checkIdentity } from './identity';
import {
  batchFromRow,
  deviceFromRow,
  refusedDeviceFromRow,
  rejectionFromRow,
  rejectionValues,
  type BatchRow,
  type DeviceRow,
  type RefusedDeviceRow,
  type RejectionRow,
} from './rows';
import { Where } from './where';
import {
  MAX_REJECTIONS_KEPT,
  MAX_REJECTIONS_PER_DEVICE,
  type AppendResult,
  type BatchQuery,
  type DeviceSummary,
  type EventQuery,
  type LedgerStore,
  type NodeCoord,
  type RefusedDevice,
  type Rejection,
  type RoundTotal,
  type SiteSummary,
  type StoreOptions,
  type StoredBatch,
  type StoredEvent,
} from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS log_state (one boolean PRIMARY KEY CHECK (one), size bigint NOT NULL);
INSERT INTO log_state (one, size) VALUES (true, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS nodes (level smallint NOT NULL, idx bigint NOT NULL, hash bytea NOT NULL, PRIMARY KEY (level, idx));
CREATE TABLE IF NOT EXISTS batches (
  id text PRIMARY KEY, device text NOT NULL, first_seq bigint NOT NULL, last_seq bigint NOT NULL,
  count integer NOT NULL, root text NOT NULL, sig text NOT NULL, first_leaf bigint NOT NULL UNIQUE,
  tree_size bigint NOT NULL, site text, received_at text NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_device ON batches (device, first_seq);
CREATE INDEX IF NOT EXISTS batches_site ON batches (site);
CREATE TABLE IF NOT EXISTS events (
  leaf bigint PRIMARY KEY, id text NOT NULL UNIQUE, device text NOT NULL, seq bigint NOT NULL,
  type text NOT NULL, round text, site text, at text NOT NULL, batch text NOT NULL, json text NOT NULL,
  UNIQUE (device, seq)
);
CREATE INDEX IF NOT EXISTS events_round ON events (round, site, type);
CREATE TABLE IF NOT EXISTS devices (device text PRIMARY KEY, head_seq bigint NOT NULL, head_id text NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (size bigint PRIMARY KEY, note text NOT NULL);
CREATE TABLE IF NOT EXISTS rejections (
  n bigserial PRIMARY KEY, at text NOT NULL, device text, batch text,
  code text NOT NULL, message text NOT NULL, events text NOT NULL, first_at text
);
-- first_at came with issue 10: a database created before gains it on open.
ALTER TABLE rejections ADD COLUMN IF NOT EXISTS first_at text;
CREATE INDEX IF NOT EXISTS rejections_device ON rejections (device, first_at);
`;

/** int8 and numeric arrive as strings from pg; every count here is far below 2^53. */
const num = (v: string | number): number => Number(v);

type Queryable = Pick<pg.PoolClient, 'query'>;

/** The connection string without its password, for logs. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres:(unparseable URL)';
  }
}

export class PostgresStore implements LedgerStore {
  readonly kind = 'postgres' as const;
  readonly description: string;
  readonly #pool: pg.Pool;
  readonly #fault = killSwitch();
  readonly #keepRejections: number;
  readonly #keepPerDevice: number;

  constructor(url: string, options: StoreOptions & { max?: number } = {}) {
    this.description = describePostgresUrl(url);
    this.#keepRejections = options.keepRejections ?? MAX_REJECTIONS_KEPT;
    this.#keepPerDevice = options.keepRejectionsPerDevice ?? MAX_REJECTIONS_PER_DEVICE;
    this.#pool = new pg.Pool({ connectionString: url, max: options.max ?? 8 });
    // An idle client losing its connection (the server restarting) must not crash the ledger.
    this.#pool.on('error', () => undefined);
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async init(identity: { origin: string; logKey: string }): Promise<void> {
    await this.#transaction(async (client) => {
      // Two servers starting at once must not race on CREATE TABLE.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('aidtrail-ledger-init'))");
      await client.query(SCHEMA);
      const { rows } = await client.query<{ key: string; value: string }>('SELECT key, value FROM meta');
      const stored = Object.fromEntries(rows.map((r) => [r.key, r.value])) as Record<string, string | undefined>;
      const missing = checkIdentity({ schema: stored.schema, origin: stored.origin, logKey: stored.logKey }, identity);
      for (const [key, value] of missing) await client.query('INSERT INTO meta (key, value) VALUES ($1, $2)', [key, value]);
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #nodesWith(q: Queryable, coords: readonly NodeCoord[]): Promise<Uint8Array[]> {
    if (coords.length === 0) return [];
    const { rows } = await q.query<{ ord: string; hash: Buffer }>(
      `SELECT c.ord, n.hash FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS c(level, idx, ord)
       JOIN nodes n ON n.level = c.level AND n.idx = c.idx`,
      [coords.map((c) => c.level), coords.map((c) => c.index)],
    );
    const out = new Array<Uint8Array | undefined>(coords.length);
    for (const r of rows) out[num(r.ord) - 1] = new Uint8Array(r.hash);
    return out.map((hash, i) => {
      if (hash === undefined) throw new Error(`the store has no node at level ${coords[i]!.level}, index ${coords[i]!.index}: it is corrupt`);
      return hash;
    });
  }

  async #state(q: Queryable, device: string, batchId: string, lock: boolean): Promise<LogState> {
    const { rows } = await q.query<{ size: string }>(`SELECT size FROM log_state WHERE one${lock ? ' FOR UPDATE' : ''}`);
    const size = num(rows[0]!.size);
    const peaks = await this.#nodesWith(q, peakCoords(size));
    const head = await this.#headWith(q, device);
    const batch = await q.query<BatchRow>('SELECT * FROM batches WHERE id = $1', [batchId]);
    return { size, peaks, head, existing: batch.rows[0] === undefined ? undefined : batchFromRow(batch.rows[0]) };
  }

  async logState(device: string, batchId: string): Promise<LogState> {
    return this.#state(this.#pool, device, batchId, false);
  }

  async append(request: AppendRequest, sign: (state: { size: number; root: Uint8Array }) => string): Promise<AppendResult> {
    return this.#transaction(async (client): Promise<AppendResult> => {
      const plan = planAppend(await this.#state(client, request.batch.header.device, request.batch.id, true), request);
      if (plan.kind !== 'append') return plan;
      const e = plan.events;
      await client.query(
        `INSERT INTO events (leaf, id, device, seq, type, round, site, at, batch, json)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
        [e.map((r) => r.leaf), e.map((r) => r.id), e.map((r) => r.device), e.map((r) => r.seq), e.map((r) => r.type),
          e.map((r) => r.round), e.map((r) => r.site), e.map((r) => r.at), e.map((r) => r.batch), e.map((r) => r.json)],
      );
      const n = plan.nodes;
      await client.query('INSERT INTO nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])', [
        n.map((r) => r.level),
        n.map((r) => r.index),
        n.map((r) => r.hash),
      ]);
      const b = plan.batch;
      await client.query(
        `INSERT INTO batches (id, device, first_seq, last_seq, count, root, sig, first_leaf, tree_size, site, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [b.id, b.header.device, b.header.firstSeq, b.header.lastSeq, b.header.count, b.header.root, b.sig, b.firstLeaf, b.treeSize, b.site, b.receivedAt],
      );
      await client.query(
        `INSERT INTO devices (device, head_seq, head_id) VALUES ($1, $2, $3)
         ON CONFLICT (device) DO UPDATE SET head_seq = excluded.head_seq, head_id = excluded.head_id`,
        [b.header.device, plan.head.seq, plan.head.id],
      );
      await client.query('UPDATE log_state SET size = $1 WHERE one', [plan.size]);
      await client.query('INSERT INTO checkpoints (size, note) VALUES ($1, $2)', [plan.size, sign({ size: plan.size, root: plan.root })]);
      this.#fault?.();
      return { kind: 'appended', batch: plan.batch };
    });
  }

  async ensureCheckpoint(sign: (state: { size: number; root: Uint8Array }) => string): Promise<void> {
    await this.#transaction(async (client) => {
      const state = await this.#state(client, '', '', true);
      const any = await client.query('SELECT 1 FROM checkpoints LIMIT 1');
      if (any.rowCount !== 0) return;
      await client.query('INSERT INTO checkpoints (size, note) VALUES ($1, $2)', [state.size, sign({ size: state.size, root: rootOfPeaks(state.peaks) })]);
    });
  }

  async size(): Promise<number> {
    const { rows } = await this.#pool.query<{ size: string }>('SELECT size FROM log_state WHERE one');
    return num(rows[0]!.size);
  }

  async nodes(coords: readonly NodeCoord[]): Promise<Uint8Array[]> {
    return this.#nodesWith(this.#pool, coords);
  }

  async leaves(start: number, end: number): Promise<Uint8Array[]> {
    const { rows } = await this.#pool.query<{ hash: Buffer }>('SELECT hash FROM nodes WHERE level = 0 AND idx >= $1 AND idx < $2 ORDER BY idx', [start, end]);
    return rows.map((r) => new Uint8Array(r.hash));
  }

  async leafOf(eventId: string): Promise<number | undefined> {
    const { rows } = await this.#pool.query<{ leaf: string }>('SELECT leaf FROM events WHERE id = $1', [eventId]);
    return rows[0] === undefined ? undefined : num(rows[0].leaf);
  }

  async latestCheckpoint(): Promise<{ size: number; note: string }> {
    const { rows } = await this.#pool.query<{ size: string; note: string }>('SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1');
    if (rows[0] === undefined) throw new Error('the store has no checkpoint: ensureCheckpoint was not called');
    return { size: num(rows[0].size), note: rows[0].note };
  }

  async checkpoint(size: number): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ note: string }>('SELECT note FROM checkpoints WHERE size = $1', [size]);
    return rows[0]?.note;
  }

  async checkpoints(after: number, limit: number): Promise<{ size: number; note: string }[]> {
    const { rows } = await this.#pool.query<{ size: string; note: string }>('SELECT size, note FROM checkpoints WHERE size > $1 ORDER BY size LIMIT $2', [after, limit]);
    return rows.map((r) => ({ size: num(r.size), note: r.note }));
  }

  async batch(id: string): Promise<StoredBatch | undefined> {
    const { rows } = await this.#pool.query<BatchRow>('SELECT * FROM batches WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : batchFromRow(rows[0]);
  }

  async eventIds(start: number, end: number): Promise<string[]> {
    const { rows } = await this.#pool.query<{ id: string }>('SELECT id FROM events WHERE leaf >= $1 AND leaf < $2 ORDER BY leaf', [start, end]);
    return rows.map((r) => r.id);
  }

  async #headWith(q: Queryable, device: string): Promise<ChainLink | null> {
    const { rows } = await q.query<{ head_seq: string; head_id: string }>('SELECT head_seq, head_id FROM devices WHERE device = $1', [device]);
    return rows[0] === undefined ? null : { seq: num(rows[0].head_seq), id: rows[0].head_id };
  }

  async deviceHead(device: string): Promise<ChainLink | null> {
    return this.#headWith(this.#pool, device);
  }

  async events(q: EventQuery): Promise<StoredEvent[]> {
    const where = Where.postgres();
    where.and(`leaf > ${where.param(q.afterLeaf)}`).equal('round', q.round).equal('site', q.site).equal('device', q.device);
    if (q.types !== undefined) where.and(`type = ANY(${where.param(q.types)}::text[])`);
    const { rows } = await this.#pool.query<{ leaf: string; id: string; batch: string; json: string }>(
      `SELECT leaf, id, batch, json FROM events ${where.sql()} ORDER BY leaf LIMIT ${where.param(q.limit)}`,
      where.args,
    );
    return rows.map((r) => ({ ...r, leaf: num(r.leaf) }));
  }

  async recordRejection(r: Rejection): Promise<void> {
    const values = rejectionValues(r);
    await this.#transaction(async (client) => {
      await client.query('INSERT INTO rejections (at, device, batch, code, message, events, first_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', values);
      // By count, not by id: ids removed per device must not make room for dropping other devices' refusals.
      await client.query(
        `DELETE FROM rejections WHERE n IN (SELECT n FROM rejections WHERE device IS NOT DISTINCT FROM $1 AND (first_at IS NOT NULL) = $2
         ORDER BY n DESC OFFSET $3)`,
        [values[1], r.firstAt !== null, this.#keepPerDevice],
      );
      await client.query('DELETE FROM rejections WHERE n IN (SELECT n FROM rejections ORDER BY n DESC OFFSET $1)', [this.#keepRejections]);
    });
  }

  async rejections(limit: number): Promise<(Rejection & { n: number })[]> {
    const { rows } = await this.#pool.query<RejectionRow>('SELECT * FROM rejections ORDER BY n DESC LIMIT $1', [limit]);
    return rows.map(rejectionFromRow);
  }

  async firstRefusedEventAt(device: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ first_at: string | null }>(
      'SELECT MIN(first_at) AS first_at FROM rejections WHERE device = $1 AND first_at IS NOT NULL',
      [device],
    );
    return rows[0]?.first_at ?? undefined;
  }

  async refusedDevices(): Promise<RefusedDevice[]> {
    const { rows } = await this.#pool.query<RefusedDeviceRow>(
      `SELECT device, MIN(first_at) AS first_at, MAX(at) AS last, COUNT(*) AS refusals FROM rejections
       WHERE first_at IS NOT NULL GROUP BY device ORDER BY MAX(n) DESC`,
    );
    return rows.map(refusedDeviceFromRow);
  }

  async devices(): Promise<DeviceSummary[]> {
    const { rows } = await this.#pool.query<DeviceRow>(
      `SELECT b.device, (SELECT site FROM batches WHERE device = b.device ORDER BY first_seq DESC LIMIT 1) AS site,
              COUNT(*) AS batches, SUM(b.count) AS events, d.head_seq, d.head_id, MAX(b.received_at) AS last
       FROM batches b LEFT JOIN devices d ON d.device = b.device GROUP BY b.device, d.head_seq, d.head_id ORDER BY b.device`,
    );
    return rows.map(deviceFromRow);
  }

  async sites(): Promise<SiteSummary[]> {
    const { rows } = await this.#pool.query<{ site: string | null; devices: string; batches: string; events: string }>(
      'SELECT site, COUNT(DISTINCT device) AS devices, COUNT(*) AS batches, SUM(count) AS events FROM batches GROUP BY site ORDER BY site',
    );
    return rows.map((r) => ({ site: r.site, devices: num(r.devices), batches: num(r.batches), events: num(r.events) }));
  }

  async rounds(): Promise<RoundTotal[]> {
    const { rows } = await this.#pool.query<{ round: string | null; site: string | null; type: string; events: string }>(
      'SELECT round, site, type, COUNT(*) AS events FROM events GROUP BY round, site, type ORDER BY round, site, type',
    );
    return rows.map((r) => ({ ...r, events: num(r.events) }));
  }

  async batches(q: BatchQuery): Promise<StoredBatch[]> {
    const where = Where.postgres().equal('device', q.device).equal('site', q.site);
    const { rows } = await this.#pool.query<BatchRow>(
      `SELECT * FROM batches ${where.sql()} ORDER BY first_leaf DESC LIMIT ${where.param(q.limit)}`,
      where.args,
    );
    return rows.map(batchFromRow);
  }
}
