import pg from 'pg';
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
    async fresh(options) {
      const url = await server.createDatabase();
      const sql = async (text: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(text);
        } finally {
          await client.end();
        }
      };
      return { store: new PostgresStore(url, options), reopen: async () => new PostgresStore(url, options), sql };
    },
  });
});
