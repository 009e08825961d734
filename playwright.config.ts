/**
 * Browser e2e against the BUILT app (`npm run build` first). Chromium is
 * Debian's (/usr/bin/chromium): Playwright's own browser download is never
 * used. Servers are started by the fixtures in test/e2e/fixtures.ts on
 * 127.0.0.1, on ports chosen at run time.
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  reporter: [
    ['list'],
    ['./test/e2e/skip-reasons-reporter.ts'],
    ['html', { outputFolder: 'playwright-report', open: 'never' }],
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    // Kept for every test (not only failures) as artifacts under test-results/.
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});
