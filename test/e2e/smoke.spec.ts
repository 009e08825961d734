import type { ConsoleMessage } from '@playwright/test';
import { expect, headerCsp, test } from './fixtures';

test('the built renderer loads: title, heading, CSP, no console errors', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  const response = await page.goto('/');
  expect(response?.status()).toBe(200);

  await expect(page).toHaveTitle('Aidtrail');
  await expect(page.getByRole('heading', { level: 1, name: 'Aidtrail' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Running in a browser (no desktop host).');

  // The header CSP is the app's policy …
  expect(response?.headers()['content-security-policy']).toBe(headerCsp);
  // … and the page carries the same policy in its <meta> (minus the header-only frame-ancestors).
  const metaCsp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(metaCsp).toBe(headerCsp.replace("; frame-ancestors 'none'", ''));

  await page.screenshot({ path: test.info().outputPath('aidtrail-home.png'), fullPage: true });
  expect(problems).toEqual([]);
});

test('the CSP is enforced: no eval, no inline script', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') violations.push(message.text());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Aidtrail' })).toBeVisible();

  // Code evaluated by Playwright itself is exempt from the CSP (DevTools'
  // allowUnsafeEvalBlockedByCSP), so the checks run in a later task, as page code.
  const result = await page.evaluate(
    () =>
      new Promise<{ evalAllowed: boolean; inlineRan: boolean }>((resolve) => {
        setTimeout(() => {
          let evalAllowed: boolean;
          try {
            evalAllowed = new Function('return true')() === true;
          } catch {
            evalAllowed = false;
          }
          const script = document.createElement('script');
          script.textContent = 'window.__inlineRan = true';
          document.head.append(script);
          resolve({ evalAllowed, inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true });
        }, 0);
      }),
  );
  expect(result).toEqual({ evalAllowed: false, inlineRan: false });
  // The browser reports both refusals.
  expect(violations.join('\n')).toMatch(/Content Security Policy/);
});
