/**
 * `npm run ledger -- --key hq.json [options]`: the HQ ledger service.
 *
 *   --key FILE          HQ's key file (`aidtrail keygen` format); signs
 *                       device certificates, plans and checkpoints
 *   --create-key        create FILE first if it does not exist
 *   --port N            default 8787; 0 picks a free port
 *   --host ADDR         default 127.0.0.1 (put a TLS proxy in front in production)
 *   --db FILE           SQLite database (default ledger-data/ledger.sqlite)
 *   --postgres URL      PostgreSQL instead of SQLite
 *   --origin NAME       the log's origin line (default aidtrail.example-agency.org/hq-log)
 *   --admin-token T     or AIDTRAIL_ADMIN_TOKEN; a random one is made and printed if neither
 *
 * On start it prints one line "ledger listening on http://HOST:PORT", then
 * the log key and HQ's did:key. SIGTERM / SIGINT close it cleanly.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateKeyPair } from '../shared/crypto/ed25519';
import { keyFileJson, readKeyFile } from './cli/key-file';
import { processIo } from './cli/io';
import { buildApp } from './service/http';
import { DEFAULT_ORIGIN, Ledger } from './service/ledger';
import { PostgresStore } from './store/postgres-store';
import { SqliteStore } from './store/sqlite-store';
import type { LedgerStore } from './store/store';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      key: { type: 'string' },
      'create-key': { type: 'boolean' },
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: 'ledger-data/ledger.sqlite' },
      postgres: { type: 'string' },
      origin: { type: 'string', default: DEFAULT_ORIGIN },
      'admin-token': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.key === undefined) throw new UsageError('--key FILE is required (create one with `aidtrail keygen --out FILE`, or add --create-key)');
  if (!/^(0|[1-9][0-9]{0,4})$/.test(values.port) || Number(values.port) > 65535) throw new UsageError('--port must be 0–65535');
  if (values['create-key'] === true && !existsSync(values.key)) {
    await processIo.writeSecretFile(values.key, keyFileJson(generateKeyPair()));
  }
  const key = await readKeyFile(processIo, values.key);
  const adminToken = values['admin-token'] ?? process.env.AIDTRAIL_ADMIN_TOKEN ?? randomBytes(24).toString('base64url');

  const store: LedgerStore = values.postgres !== undefined ? new PostgresStore(values.postgres) : new SqliteStore(values.db);
  const ledger = await Ledger.open({ store, hqSeed: key.seed, origin: values.origin });
  const app = buildApp(ledger, { adminToken });
  const address = await app.listen({ port: Number(values.port), host: values.host });
  const url = address.replace('[::1]', 'localhost');
  process.stdout.write(
    [
      `ledger listening on ${url}`,
      `  store:    ${store.description}`,
      `  origin:   ${ledger.origin}`,
      `  log key:  ${ledger.logKey}`,
      `  hq:       ${ledger.hq}`,
      ...(values['admin-token'] === undefined && process.env.AIDTRAIL_ADMIN_TOKEN === undefined ? [`  admin token (generated): ${adminToken}`] : []),
      '',
    ].join('\n'),
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`ledger: ${signal}, closing\n`);
    void app
      .close()
      .then(() => ledger.close())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`ledger: ${message.split('\n')[0]}\n`);
  process.exit(e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1);
});
