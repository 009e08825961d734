/**
 * `npm run ledger -- --key hq.json [options]`: the HQ ledger service.
 *
 *   --key FILE            HQ's key file (`aidtrail keygen` format); signs
 *                         device certificates, plans and checkpoints
 *   --create-key          create FILE first if it does not exist
 *   --port N              default 8787; 0 picks a free port
 *   --host ADDR           default 127.0.0.1 (put a TLS proxy in front in production)
 *   --db FILE             SQLite database (default ledger-data/ledger.sqlite)
 *   --postgres URL        PostgreSQL instead of SQLite
 *   --origin NAME         the log's origin line (default aidtrail.example-agency.org/hq-log)
 *   --admin-token-file F  the admin token, or AIDTRAIL_ADMIN_TOKEN; with neither, the
 *                         token in admin-token beside --db, made (mode 0600) if missing
 *   --rate-limit N        requests a minute per client address (default 600)
 *   --device-rate-limit N uploads a minute per device (default 120)
 *   --request-timeout S   seconds to receive a whole request (default 120)
 *   --trust-proxy LIST    proxies (addresses or CIDRs, comma-separated) whose
 *                         X-Forwarded-For names the client, for the per-address limit
 *   --chain-rpc URL …     anchor checkpoints on an EVM chain (./chain/options.ts lists
 *                         --chain-id, --chain-key, --chain-contract and the rest);
 *                         GET /chain then says how that goes
 *   --witness URL=KEY     ask the witness at URL (its witness key: name+id+key) to
 *                         cosign each checkpoint (./witness/client.ts); repeatable;
 *                         GET /checkpoint then carries their cosignatures, GET /witnesses says how it goes
 *   --tiles-dir DIR       publish the log as static tiles (C2SP tlog-tiles) in DIR
 *                         for any web server to serve (./tiles/writer.ts)
 *
 * The admin token is never taken from the command line (every user of the
 * machine can read it with `ps`) nor printed (./service/admin-token.ts).
 * On start it prints one line "ledger listening on http://HOST:PORT", then
 * the store, origin, log key, HQ's did:key and where the admin token is.
 * SIGTERM / SIGINT close it cleanly.
 */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { openKeyFile, parseLimit, parsePort, requireKeyFile, UsageError } from './cli/server-options';
import { CHAIN_OPTIONS, chainConfig } from './chain/options';
import { chainRoutes } from './chain/routes';
import { startAnchoring } from './chain/service';
import { witnessRoutes } from './witness/client-routes';
import { startCosigning, WITNESS_OPTIONS, witnessConfig } from './witness/options';
import { startTiles, TILES_OPTIONS } from './tiles/options';
import { loadAdminToken } from './service/admin-token';
import { buildApp } from './service/http';
import type { HttpLimits } from './service/http-limits';
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
      'admin-token-file': { type: 'string' },
      // Only to say why it is refused (see the file comment).
      'admin-token': { type: 'string' },
      'rate-limit': { type: 'string' },
      'device-rate-limit': { type: 'string' },
      'request-timeout': { type: 'string' },
      'trust-proxy': { type: 'string' },
      ...CHAIN_OPTIONS,
      ...WITNESS_OPTIONS,
      ...TILES_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  if (values['admin-token'] !== undefined) {
    throw new UsageError('--admin-token is refused: every user of this machine can read a command line; use --admin-token-file FILE or AIDTRAIL_ADMIN_TOKEN');
  }
  const keyFile = requireKeyFile(values.key);
  const port = parsePort(values.port);
  const perAddress = parseLimit(values['rate-limit'], '--rate-limit');
  const perDevice = parseLimit(values['device-rate-limit'], '--device-rate-limit');
  const requestTimeout = parseLimit(values['request-timeout'], '--request-timeout');
  const limits: Partial<HttpLimits> = {
    ...(perAddress === undefined ? {} : { perAddress }),
    ...(perDevice === undefined ? {} : { perDevice }),
    ...(requestTimeout === undefined ? {} : { requestTimeoutMs: requestTimeout * 1000 }),
  };
  const admin = await loadAdminToken(
    {
      ...(values['admin-token-file'] === undefined ? {} : { file: values['admin-token-file'] }),
      ...(process.env.AIDTRAIL_ADMIN_TOKEN === undefined ? {} : { env: process.env.AIDTRAIL_ADMIN_TOKEN }),
    },
    join(dirname(values.db), 'admin-token'),
  );
  if (!admin.ok) throw new UsageError(admin.message);
  const chain = chainConfig(values);
  if (!chain.ok) throw new UsageError(chain.message);
  const witnesses = witnessConfig(values);
  if (!witnesses.ok) throw new UsageError(witnesses.message);
  // Only once every option passed: a mistyped command leaves no new key behind.
  const key = await openKeyFile(keyFile, values['create-key'] === true);

  const store: LedgerStore = values.postgres !== undefined ? new PostgresStore(values.postgres) : new SqliteStore(values.db);
  const ledger = await Ledger.open({ store, hqSeed: key.seed, origin: values.origin, witnesses: witnesses.value });
  const cosigning = startCosigning(witnesses.value, ledger);
  const app = buildApp(ledger, {
    adminToken: admin.value.token,
    limits,
    ...(values['trust-proxy'] === undefined ? {} : { trustProxy: values['trust-proxy'] }),
  });
  const anchoring = await startAnchoring(chain.value, ledger);
  void app.register(chainRoutes(anchoring));
  void app.register(witnessRoutes(witnesses.value));
  const tiles = startTiles(values, ledger, (line) => process.stderr.write(line));
  const address = await app.listen({ port, host: values.host });
  const url = address.replace('[::1]', 'localhost');
  process.stdout.write(
    [
      `ledger listening on ${url}`,
      `  store:       ${store.description}`,
      `  origin:      ${ledger.origin}`,
      `  log key:     ${ledger.logKey}`,
      `  hq:          ${ledger.hq}`,
      `  admin token: ${admin.value.from}`,
      `  anchoring:   ${anchoring.description}`,
      `  witnesses:   ${cosigning}`,
      `  tiles:       ${tiles.description}`,
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
      .then(async () => {
        anchoring.stop();
        witnesses.value.stop();
        await tiles.stop();
        return ledger.close();
      })
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`ledger: ${message.split('\n')[0]}\n`);
  process.exit(e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1);
});
