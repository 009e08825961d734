/**
 * Peer sync's receiving side at scale, in Debian Chromium: events a peer
 * sent, verified and stored by the kit (test/bench/sync-ingest-page.ts), at
 * 1k events (the baseline) and at SYNC_EVENTS (default 20k) in the same run.
 * The transport alone is measured by test/bench/sync.bench.ts.
 */
import { chromium } from '@playwright/test';
import { test } from 'vitest';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { servePageBundle } from '../support/page-bundle';
import type { IngestBenchPage, IngestRun } from './sync-ingest-page';

const SIZES = [1_000, Number(process.env.SYNC_EVENTS ?? 20_000)] as const;

test('events verified and stored per second as the log grows', { timeout: 1_800_000 }, async () => {
  const bundle = await servePageBundle('test/bench/sync-ingest-page.ts', 'sync ingest bench');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const runs: IngestRun[] = [];
    for (const n of SIZES) {
      const page = await browser.newPage();
      await page.goto(bundle.server.url);
      await page.waitForFunction(() => '__aidtrailIngestBench' in globalThis);
      runs.push(await page.evaluate((count) => (globalThis as unknown as { __aidtrailIngestBench: IngestBenchPage }).__aidtrailIngestBench.run(count), n));
      await page.close();
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
    await browser.close();
    await bundle.close();
  }
});
