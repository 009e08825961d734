/**
 * HQ batch intake: events verified and appended per second, through the
 * ledger's whole intake path (verifyBatch with node:crypto, the registry,
 * the transactional append with its Merkle nodes and signed checkpoint, and
 * the 1000 receipts), on SQLite (WAL, synchronous=FULL) and PostgreSQL
 * (a durable throw-away cluster, or PG_URL), against the raw node:crypto
 * Ed25519 verify rate measured in the same run as the baseline.
 * One operation is one 1000-event batch; rates are printed per event.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import type { Upload } from '../../shared/ledger';
import { eventSigningBytes } from '../../shared/events/sign';
import { fromBase64url } from '../../shared/bytes';
import { didToPublicKey } from '../../shared/crypto/did-key';
import type { UnsignedEvent } from '../../shared/events/envelope';
import type { Ledger } from '../../ledger/service/ledger';
import { PostgresStore } from '../../ledger/store/postgres-store';
import { SqliteStore } from '../../ledger/store/sqlite-store';
import type { LedgerStore } from '../../ledger/store/store';
import { fastDevice, openLedger, uploadOf } from '../../ledger/testing/fixtures';
import { postgresAvailability, startPostgres, type PostgresServer } from '../../ledger/testing/postgres';

const BATCH = 1000;
const RUNS = 8;
const RUN_OPTIONS = { time: 0, iterations: RUNS, warmupIterations: 1, warmupTime: 0 };
const rate = (hz: number) => `${Math.round(hz).toLocaleString('en')} events/s`;

/** A ledger over `store` and enough 1000-event batches of 4 devices for warmup and runs. */
async function prepare(store: LedgerStore): Promise<{ ledger: Ledger; next: () => Upload }> {
  const devices = Array.from({ length: 4 }, () => fastDevice());
  const ledger = await openLedger(store, devices);
  const uploads: Upload[] = [];
  for (let i = 0; i < RUNS + 4; i++) {
    const d = devices[i % devices.length]!;
    uploads.push(await uploadOf(d, d.handouts(BATCH)));
  }
  return {
    ledger,
    next: () => {
      const u = uploads.shift();
      if (u === undefined) throw new Error('the benchmark ran out of prepared batches');
      return u;
    },
  };
}

async function intake(ledger: Ledger, upload: Upload): Promise<void> {
  const r = await ledger.submit(upload);
  if (!r.ok || r.status !== 'appended' || r.value.receipts.length !== BATCH) throw new Error(`intake failed: ${r.ok ? r.status : r.message}`);
}

test('ledger intake vs raw Ed25519 verify', { timeout: 600_000 }, async ({ bench }) => {
  const sample = fastDevice().handouts(1)[0]!;
  const { sig, ...draft } = sample;
  const message = eventSigningBytes(draft as UnsignedEvent);
  const key = didToPublicKey(sample.device);
  if (!key.ok) throw new Error(key.message);
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.value).toString('base64url') }, format: 'jwk' });
  const signature = fromBase64url(sig);

  const baseline = await bench('node:crypto Ed25519 verify', () => {
    if (!nodeVerify(null, message, publicKey, signature)) throw new Error('a valid signature failed');
  }).run({ time: 1500 });
  const raw = baseline.throughput.mean;

  const sqlite = await prepare(new SqliteStore(join(mkdtempSync(join(tmpdir(), 'aidtrail-bench-')), 'ledger.sqlite')));
  let pg: PostgresServer | undefined;
  let postgres: Awaited<ReturnType<typeof prepare>> | undefined;
  if (postgresAvailability.ok) {
    pg = await startPostgres({ durable: true });
    postgres = await prepare(new PostgresStore(await pg.createDatabase()));
  }
  try {
    const results = new Map<string, number>();
    results.set('intake SQLite', (await bench('intake SQLite', async () => intake(sqlite.ledger, sqlite.next())).run(RUN_OPTIONS)).throughput.mean);
    if (postgres !== undefined) {
      const pgLedger = postgres;
      results.set('intake PostgreSQL', (await bench('intake PostgreSQL', async () => intake(pgLedger.ledger, pgLedger.next())).run(RUN_OPTIONS)).throughput.mean);
    }
    const lines = [`ledger intake (1000-event batches, verified + appended + receipts): baseline node:crypto Ed25519 verify ${rate(raw)} on one core`];
    for (const name of ['intake SQLite', 'intake PostgreSQL']) {
      const hz = results.get(name);
      if (hz === undefined) {
        lines.push(`  ${name}: SKIPPED (${postgresAvailability.ok ? 'not run' : postgresAvailability.reason})`);
        continue;
      }
      const events = hz * BATCH;
      lines.push(`  ${name}: ${rate(events)} = ${(events / raw).toFixed(2)}× the raw verify rate`);
    }
    console.log(lines.join('\n'));
    for (const l of [sqlite.ledger, postgres?.ledger]) {
      const check = await l?.verifyStoredTree();
      if (check !== undefined && !check.ok) throw new Error(check.message);
    }
  } finally {
    await sqlite.ledger.close();
    await postgres?.ledger.close();
    await pg?.stop();
  }
});
