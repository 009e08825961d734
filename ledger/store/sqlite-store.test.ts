import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from './sqlite-store';
import { storeContract } from './store-contract';

storeContract('SQLite', {
  async fresh(options) {
    const path = join(mkdtempSync(join(tmpdir(), 'aidtrail-ledger-')), 'ledger.sqlite');
    const sql = async (text: string) => {
      const db = new Database(path);
      db.exec(text);
      db.close();
    };
    return { store: new SqliteStore(path, options), reopen: async () => new SqliteStore(path, options), sql };
  },
});
