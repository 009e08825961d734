/**
 * Node side of the ingest benchmarks' bound (test/bench/storage-bound-page.ts
 * says what it measures and what it leaves out): the sizes they run at,
 * handing texts to a page in chunks, the renderer's heap, the bound on a
 * fresh on-disk profile, and the table they print. Each kit run and each
 * bound get their own fresh profile, as a laptop keeps its IndexedDB.
 */
import { availableParallelism } from 'node:os';
import type { Page } from '@playwright/test';
import { pageApi, withFreshOnDiskPage } from '../support/on-disk-page';
import { formatTable } from './ratios';
import { BASELINE_SIZE, benchSize } from './sizes';
import type { Cost } from '../support/cpu-binding';
import type { BoundPage, BoundRun } from './storage-bound-page';

/**
 * The baseline size and the large one, in events (or caseload rows):
 * AIDTRAIL_BENCH_EVENTS (./sizes.ts), 50,000 by default so a run finishes in
 * minutes; the camps want 200,000.
 */
export const BENCH_SIZES = [BASELINE_SIZE, benchSize(50_000)] as const;

const HAND_OVER_CHUNK = 5_000;
/**
 * Characters per call at most: a call's arguments cross to the renderer in
 * one IPC message, and Chromium closes a page sent one past its limit (a
 * 200k-event sync file as one argument did).
 */
const HAND_OVER_CHARS = 16 * 2 ** 20;

const boundPage = (page: Page) => pageApi<BoundPage>(page, '__aidtrailBound');

/** Hands `texts` to the page (`takeReceived` there), a chunk per call: at most HAND_OVER_CHUNK texts and about HAND_OVER_CHARS characters. */
export async function handOver(page: Page, texts: readonly string[]): Promise<void> {
  let chunk: string[] = [];
  let chars = 0;
  for (const text of texts) {
    if (chunk.length > 0 && (chunk.length >= HAND_OVER_CHUNK || chars + text.length > HAND_OVER_CHARS)) {
      await boundPage(page)('receive', chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(text);
    chars += text.length;
  }
  if (chunk.length > 0) await boundPage(page)('receive', chunk);
}

/** The renderer's JS heap after a full garbage collection, in MiB (CDP `Runtime.getHeapUsage`). */
export async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

/** The bound for `texts` (canonical signed events) in batches of `batch`, on a fresh on-disk profile of the page at `url`. */
export function measureBound(url: string, texts: readonly string[], batch: number): Promise<BoundRun> {
  return withFreshOnDiskPage('aidtrail-bound-bench-', url, '__aidtrailBound', async (page) => {
    await handOver(page, texts);
    return boundPage(page)('bound', batch);
  });
}

/** One path at one size: the kit's run and the bound measured for the same events. */
export interface BoundedRun {
  readonly path: string;
  readonly events: number;
  readonly kit: Cost;
  readonly heapMiB: number;
  readonly batch: number;
  readonly bound: BoundRun;
}

const perSecond = (n: number, ms: number) => n / (ms / 1000);
const count = (n: number) => Math.round(n).toLocaleString('en');
/** Cores busy on average over the work (CPU ms over wall ms), '–' where CPU was not measured. */
const cores = ({ ms, cpuMs }: Cost) => (Number.isFinite(cpuMs) ? (cpuMs / ms).toFixed(2) : '–');
/** CPU µs per event, '–' where not measured. */
const perEvent = ({ cpuMs }: Cost, events: number) => (Number.isFinite(cpuMs) ? count((cpuMs * 1000) / events) : '–');

/**
 * Prints the runs as a table: the kit's rate, its ratio to its own 1k run
 * (flat is 1.00×), the raw IndexedDB and WebCrypto verify rates, the kit's
 * rate as a multiple of the lower of the two, and the heap.
 */
export function printBoundTable(title: string, runs: readonly BoundedRun[]): void {
  const baseline = new Map<string, BoundedRun>();
  for (const run of runs) if (!baseline.has(run.path) || run.events < baseline.get(run.path)!.events) baseline.set(run.path, run);
  const rows = runs.map((run) => {
    const kit = perSecond(run.events, run.kit.ms);
    const idb = perSecond(run.bound.events, run.bound.idb.ms);
    const verify = perSecond(run.bound.events, run.bound.verify.ms);
    const rxdb = perSecond(run.bound.events, run.bound.rxdb.ms);
    const base = baseline.get(run.path)!;
    return [
      run.path,
      count(run.events),
      count(run.bound.eventBytes),
      count(run.batch),
      (run.kit.ms / 1000).toFixed(1),
      count(kit),
      base === run ? '' : `${(kit / perSecond(base.events, base.kit.ms)).toFixed(2)}×`,
      count(idb),
      count(verify),
      `${(kit / Math.min(idb, verify)).toFixed(2)}×`,
      count(rxdb),
      `${(kit / rxdb).toFixed(2)}×`,
      run.heapMiB.toFixed(1),
    ];
  });
  console.log(
    [
      `${title}:`,
      '  Chromium, each kit run and each bound on a fresh on-disk profile; bound = min(raw IDB, verify) for the same events, measured in this run',
      formatTable(
        ['path', 'events', 'event B', 'batch', 'kit s', 'kit ev/s', 'vs 1k', 'raw IDB ev/s', 'verify ev/s', 'kit ÷ bound', 'RxDB ev/s', 'kit ÷ RxDB', 'heap MiB'],
        rows,
        'lrrrrrrrrrrrr',
      ),
      '  raw IDB: puts of the same event documents (and the household rows enrolments project) into stores with the kit stores’ indexes, one transaction per batch:',
      ...(['events', 'households'] as const).map((store) => `    ${store}: ${runs[0]?.bound.indexes[store].join(' ') ?? ''}`),
      '  verify: crypto.subtle.verify over each event’s signing bytes (one at a time or a batch in flight, the faster);',
      '  RxDB: the same documents bulk-inserted through the kit’s RxDB collections, events then households per batch (not part of the bound: what the storage library costs over raw IndexedDB);',
      '  vs 1k: the kit’s rate over its rate at 1k (flat is 1.00×); heap: the renderer’s JS heap after GC, the kit still open.',
      `  CPU of all Chromium's processes (the page, its workers, IndexedDB's backend) over the same timed work, on ${availableParallelism()} cores:`,
      formatTable(
        ['path', 'events', 'kit cores', 'kit µs/ev', 'raw IDB cores', 'raw IDB µs/ev', 'verify µs/ev', 'RxDB cores', 'RxDB µs/ev'],
        runs.map((run) => [
          run.path,
          count(run.events),
          cores(run.kit),
          perEvent(run.kit, run.events),
          cores(run.bound.idb),
          perEvent(run.bound.idb, run.bound.events),
          perEvent(run.bound.verify, run.bound.events),
          cores(run.bound.rxdb),
          perEvent(run.bound.rxdb, run.bound.events),
        ]),
        'lrrrrrrrr',
      ),
      '  cores: CPU time over wall time (the kit at the machine’s core count is limited by CPU, not by waiting); µs/ev: CPU time per event.',
    ].join('\n'),
  );
}
