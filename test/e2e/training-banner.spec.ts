/**
 * The browser build says what it is (issue 13): every screen (first run,
 * lock screen, each main screen) carries a strip saying it is the training
 * and evaluation version, that its data lies unprotected in the browser
 * profile and that field data belongs in the desktop app; in French and in
 * Arabic (right to left) too. `bin/start.mjs` says the same when it falls
 * back to the browser build. The desktop app shows no strip (run where the
 * Electron binary and a display exist, reported skipped otherwise).
 *
 * Each screen is kept as a screenshot, test-results/<test>/training-banner-<screen>.png,
 * and attached to the report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type Locator, type Page, type TestInfo } from '@playwright/test';
import { displayAvailability, findElectronBinary } from '../../bin/electron-binary.mjs';
import { expect, test } from './fixtures';
import { fillNewSite, finishSetup, freshProfile, openProfile, unlock } from './kit-steps';

const PIN = '2468';
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const startScript = fileURLToPath(new URL('../../bin/start.mjs', import.meta.url));

const TEXT = {
  en: {
    title: 'Training and evaluation version',
    body: 'Data stays in this browser profile without protection: anyone using this computer or another local web page can read it. Use the desktop app for real field data.',
  },
  fr: { title: 'Version de formation et d’évaluation', body: /Utilisez l’application de bureau pour les vraies données de terrain\.$/ },
  ar: { title: 'نسخة للتدريب والتقييم', body: /استخدم تطبيق سطح المكتب للبيانات الميدانية الحقيقية\.$/ },
} as const;

/** The strip, found as the page's note named by its title. */
const banner = (page: Page, language: keyof typeof TEXT = 'en'): Locator => page.getByRole('note', { name: TEXT[language].title });

/** The strip is there, visible at the top of the page, says all of its text in `language`, and cannot be closed. */
async function expectBanner(page: Page, language: keyof typeof TEXT = 'en'): Promise<void> {
  const strip = banner(page, language);
  await expect(strip).toBeVisible();
  await expect(strip).toHaveAttribute('data-testid', 'training-banner');
  await expect(strip).toBeInViewport();
  await expect(strip.getByTestId('training-banner-body')).toHaveText(TEXT[language].body);
  await expect(strip.getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('training-banner')).toHaveCount(1);
}

