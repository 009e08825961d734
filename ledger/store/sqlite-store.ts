/**
 * The SQLite LedgerStore (better-sqlite3), the default for one HQ server:
 * WAL journal with synchronous=FULL, so a committed append survives a power
 * cut and a SIGKILL mid-append leaves no trace of it. better-sqlite3 is
 * synchronous, so an append (read state, plan, write, sign, commit) runs in
 * one BEGIN IMMEDIATE transaction without yielding to the event loop: no
 * other request can see or interleave with a half-written append.
 *
 * better-sqlite3 ≥ 12 ships N-API prebuilds inside the npm package, so it
 * installs without its build script (package.json denies it in
 * allowScripts: the script would compile from source, here against the
 * wrong Node headers).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChainLink } from '../../shared/events/verify';
import { planAppend, peakCoords, rootOfPeaks, type AppendRequest, type LogState } from './append';
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_state (one INTEGER PRIMARY KEY CHECK (one = 1), size INTEGER NOT NULL);
INSERT OR IGNORE INTO log_state (one, size) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS nodes (
  level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS batches (
  id TEXT PRIMARY KEY, device TEXT NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL,
  count INTEGER NOT NULL, root TEXT NOT NULL, sig TEXT NOT NULL, first_leaf INTEGER NOT NULL UNIQUE,
  tree_size INTEGER NOT NULL, site TEXT, received_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS batches_device ON batches (device, first_seq);
CREATE INDEX IF NOT EXISTS batches_site ON batches (site);
CREATE TABLE IF NOT EXISTS events (
  leaf INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, device TEXT NOT NULL, seq INTEGER NOT NULL,
  type TEXT NOT NULL, round TEXT, site TEXT, at TEXT NOT NULL, batch TEXT NOT NULL, json TEXT NOT NULL,
  UNIQUE (device, seq)
);
CREATE INDEX IF NOT EXISTS events_round ON events (round, site, type);
CREATE TABLE IF NOT EXISTS devices (device TEXT PRIMARY KEY, head_seq INTEGER NOT NULL, head_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rejections (
  n INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, device TEXT, batch TEXT,
  code TEXT NOT NULL, message TEXT NOT NULL, events TEXT NOT NULL, first_at TEXT
);
`;

/** After SCHEMA and the columns added since (first_at: issue 10, older databases gain it on open). */
const INDEXES = 'CREATE INDEX IF NOT EXISTS rejections_device ON rejections (device, first_at);';

export class SqliteStore implements LedgerStore {
  readonly kind = 'sqlite' as const;
  readonly description: string;
  readonly #db: Database.Database;
  readonly #fault = killSwitch();
  readonly #statements = new Map<string, Database.Statement>();
  readonly #keepRejections: number;
  readonly #keepPerDevice: number;

