/**
 * The real ledger service, spawned (`node --import tsx ledger/main.ts`) on
 * 127.0.0.1 on a port chosen at run time, against SQLite and PostgreSQL:
 * registration, anchoring over HTTP, clean restarts, and SIGKILL in the
 * middle of uploads, after which the device resumes and every event is in
 * the log exactly once with the root equal to a rebuild from the leaves.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toHex } from '../../shared/bytes';
import { parseVerifierKey } from '../../shared/checkpoint';
import type { SignedEvent } from '../../shared/events/envelope';
import { eventId } from '../../shared/events/sign';
import { anchor, batchId, LedgerClient, makeBatch, type ReceiptTrust } from '../../shared/ledger';
import { certBody, type TestDevice } from '../../shared/ledger/test-support';
import { hashLeaf, MerkleFrontier } from '../../shared/merkle';
import { ADMIN_TOKEN, fastDevice, HQ_SEED } from '../testing/fixtures';
import { postgresSkipReason, startPostgres, type PostgresServer } from '../testing/postgres';
import { startLedger, writeKeyFile, type RunningLedger } from '../testing/spawn';

const pgSkip = postgresSkipReason();
let pgServer: PostgresServer | undefined;
beforeAll(async () => {
  if (pgSkip === undefined) pgServer = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pgServer?.stop();
});

interface Backend {
  /** Options for startLedger naming a fresh database. */
  fresh(): Promise<{ db?: string; postgres?: string }>;
}

