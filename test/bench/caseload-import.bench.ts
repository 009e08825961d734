/**
 * Caseload import at scale, in Debian Chromium, against the bound of the
 * same enrolments measured in the same run (test/bench/storage-bound-page.ts):
 * a lead's kit imports a households CSV (test/bench/caseload-rows.ts: names
 * from several scripts, so the duplicate check meets a camp's namesakes) of
 * 1k rows (the baseline) and of AIDTRAIL_BENCH_EVENTS rows (50,000 by
 * default), each on its own fresh on-disk profile
 * (test/bench/caseload-import-page.ts); the enrolments it signed then go to
 * the bound, on a fresh profile of their own. Besides what the bound covers,
 * the import parses the CSV, checks each row for likely duplicates, seals
 * each record and signs each enrolment in the vault.
 *
 *   AIDTRAIL_BENCH_EVENTS=200000 npx vitest bench --run test/bench/caseload-import.bench.ts
 */
import { test } from 'vitest';
import { pageApi, withFreshOnDiskPage } from '../support/on-disk-page';
import { servePageBundle } from '../support/page-bundle';
import { CASELOAD_BATCH, type CaseloadBenchPage } from './caseload-import-page';
import { generator, toCsv } from './caseload-rows';
import { BENCH_SIZES, handOver, heapMiB, measureBound, printBoundTable, type BoundedRun } from './storage-bound';

/** A registry export of `n` households (test/bench/caseload-rows.ts), the header first, a line each. */
const caseload = (n: number): string[] => {
  const gen = generator(SEED);
  return toCsv(Array.from({ length: n }, () => gen.household())).split('\n');
};

const SEED = 14;
/**
 * The kit skips rows that are likely duplicates of earlier ones (a near name
 * in the same shelter or with the same birth year): from the generator's
 * name pools, 4% of 50,000 rows and 12% of 200,000.
 */
const MIN_IMPORTED = 0.85;

const PULL_CHUNK = 5_000;

test('caseload import against raw IndexedDB and WebCrypto verify', { timeout: 3_600_000 }, async () => {
  const bundle = await servePageBundle('test/bench/caseload-import-page.ts', 'caseload import bench');
  try {
    const runs: BoundedRun[] = [];
    const skipped: string[] = [];
    for (const n of BENCH_SIZES) {
      const { cost, heap, texts } = await withFreshOnDiskPage('aidtrail-caseload-bench-', bundle.server.url, '__aidtrailCaseloadBench', async (page) => {
        const kit = pageApi<CaseloadBenchPage>(page, '__aidtrailCaseloadBench');
        await handOver(page, caseload(n));
        const run = await kit('importCaseload');
        if (run.imported < MIN_IMPORTED * n) throw new Error(`the kit imported only ${run.imported} of ${n} rows`);
        const heap = await heapMiB(page);
        const texts: string[] = [];
        const total = await kit('countEnrolments');
        for (let start = 0; start < total; start += PULL_CHUNK) texts.push(...(await kit('enrolmentTexts', start, PULL_CHUNK)));
        return { cost: run.cost, heap, texts };
      });
      skipped.push(`${n.toLocaleString('en')} rows: ${(n - texts.length).toLocaleString('en')}`);
      runs.push({ path: 'caseload import', events: texts.length, kit: cost, heapMiB: heap, batch: CASELOAD_BATCH, bound: await measureBound(bundle.server.url, texts, CASELOAD_BATCH) });
    }
    printBoundTable('caseload import: households CSV rows enrolled (duplicate check, seal, vault signing, verify, RxDB, households view)', runs);
    console.log(`  events: the rows enrolled; rows skipped as likely duplicates: ${skipped.join(', ')}`);
  } finally {
    await bundle.close();
  }
});
