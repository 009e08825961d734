/**
 * Issue 11: live sync to a lead's address that does not answer says so within
 * seconds instead of "Connecting…" for ever, and keeps trying.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { fillNewSite, finishSetup, freshProfile, openProfile } from './kit-steps';

const SHOTS = join('test-results', 'sync-unreachable');

/** A port nothing listens on: taken from the system, then let go. */
async function silentPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a sync address that does not answer shows an error within 10 s', async ({ baseURL }) => {
  const { context, page } = await openProfile(freshProfile());
  try {
    await page.goto(baseURL!);
    await fillNewSite(page);
    await finishSetup(page, { label: 'Field laptop', lead: 'Juma', pin: '4071' });
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-signaling').fill(`ws://127.0.0.1:${await silentPort()}`);
    const started = Date.now();
    await page.getByTestId('sync-connect').click();
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'error', { timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(page.getByTestId('sync-unreachable')).toBeVisible();
    await expect(page.getByTestId('sync-last')).toHaveAttribute('data-last-synced', '');
    await page.screenshot({ path: join(SHOTS, '01-no-answer.png'), fullPage: true });
    await page.getByTestId('sync-disconnect').click();
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'off');
  } finally {
    await context.close();
  }
});
