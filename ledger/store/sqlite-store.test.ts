import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './sqlite-store';
import { storeContract } from './store-contract';

storeContract('SQLite', {
  async fresh() {
    const path = join(mkdtempSync(join(tmpdir(), 'aidtrail-ledger-')), 'ledger.sqlite');
    return { store: new SqliteStore(path), reopen: async () => new SqliteStore(path) };
  },
});