  /** Prepared once per SQL text. */
  #sql<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  constructor(path: string, options: StoreOptions = {}) {
    this.description = `sqlite:${path}`;
    this.#keepRejections = options.keepRejections ?? MAX_REJECTIONS_KEPT;
    this.#keepPerDevice = options.keepRejectionsPerDevice ?? MAX_REJECTIONS_PER_DEVICE;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 10000');
    this.#db.pragma('foreign_keys = ON');
  }

  async init(identity: { origin: string; logKey: string }): Promise<void> {
    this.#db.exec(SCHEMA);
    const get = this.#sql<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    const put = this.#sql('INSERT INTO meta (key, value) VALUES (?, ?)');
    this.#db.transaction(() => {
      const columns = this.#db.prepare<[], { name: string }>('PRAGMA table_info(rejections)').all();
      if (!columns.some((c) => c.name === 'first_at')) this.#db.exec('ALTER TABLE rejections ADD COLUMN first_at TEXT');
      this.#db.exec(INDEXES);
      const stored = {
        schema: get.get('schema')?.value,
        origin: get.get('origin')?.value,
        logKey: get.get('logKey')?.value,
      };
      const missing = checkIdentity(stored, identity);
      for (const [key, value] of missing) put.run(key, value);
    }).immediate();
  }

  async close(): Promise<void> {
    this.#db.close();
  }

  #readState(device: string, batchId: string): LogState {
    const size = this.#sql<[], { size: number }>('SELECT size FROM log_state WHERE one = 1').get()!.size;
    const peaks = this.#nodesSync(peakCoords(size));
    const head = this.#headSync(device);
    const row = this.#sql<[string], BatchRow>('SELECT * FROM batches WHERE id = ?').get(batchId);
    return { size, peaks, head, existing: row === undefined ? undefined : batchFromRow(row) };
  }

  async logState(device: string, batchId: string): Promise<LogState> {
    return this.#readState(device, batchId);
  }

  async append(request: AppendRequest, sign: (state: { size: number; root: Uint8Array }) => string): Promise<AppendResult> {
    const db = this.#db;
    const run = db.transaction((): AppendResult => {
      const plan = planAppend(this.#readState(request.batch.header.device, request.batch.id), request);
      if (plan.kind !== 'append') return plan;
      const insertEvent = this.#sql(
        'INSERT INTO events (leaf, id, device, seq, type, round, site, at, batch, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const e of plan.events) insertEvent.run(e.leaf, e.id, e.device, e.seq, e.type, e.round, e.site, e.at, e.batch, e.json);
      const insertNode = this.#sql('INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)');
      for (const n of plan.nodes) insertNode.run(n.level, n.index, n.hash);
      const b = plan.batch;
      this.#sql(
        `INSERT INTO batches (id, device, first_seq, last_seq, count, root, sig, first_leaf, tree_size, site, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(b.id, b.header.device, b.header.firstSeq, b.header.lastSeq, b.header.count, b.header.root, b.sig, b.firstLeaf, b.treeSize, b.site, b.receivedAt);
      this.#sql(
        `INSERT INTO devices (device, head_seq, head_id) VALUES (?, ?, ?)
         ON CONFLICT (device) DO UPDATE SET head_seq = excluded.head_seq, head_id = excluded.head_id`,
      ).run(b.header.device, plan.head.seq, plan.head.id);
      this.#sql('UPDATE log_state SET size = ? WHERE one = 1').run(plan.size);
      this.#sql('INSERT INTO checkpoints (size, note) VALUES (?, ?)').run(plan.size, sign({ size: plan.size, root: plan.root }));
      this.#fault?.();
      return { kind: 'appended', batch: plan.batch };
    });
    return run.immediate();
  }

  async ensureCheckpoint(sign: (state: { size: number; root: Uint8Array }) => string): Promise<void> {
    this.#db
      .transaction(() => {
        const any = this.#sql('SELECT 1 FROM checkpoints LIMIT 1').get();
        if (any !== undefined) return;
        const state = this.#readState('', '');
        this.#sql('INSERT INTO checkpoints (size, note) VALUES (?, ?)').run(state.size, sign({ size: state.size, root: rootOfPeaks(state.peaks) }));
      })
      .immediate();
  }

  async size(): Promise<number> {
    return this.#sql<[], { size: number }>('SELECT size FROM log_state WHERE one = 1').get()!.size;
  }

  #nodesSync(coords: readonly NodeCoord[]): Uint8Array[] {
    const get = this.#sql<[number, number], { hash: Buffer }>('SELECT hash FROM nodes WHERE level = ? AND idx = ?');
    return coords.map(({ level, index }) => {
      const row = get.get(level, index);
      if (row === undefined) throw new Error(`the store has no node at level ${level}, index ${index}: it is corrupt`);
      return new Uint8Array(row.hash);
    });
  }

  async nodes(coords: readonly NodeCoord[]): Promise<Uint8Array[]> {
    return this.#db.transaction(() => this.#nodesSync(coords))();
  }

  async leaves(start: number, end: number): Promise<Uint8Array[]> {
    return this.#sql<[number, number], { hash: Buffer }>('SELECT hash FROM nodes WHERE level = 0 AND idx >= ? AND idx < ? ORDER BY idx')
      .all(start, end)
      .map((r) => new Uint8Array(r.hash));
  }

  async leafOf(eventId: string): Promise<number | undefined> {
    return this.#sql<[string], { leaf: number }>('SELECT leaf FROM events WHERE id = ?').get(eventId)?.leaf;
  }

  async latestCheckpoint(): Promise<{ size: number; note: string }> {
    const row = this.#sql<[], { size: number; note: string }>('SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1').get();
    if (row === undefined) throw new Error('the store has no checkpoint: ensureCheckpoint was not called');
    return row;
  }

  async checkpoint(size: number): Promise<string | undefined> {
    return this.#sql<[number], { note: string }>('SELECT note FROM checkpoints WHERE size = ?').get(size)?.note;
  }

  async checkpoints(after: number, limit: number): Promise<{ size: number; note: string }[]> {
    return this.#sql<[number, number], { size: number; note: string }>('SELECT size, note FROM checkpoints WHERE size > ? ORDER BY size LIMIT ?')
      .all(after, limit);
  }

  async batch(id: string): Promise<StoredBatch | undefined> {
    const row = this.#sql<[string], BatchRow>('SELECT * FROM batches WHERE id = ?').get(id);
    return row === undefined ? undefined : batchFromRow(row);
  }

  async eventIds(start: number, end: number): Promise<string[]> {
    return this.#sql<[number, number], { id: string }>('SELECT id FROM events WHERE leaf >= ? AND leaf < ? ORDER BY leaf')
      .all(start, end)
      .map((r) => r.id);
  }

  #headSync(device: string): ChainLink | null {
    const row = this.#sql<[string], { head_seq: number; head_id: string }>('SELECT head_seq, head_id FROM devices WHERE device = ?').get(device);
    return row === undefined ? null : { seq: row.head_seq, id: row.head_id };
  }

  async deviceHead(device: string): Promise<ChainLink | null> {
    return this.#headSync(device);
  }

  async events(q: EventQuery): Promise<StoredEvent[]> {
    const where = Where.sqlite();
    where.and(`leaf > ${where.param(q.afterLeaf)}`).equal('round', q.round).equal('site', q.site).equal('device', q.device);
    if (q.types !== undefined) where.and(`type IN (${q.types.map((t) => where.param(t)).join(', ')})`);
    const sql = `SELECT leaf, id, batch, json FROM events ${where.sql()} ORDER BY leaf LIMIT ${where.param(q.limit)}`;
    return this.#sql<unknown[], StoredEvent>(sql).all(...where.args);
  }

  async recordRejection(r: Rejection): Promise<void> {
    const values = rejectionValues(r);
    const [device, signed] = [values[1], r.firstAt !== null ? 1 : 0];
    this.#db.transaction(() => {
      this.#sql('INSERT INTO rejections (at, device, batch, code, message, events, first_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...values);
      // By count, not by id: ids removed per device must not make room for dropping other devices' refusals.
      this.#sql(
        `DELETE FROM rejections WHERE n IN (SELECT n FROM rejections WHERE device IS ? AND (first_at IS NOT NULL) = ?
         ORDER BY n DESC LIMIT -1 OFFSET ?)`,
      ).run(device, signed, this.#keepPerDevice);
      this.#sql('DELETE FROM rejections WHERE n IN (SELECT n FROM rejections ORDER BY n DESC LIMIT -1 OFFSET ?)').run(this.#keepRejections);
    })();
  }

  async rejections(limit: number): Promise<(Rejection & { n: number })[]> {
    return this.#sql<[number], RejectionRow>('SELECT * FROM rejections ORDER BY n DESC LIMIT ?').all(limit).map(rejectionFromRow);
  }

  async firstRefusedEventAt(device: string): Promise<string | undefined> {
    const row = this.#sql<[string], { first_at: string | null }>('SELECT MIN(first_at) AS first_at FROM rejections WHERE device = ? AND first_at IS NOT NULL').get(device);
    return row?.first_at ?? undefined;
  }

  async refusedDevices(): Promise<RefusedDevice[]> {
    return this.#sql<[], RefusedDeviceRow>(
        `SELECT device, MIN(first_at) AS first_at, MAX(at) AS last, COUNT(*) AS refusals FROM rejections
         WHERE first_at IS NOT NULL GROUP BY device ORDER BY MAX(n) DESC`,
      )
      .all()
      .map(refusedDeviceFromRow);
  }

  async devices(): Promise<DeviceSummary[]> {
    return this.#sql<[], DeviceRow>(
        `SELECT b.device, (SELECT site FROM batches WHERE device = b.device ORDER BY first_seq DESC LIMIT 1) AS site,
                COUNT(*) AS batches, SUM(b.count) AS events, d.head_seq, d.head_id, MAX(b.received_at) AS last
         FROM batches b LEFT JOIN devices d ON d.device = b.device GROUP BY b.device ORDER BY b.device`,
      )
      .all()
      .map(deviceFromRow);
  }

  async sites(): Promise<SiteSummary[]> {
    return this.#sql<[], SiteSummary>(
        'SELECT site, COUNT(DISTINCT device) AS devices, COUNT(*) AS batches, SUM(count) AS events FROM batches GROUP BY site ORDER BY site',
      )
      .all();
  }

  async rounds(): Promise<RoundTotal[]> {
    return this.#sql<[], RoundTotal>('SELECT round, site, type, COUNT(*) AS events FROM events GROUP BY round, site, type ORDER BY round, site, type')
      .all();
  }

  async batches(q: BatchQuery): Promise<StoredBatch[]> {
    const where = Where.sqlite().equal('device', q.device).equal('site', q.site);
    const sql = `SELECT * FROM batches ${where.sql()} ORDER BY first_leaf DESC LIMIT ${where.param(q.limit)}`;
    return this.#sql<unknown[], BatchRow>(sql).all(...where.args).map(batchFromRow);
  }
}
