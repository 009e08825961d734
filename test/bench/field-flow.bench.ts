/**
 * Household lookup and handout recording with 100,000 households in RxDB, in
 * Debian Chromium, against the same run at 1,000 households as the baseline:
 * p50 / p95 per action and their ratios, plus the caseload import rate.
 * The work is the kit's own code path (test/bench/field-flow-page.ts), each
 * size on its own fresh on-disk profile, as a laptop would keep it.
 */
import { test } from 'vitest';
import { withFreshOnDiskPage } from '../support/on-disk-page';
import { servePageBundle } from '../support/page-bundle';
import type { FieldFlowBenchPage, FieldFlowRun } from './field-flow-page';
import { percentile } from './ratios';
import { BASELINE_SIZE, benchSize } from './sizes';

/** A ratio, or why there is none: the page's timer has 0.1 ms resolution, and a baseline below it reads 0. */
const ratio = (value: number, baseline: number): string => (baseline > 0 ? `${(value / baseline).toFixed(2)}×` : 'n/a (baseline below the 0.1 ms timer)');

/** Households: 1,000 and AIDTRAIL_BENCH_EVENTS (./sizes.ts), 100,000 by default. */
const SIZES = [BASELINE_SIZE, benchSize(100_000)] as const;
const SAMPLES = 200;

test('field flow at 100k households vs 1k', { timeout: 900_000 }, async () => {
  const bundle = await servePageBundle('test/bench/field-flow-page.ts', 'field flow bench');
  try {
    const runs: FieldFlowRun[] = [];
    for (const households of SIZES) {
      runs.push(
        await withFreshOnDiskPage('aidtrail-field-flow-bench-', bundle.server.url, '__aidtrailFieldFlowBench', (page) =>
          page.evaluate(
            ([n, samples]) => (globalThis as unknown as { __aidtrailFieldFlowBench: FieldFlowBenchPage }).__aidtrailFieldFlowBench.run(n, samples),
            [households, SAMPLES] as const,
          ),
        ),
      );
    }
    const [base, big] = runs as [FieldFlowRun, FieldFlowRun];
    const k = (n: number) => `${n / 1000}k`;
    const row = (name: string, pick: (r: FieldFlowRun) => number[]) => {
      const [b50, b95, g50, g95] = [percentile(pick(base), 50), percentile(pick(base), 95), percentile(pick(big), 50), percentile(pick(big), 95)];
      return `  ${name.padEnd(18)} ${k(base.households)}: p50 ${b50.toFixed(1)} ms  p95 ${b95.toFixed(1)} ms | ${k(big.households)}: p50 ${g50.toFixed(1)} ms  p95 ${g95.toFixed(1)} ms | ratio p50 ${ratio(g50, b50)}  p95 ${ratio(g95, b95)}`;
    };
    console.log(
      [
        `field flow in Chromium (${SAMPLES} samples per action, baseline ${k(base.households)} households):`,
        row('household lookup', (r) => r.lookupMs),
        row('handout recording', (r) => r.handoutMs),
        `  caseload import: ${k(base.households)} in ${(base.importMs / 1000).toFixed(1)} s (${Math.round(base.households / (base.importMs / 1000))} rows/s), ${k(big.households)} in ${(big.importMs / 1000).toFixed(1)} s (${Math.round(big.households / (big.importMs / 1000))} rows/s)`,
      ].join('\n'),
    );
  } finally {
    await bundle.close();
  }
});