const sqlite: Backend = { fresh: async () => ({ db: join(mkdtempSync(join(tmpdir(), 'aidtrail-proc-')), 'ledger.sqlite') }) };
const postgres: Backend = { fresh: async () => ({ postgres: await pgServer!.createDatabase() }) };

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function register(url: string, device: TestDevice): Promise<void> {
  const r = await fetch(`${url}/admin/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(certBody(device.did)),
  });
  expect(r.status).toBe(201);
}

async function trustOf(url: string): Promise<ReceiptTrust> {
  const info = await json<{ logKey: string; origin: string }>(await fetch(`${url}/`));
  const key = parseVerifierKey(info.logKey);
  if (!key.ok) throw new Error(key.message);
  return { logKey: key.value, origin: info.origin };
}

/** Every device event is a leaf exactly once, and the signed root is the root rebuilt from the public leaf hashes. */
async function expectExactlyOnce(url: string, events: readonly SignedEvent[], hqEvents: number): Promise<void> {
  const checkpoint = await (await fetch(`${url}/checkpoint`)).text();
  const [, sizeLine, rootLine] = checkpoint.split('\n');
  const size = Number(sizeLine);
  expect(size).toBe(events.length + hqEvents);
  const leaves: string[] = [];
  for (let start = 0; start < size; start += 1000) {
    leaves.push(...(await json<{ leaves: string[] }>(await fetch(`${url}/leaves?start=${start}&end=${Math.min(size, start + 1000)}`))).leaves);
  }
  const frontier = MerkleFrontier.empty();
  leaves.forEach((l) => frontier.append(fromHex(l)));
  expect(toHex(frontier.root())).toBe(toHex(fromBase64(rootLine!)));
  const counts = new Map<string, number>();
  for (const l of leaves) counts.set(l, (counts.get(l) ?? 0) + 1);
  for (const e of events) expect(counts.get(toHex(hashLeaf(fromHex(eventId(e)))))).toBe(1);
  const check = await fetch(`${url}/admin/verify-tree`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(await check.json()).toMatchObject({ ok: true, value: { size } });
}

describe.each([
  ['SQLite', sqlite, undefined],
  [`PostgreSQL${pgSkip === undefined ? '' : ` (SKIPPED: ${pgSkip})`}`, postgres, pgSkip],
] as const)('the ledger service on %s', (_name, backend, skip) => {
  let keyFile: string;
  const running: RunningLedger[] = [];
  const start = async (db: { db?: string; postgres?: string }, env?: Record<string, string>) => {
    const ledger = await startLedger({ keyFile, adminToken: ADMIN_TOKEN, ...db, ...(env === undefined ? {} : { env }) });
    running.push(ledger);
    return ledger;
  };
  beforeAll(() => {
    keyFile = writeKeyFile(mkdtempSync(join(tmpdir(), 'aidtrail-key-')), HQ_SEED);
  });
  afterAll(async () => {
    await Promise.all(running.map((r) => r.kill()));
  });

  it.skipIf(skip !== undefined)('registers a device, anchors its events over HTTP, and restarts cleanly on SIGTERM', async () => {
    const db = await backend.fresh();
    const first = await start(db);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const d = fastDevice();
    await register(first.url, d);
    const trust = await trustOf(first.url);
    const events = d.handouts(1500);
    const r = await anchor({ client: new LedgerClient(first.url, fetch), signer: d.signer, events, trust });
    expect(r.ok && r.value.anchored).toBe(1500);
    const before = await (await fetch(`${first.url}/checkpoint`)).text();
    await first.stop();
    expect(await first.exited).toBe(0);

    const second = await start(db);
    expect(await (await fetch(`${second.url}/checkpoint`)).text()).toBe(before);
    await expectExactlyOnce(second.url, events, 1);
    await second.stop();
  });

  it.skipIf(skip !== undefined)('survives SIGKILL just before COMMIT: the device resumes, every event is anchored exactly once', async () => {
    const db = await backend.fresh();
    // Append 1 is the device's certificate, 2 and 3 its first batches: die inside the 4th.
    const crashing = await start(db, { AIDTRAIL_LEDGER_FAULT: 'kill-before-commit:4' });
    const d = fastDevice();
    await register(crashing.url, d);
    const trust = await trustOf(crashing.url);
    const events = d.handouts(700);
    const cut = await anchor({ client: new LedgerClient(crashing.url, fetch), signer: d.signer, events, trust, maxEvents: 100 });
    expect(cut).toMatchObject({ ok: false, code: 'unreachable', partial: { anchored: 200 } });
    expect(await crashing.exited).toBe('SIGKILL');

    const restarted = await start(db);
    const held = cut.ok ? undefined : cut.partial.checkpoint;
    const resumed = await anchor({ client: new LedgerClient(restarted.url, fetch), signer: d.signer, events, trust, maxEvents: 100, ...(held === undefined ? {} : { heldCheckpoint: held }) });
    expect(resumed.ok && resumed.value.anchored).toBe(500);
    await expectExactlyOnce(restarted.url, events, 1);
    await restarted.stop();
  });

  it.skipIf(skip !== undefined)('survives SIGKILL at random moments of a 1000-event upload, then re-sends by batch id', async () => {
    const db = await backend.fresh();
    const d = fastDevice();
    let ledger = await start(db);
    await register(ledger.url, d);
    const trust = await trustOf(ledger.url);
    const events = d.handouts(3000);
    const uploads = [];
    for (let i = 0; i < 3; i++) {
      const made = await makeBatch(events.slice(i * 1000, (i + 1) * 1000), d.signer);
      if (!made.ok) throw new Error(made.message);
      uploads.push(made.value);
    }
    const outcomes: (number | string)[] = [];
    for (const [i, upload] of uploads.entries()) {
      // Fire the upload and kill the ledger while it is being read, verified or appended.
      const sent = fetch(`${ledger.url}/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(upload) }).then(
        (r) => r.status,
        () => 'lost',
      );
      await new Promise((r) => setTimeout(r, [5, 120, 350][i]));
      await ledger.kill();
      const outcome = await sent;
      outcomes.push(outcome);
      expect(['lost', 201]).toContain(outcome);
      ledger = await start(db);
      // The device does not know whether the batch went in: it sends the same batch again.
      const again = await fetch(`${ledger.url}/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(upload) });
      expect([200, 201]).toContain(again.status);
      const answer = await json<{ receipts: unknown[]; status: string }>(again);
      if (outcome === 201) expect(answer.status).toBe('duplicate');
      outcomes.push(`re-sent: ${answer.status}`);
      expect(answer.receipts).toHaveLength(1000);
      const byId = await json<{ receipts: unknown[] }>(await fetch(`${ledger.url}/batches/${batchId(upload.header)}`));
      expect(byId.receipts).toEqual(answer.receipts);
    }
    console.log(`SIGKILL during uploads after 5, 120, 350 ms: ${outcomes.join(', ')} (lost: killed before answering; re-sent duplicate: it had committed)`);
    const finished = await anchor({ client: new LedgerClient(ledger.url, fetch), signer: d.signer, events, trust });
    expect(finished.ok && finished.value.anchored).toBe(0);
    await expectExactlyOnce(ledger.url, events, 1);
    await ledger.stop();
  });
});
