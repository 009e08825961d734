import { afterAll, beforeAll, describe } from 'vitest';
import { postgresSkipReason, startPostgres, type PostgresServer } from '../testing/postgres';
import { PostgresStore } from './postgres-store';
import { storeContract } from './store-contract';

const skip = postgresSkipReason();

describe.skipIf(skip !== undefined)(`PostgreSQL${skip === undefined ? '' : ` (SKIPPED: ${skip})`}`, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  storeContract('PostgreSQL', {
    async fresh() {
      const url = await server.createDatabase();
      return { store: new PostgresStore(url), reopen: async () => new PostgresStore(url) };
    },
  });
});
