/**
 * `npm run witness -- --key witness.json --name witness.example/w1 --log <log key> [options]`:
 * a C2SP tlog-witness for HQ ledgers (issue 17). It cosigns a log's
 * checkpoint only when the log's key signed it and it is proven consistent
 * with the last one it cosigned, so a ledger that forks or rolls back gets
 * no cosignature from it, and kits requiring it refuse that ledger's word.
 *
 *   --key FILE     the witness's key file (`aidtrail keygen` format, as the ledger's)
 *   --create-key   create FILE first if it does not exist
 *   --name NAME    its signed-note key name (a schema-less URL, e.g. witness.example.org/w1)
 *   --log KEY      the verifier key (<origin>+<key id>+<key>) of a log it follows; repeatable
 *   --db FILE      SQLite database (default witness-data/witness.sqlite)
 *   --port N       default 8788; 0 picks a free port (listens on 127.0.0.1 only)
 *   --rate-limit N requests a minute per client address (default 120)
 *
 * On start it prints "witness listening on http://127.0.0.1:PORT", then its
 * witness key (the vkey a ledger's --witness and the donor page's
 * #witnesses= take) and the logs it follows.
 */
import { parseArgs } from 'node:util';
import { ed25519Signer, parseVerifierKey } from '../../shared/checkpoint';
import type { WitnessedLog } from '../../shared/tlog';
import { encodeWitnessKey } from '../../shared/tlog/witness-key';
import { openKeyFile, parseLimit, parsePort, requireKeyFile, UsageError } from '../cli/server-options';
import { buildWitnessApp } from './service';
import { WitnessStore } from './store';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      key: { type: 'string' },
      'create-key': { type: 'boolean' },
      name: { type: 'string' },
      log: { type: 'string', multiple: true, default: [] },
      db: { type: 'string', default: 'witness-data/witness.sqlite' },
      port: { type: 'string', default: '8788' },
      'rate-limit': { type: 'string', default: '120' },
    },
    strict: true,
    allowPositionals: false,
  });
  const keyFile = requireKeyFile(values.key);
  if (values.name === undefined) throw new UsageError('--name NAME is required (the witness key name, e.g. witness.example.org/w1)');
  const port = parsePort(values.port);
  const perAddress = parseLimit(values['rate-limit'], '--rate-limit');
  const logs = new Map<string, WitnessedLog>();
  for (const text of values.log) {
    const key = parseVerifierKey(text);
    if (!key.ok) throw new UsageError(`--log ${text}: not a log verifier key: ${key.message}`);
    // The ledger names its key by its origin (ledger/service/ledger.ts), so the key's name is the origin followed.
    logs.set(key.value.name, { origin: key.value.name, key: key.value });
  }
  if (logs.size === 0) throw new UsageError('--log KEY is required: the verifier key of each log this witness follows');
  // After every check that needs no key, so those mistakes leave no new key behind; --name is checked with the key.
  const key = await openKeyFile(keyFile, values['create-key'] === true);
  const signer = ed25519Signer(values.name, key.seed);
  if (!signer.ok) throw new UsageError(`--name: ${signer.message}`);

  const store = new WitnessStore(values.db);
  const app = buildWitnessApp({ store, signer: signer.value, logs, perAddress });
  const address = await app.listen({ port, host: '127.0.0.1' });
  process.stdout.write(
    [
      `witness listening on ${address}`,
      `  store:       ${store.description}`,
      `  witness key: ${encodeWitnessKey({ name: signer.value.name, publicKey: signer.value.publicKey })}`,
      ...[...logs.keys()].map((origin) => `  follows:     ${origin}`),
      '',
    ].join('\n'),
  );
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void app.close().then(
      () => {
        store.close();
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`witness: ${message.split('\n')[0]}\n`);
  process.exit(e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1);
});
