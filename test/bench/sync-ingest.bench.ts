/**
 * Peer sync's receiving side at scale, in Debian Chromium: events a peer
 * sent, verified and stored by the kit (test/bench/sync-ingest-page.ts), at
 * 1k events (the baseline) and at SYNC_EVENTS (default 20k) in the same run.
 * The transport alone is measured by test/bench/sync.bench.ts. Each size
 * runs on its own fresh on-disk profile, as a laptop would.
 */
import { test } from 'vitest';
import { withFreshOnDiskPage } from '../support/on-disk-page';
import { servePageBundle } from '../support/page-bundle';
import type { IngestBenchPage, IngestRun } from './sync-ingest-page';

const SIZES = [1_000, Number(process.env.SYNC_EVENTS ?? 20_000)] as const;

test('events verified and stored per second as the log grows', { timeout: 1_800_000 }, async () => {
  const bundle = await servePageBundle('test/bench/sync-ingest-page.ts', 'sync ingest bench');
  try {
    const runs: IngestRun[] = [];
    for (const n of SIZES) {
      runs.push(
        await withFreshOnDiskPage('aidtrail-ingest-bench-', bundle.server.url, '__aidtrailIngestBench', (page) =>
          page.evaluate((count) => (globalThis as unknown as { __aidtrailIngestBench: IngestBenchPage }).__aidtrailIngestBench.run(count), n),
        ),
      );
    }
    const rate = (r: IngestRun) => r.stored / (r.ingestMs / 1000);
    const [base, big] = runs as [IngestRun, IngestRun];
    console.log(
      [
        'sync ingest in Chromium (verify + certificate + chain + RxDB store), baseline the 1k run:',
        ...runs.map((r) => `  ${r.events} events: ${(r.ingestMs / 1000).toFixed(1)} s, ${Math.round(rate(r))} events/s (${r.stored} stored)`),
        `  ratio ${big.events} vs ${base.events}: ${(rate(big) / rate(base)).toFixed(2)}× the per-event rate`,
      ].join('\n'),
    );
  } finally {
    await bundle.close();
  }
});
