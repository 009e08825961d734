/**
 * The witness's memory (C2SP tlog-witness): per log origin, the size and root
 * it last cosigned, in SQLite. The check against it and the update happen in
 * one IMMEDIATE transaction, which takes SQLite's write lock before the
 * read: a second request (from this process or another on the same file)
 * waits, then re-reads what the first stored, so no two checkpoints of one
 * size are ever cosigned and no later request rolls the size back (the race
 * the spec describes under "add-checkpoint").
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { WitnessAnswer, WitnessedTree } from '../../shared/tlog';

const SCHEMA = 'CREATE TABLE IF NOT EXISTS witnessed (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL) WITHOUT ROWID;';

export class WitnessStore {
  readonly description: string;
  readonly #db: Database.Database;
  readonly #read: Database.Statement<[string], { size: number; root: Buffer }>;
  readonly #write: Database.Statement<[string, number, Buffer]>;

  constructor(path: string) {
    this.description = `sqlite:${path}`;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    // A cosignature is a promise never to sign another tree of that size: it must be on disk before it is sent.
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 10000');
    this.#db.exec(SCHEMA);
    this.#read = this.#db.prepare('SELECT size, root FROM witnessed WHERE origin = ?');
    this.#write = this.#db.prepare('INSERT INTO witnessed (origin, size, root) VALUES (?, ?, ?) ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root');
  }

  last(origin: string): WitnessedTree | undefined {
    const row = this.#read.get(origin);
    return row === undefined ? undefined : { size: row.size, root: new Uint8Array(row.root) };
  }

  /**
   * Runs `decide` on what is stored for `origin`, under the write lock, and
   * stores the tree a cosignature was given for before the lock is let go.
   */
  decide(origin: string, decide: (last: WitnessedTree | undefined) => WitnessAnswer): WitnessAnswer {
    const run = this.#db.transaction(() => {
      const answer = decide(this.last(origin));
      if (answer.status === 200) this.#write.run(origin, answer.next.size, Buffer.from(answer.next.root));
      return answer;
    });
    return run.immediate();
  }

  close(): void {
    this.#db.close();
  }
}
