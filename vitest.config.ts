import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'ledger/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'test/e2e/**'],
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
    // Conformance suites print their per-suite counts (e.g. "wycheproof ed25519: 151/151").
    silent: false,
    testTimeout: 30_000,
  },
});