async function keep(page: Page, testInfo: TestInfo, screen: string): Promise<void> {
  const path = testInfo.outputPath(`training-banner-${screen}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(`training-banner-${screen}`, { path, contentType: 'image/png' });
}

/** Each main screen, by its nav link, and what says it has loaded. */
const SCREENS = [
  { screen: 'check', ready: '[data-testid="check-screen"]' },
  { screen: 'households', ready: '[data-testid="households-screen"]' },
  { screen: 'tally', ready: '[data-testid="tally"][data-state="ready"]' },
  { screen: 'sync', ready: '[data-testid="sync-screen"]' },
  { screen: 'ledger', ready: '[data-testid="ledger-screen"]' },
  { screen: 'reconcile', ready: '[data-testid="reconcile"][data-state="ready"]' },
  { screen: 'settings', ready: '[data-testid="settings-screen"]' },
] as const;

test('every screen of the browser build carries the training strip: first run, lock screen, each main screen', async ({ baseURL }, testInfo) => {
  const { context, page } = await openProfile(freshProfile('aidtrail-training-'));
  try {
    await page.goto(baseURL!);
    await page.getByTestId('setup-form').waitFor();
    await expectBanner(page);
    await keep(page, testInfo, 'setup');

    await fillNewSite(page);
    await finishSetup(page, { label: 'Laptop 1', lead: 'Amina', pin: PIN });
    // The founding lead sees every screen, Reconcile included.
    for (const { screen, ready } of SCREENS) {
      await page.getByTestId(`nav-${screen}`).click();
      await page.locator(ready).waitFor();
      await expectBanner(page);
      await keep(page, testInfo, screen);
    }

    await page.getByTestId('lock-button').click();
    await page.getByTestId('lock-form').waitFor();
    await expectBanner(page);
    await keep(page, testInfo, 'lock');
  } finally {
    await context.close();
  }
});

test('the strip speaks the chosen language, right to left in Arabic', async ({ baseURL }, testInfo) => {
  const { context, page } = await openProfile(freshProfile('aidtrail-training-'));
  try {
    await page.goto(baseURL!);
    await page.getByTestId('setup-form').waitFor();
    await page.getByTestId('language-switcher').selectOption('fr');
    await expectBanner(page, 'fr');
    await keep(page, testInfo, 'setup-fr');

    await fillNewSite(page);
    await finishSetup(page, { label: 'Portable 1', lead: 'Amina', pin: PIN });
    await expectBanner(page, 'fr');

    await page.getByTestId('lock-button').click();
    await page.getByTestId('lock-form').waitFor();
    await page.getByTestId('language-switcher').selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expectBanner(page, 'ar');
    // Logical properties: the strip's heavy start edge is on the right in Arabic.
    const edges = await page.getByTestId('training-banner').evaluate((el) => {
      const style = getComputedStyle(el);
      return { right: style.borderRightWidth, left: style.borderLeftWidth };
    });
    expect(edges).toEqual({ right: '8px', left: '0px' });
    await keep(page, testInfo, 'lock-ar');

    await unlock(page, PIN);
    await expectBanner(page, 'ar');
    await keep(page, testInfo, 'check-ar');
  } finally {
    await context.close();
  }
});

/** Everything `child` prints on stdout until `marker`; rejects if it exits first or takes longer than `ms`. */
async function printedUntil(child: ChildProcess, marker: string, ms: number): Promise<string> {
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk) => (err += String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${marker}" within ${ms} ms; printed:\n${out}\n${err}`)), ms);
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      if (out.includes(marker)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bin/start.mjs exited (${code}) before "${marker}":\n${out}\n${err}`));
    });
  });
}

test('bin/start.mjs says the same when it falls back to the browser build', async ({ page }, testInfo) => {
  // --web takes the fallback path even where Electron could start; --port 0: any free port.
  const child = spawn(process.execPath, [startScript, '--web', '--port', '0'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const printed = await printedUntil(child, 'Press Ctrl-C to stop.', 20_000);
    await testInfo.attach('bin-start-output.txt', { body: printed, contentType: 'text/plain' });
    expect(printed).toContain('Serving the built app as a local web app instead');
    const warning = printed.replace(/\s+/g, ' ');
    expect(warning).toContain('TRAINING AND EVALUATION ONLY');
    expect(warning).toContain('stay in this browser profile WITHOUT PROTECTION');
    expect(warning).toContain('another local web page served on this address');
    expect(warning).toContain('Real field data belongs in the desktop app.');
    expect(warning).toContain('To get the desktop app:');
    expect(warning).toContain('npx install-electron');
    // The warning comes before "Press Ctrl-C", right under the address, where it is read.
    expect(printed.indexOf('TRAINING AND EVALUATION ONLY')).toBeGreaterThan(printed.indexOf('http://127.0.0.1:'));

    const url = /http:\/\/127\.0\.0\.1:\d+\/?/.exec(printed)?.[0];
    expect(url).toBeDefined();
    await page.goto(url!);
    await page.getByTestId('setup-form').waitFor();
    await expectBanner(page);
    await keep(page, testInfo, 'bin-start');
  } finally {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  }
});

const binary = findElectronBinary(projectRoot);
const display = displayAvailability();
const desktopSkip = !binary.found
  ? 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): the desktop check is skipped'
  : !display.available
    ? `No display for Electron (${display.reason}): the desktop check is skipped`
    : undefined;

test('the desktop app shows no training strip', async ({}, testInfo) => {
  test.skip(desktopSkip !== undefined, desktopSkip);
  if (!binary.found) return;
  const app = await electron.launch({ executablePath: binary.path, args: [projectRoot], cwd: projectRoot });
  try {
    const page = await app.firstWindow();
    await page.locator('[data-testid="host-status"][data-state="desktop"]').waitFor();
    await expect(page.getByTestId('training-banner')).toHaveCount(0);
    await keep(page, testInfo, 'desktop');
  } finally {
    await app.close();
  }
});
