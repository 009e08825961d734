/**
 * Events from elsewhere at scale, in Debian Chromium, against the bound of
 * the same events measured in the same run (test/bench/storage-bound-page.ts):
 *
 * - peer ingest: a field device's enrolments (signed in Node, handed to the
 *   page in chunks) verified and stored by a laptop of its team in live
 *   sync's batches of 500 (test/bench/sync-ingest-page.ts);
 * - sync-file import: that laptop, now holding them, exports a sync file,
 *   which a new laptop of the team imports (chunks of 1,000).
 *
 * At 1k events (the baseline) and at AIDTRAIL_BENCH_EVENTS (50,000 by
 * default). Each kit run and each bound runs
 * on its own fresh on-disk profile, as a laptop keeps its IndexedDB.
 *
 *   AIDTRAIL_BENCH_EVENTS=200000 npx vitest bench --run test/bench/sync-ingest.bench.ts
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test } from 'vitest';
import { fastDevice } from '../../ledger/testing/fixtures';
import { toBase64url, toHex } from '../../shared/bytes';
import { canonicalize } from '../../shared/canonical';
import { EVENT_VERSION } from '../../shared/events';
import { HOUSEHOLD_ID_RANDOM_BYTES, newHouseholdId } from '../../shared/household';
import type { TestDevice } from '../../shared/ledger/test-support';
import { pageApi, withFreshOnDiskPage } from '../support/on-disk-page';
import { servePageBundle } from '../support/page-bundle';
import { BENCH_SIZES, handOver, heapMiB, measureBound, printBoundTable, type BoundedRun } from './storage-bound';
import { PEER_BATCH, type IngestBenchPage, type IngestRun, type Team } from './sync-ingest-page';

/** A sync file is ingested 500 lines at a time (renderer/src/kit/sync/sync-file.ts). */
const FILE_BATCH = 500;
/** A sealed record's ciphertext: the events come out about the size of a caseload import's (the tables print both). */
const SEALED_RECORD_BYTES = 280;
/** The exported file crosses to Node and back in pieces of this many bytes (a multiple of 3: base64 without padding inside). */
const FILE_PIECE_BYTES = 3 * 2 ** 22;

type KitCall = ReturnType<typeof pageApi<IngestBenchPage>>;

/** `n` enrolments of `device`, signed now (after its certificate), as canonical texts. */
function enrolments(device: TestDevice, n: number, site: string): string[] {
  return Array.from({ length: n }, (_, i) =>
    canonicalize(
      device.record(
        'enrolment',
        {
          household: newHouseholdId(randomBytes(HOUSEHOLD_ID_RANDOM_BYTES)),
          site,
          size: 1 + (i % 8),
          pii: { alg: 'A256GCM', kid: `sk-${toHex(randomBytes(8))}`, iv: toBase64url(randomBytes(12)), ct: toBase64url(randomBytes(SEALED_RECORD_BYTES)) },
        },
        { v: EVENT_VERSION, at: new Date().toISOString() },
      ),
    ),
  );
}

const mustStoreAll = (what: string, run: IngestRun, n: number): IngestRun => {
  if (run.stored !== n) throw new Error(`${what}: the kit stored ${run.stored} of ${n} events`);
  return run;
};

test('peer ingest and sync-file import against raw IndexedDB and WebCrypto verify', { timeout: 3_600_000 }, async () => {
  const bundle = await servePageBundle('test/bench/sync-ingest-page.ts', 'sync ingest bench');
  const url = bundle.server.url;
  const onKit = <T>(prefix: string, work: (kit: KitCall, page: Page) => Promise<T>) =>
    withFreshOnDiskPage(prefix, url, '__aidtrailIngestBench', (page) => work(pageApi<IngestBenchPage>(page, '__aidtrailIngestBench'), page));
  try {
    const runs: BoundedRun[] = [];
    for (const n of BENCH_SIZES) {
      const device = fastDevice();
      let team: Team | undefined;
      let texts: string[] = [];
      const peer = await onKit('aidtrail-ingest-bench-', async (kit, page) => {
        team = await kit('lead', device.did);
        await kit('join', team);
        texts = enrolments(device, n, team.site);
        await handOver(page, texts);
        const run = mustStoreAll('peer ingest', await kit('ingest'), n);
        const heap = await heapMiB(page);
        const size = await kit('exportFile');
        // In pieces of whole base64 quanta (3 bytes), each small enough for one IPC message.
        const pieces: string[] = [];
        for (let at = 0; at < size; at += FILE_PIECE_BYTES) pieces.push(await kit('exportedPiece', at, FILE_PIECE_BYTES));
        return { run, heap, file: pieces };
      });
      const file = await onKit('aidtrail-file-bench-', async (kit, page) => {
        await kit('join', team!);
        await handOver(page, peer.file);
        const run = mustStoreAll('sync-file import', await kit('importFile'), n);
        return { run, heap: await heapMiB(page) };
      });
      runs.push(
        { path: 'peer ingest', events: n, kit: peer.run.cost, heapMiB: peer.heap, batch: PEER_BATCH, bound: await measureBound(url, texts, PEER_BATCH) },
        { path: 'sync-file import', events: n, kit: file.run.cost, heapMiB: file.heap, batch: FILE_BATCH, bound: await measureBound(url, texts, FILE_BATCH) },
      );
    }
    runs.sort((a, b) => a.path.localeCompare(b.path) || a.events - b.events);
    printBoundTable('events from elsewhere: enrolments verified and stored (schema, WebCrypto Ed25519, certificate, chain, RxDB, households view)', runs);
  } finally {
    await bundle.close();
  }
});
