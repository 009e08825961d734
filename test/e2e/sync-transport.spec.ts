/**
 * The sync transport in Debian Chromium: two browser contexts (two kits)
 * sync 3,000 + 3,000 events (~1 MB of initial diff each way, where y-webrtc's
 * single SyncStep2 message would be dropped over 256 KiB) over real WebRTC
 * data channels, with the signaling server on 127.0.0.1, `iceServers: []`,
 * the app's production CSP and IndexedDB persistence; then a
 * live event, and a reconnect after a reload and offline work (only the new
 * events travel).
 */
import { expect, test, type Page } from '@playwright/test';
import { startSignalingServer, type SignalingServer } from '../../electron/main/signaling-server';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { servePageBundle } from '../support/page-bundle';
import type { SyncPage } from '../sync/sync-page';

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    // WebRTC between contexts on a loopback-only host (PLATFORM.md).
    args: [...CHROMIUM_ARGS, '--allow-loopback-in-peer-connection'],
  },
});

type Win = { __aidtrailSync: SyncPage };

const status = (page: Page) => page.evaluate(() => (globalThis as unknown as Win).__aidtrailSync.status());
const digest = (page: Page) => page.evaluate(() => (globalThis as unknown as Win).__aidtrailSync.digest());

test('two Chromium contexts sync 6,000 events over data channels in bounded frames', async ({ browser }) => {
  test.setTimeout(180_000);
  let signaling: SignalingServer | undefined;
  let served: Awaited<ReturnType<typeof servePageBundle>> | undefined;
  try {
    signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
    served = await servePageBundle('test/sync/sync-page.ts', 'sync transport');
    const pages: Page[] = [];
    for (const name of ['a', 'b']) {
      const context = await browser.newContext();
      await context.grantPermissions(['camera', 'microphone']);
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') console.log(`[${name}] ${m.text()}`);
      });
      await page.goto(served.server.url);
      await page.waitForFunction(() => '__aidtrailSync' in globalThis);
      pages.push(page);
    }
    const [a, b] = pages as [Page, Page];
    const started = Date.now();
    await Promise.all(
      [a, b].map((page, i) =>
        page.evaluate(
          (o) => (globalThis as unknown as Win).__aidtrailSync.start(o),
          { signaling: signaling!.url, secret: 'team secret', scope: 'round:e2e', name: i === 0 ? 'a' : 'b', count: 3000 },
        ),
      ),
    );
    await expect.poll(async () => (await status(a)).progress.events, { timeout: 60_000 }).toBe(6000);
    await expect.poll(async () => (await status(b)).progress.events, { timeout: 60_000 }).toBe(6000);
    await expect.poll(async () => (await status(a)).progress.synced && (await status(b)).progress.synced, { timeout: 30_000 }).toBe(true);
    const elapsed = Date.now() - started;
    const [sa, sb] = [await status(a), await status(b)];
    console.log(`Chromium: 3,000 + 3,000 events converged in ${elapsed} ms; largest data-channel message ${Math.max(sa.largestSent, sb.largestSent)} B`);
    expect(sa.progress).toMatchObject({ peers: 1, toFetch: 0, received: 3000, sent: 3000 });
    expect(Math.max(sa.largestSent, sb.largestSent)).toBeLessThanOrEqual(64 * 1024);
    expect(await digest(a)).toBe(await digest(b));
    await expect.poll(async () => (await status(a)).online, { timeout: 20_000 }).toBe(2);

    // A live event travels on its own.
    await a.evaluate(() => (globalThis as unknown as Win).__aidtrailSync.add('a', 3000, 1));
    await expect.poll(async () => (await status(b)).progress.events, { timeout: 10_000 }).toBe(6001);
    expect(await digest(a)).toBe(await digest(b));

    // b goes offline (the page is closed and reopened: its history comes back from IndexedDB); a records 20 events meanwhile.
    await b.evaluate(() => (globalThis as unknown as Win).__aidtrailSync.stop());
    await a.evaluate(() => (globalThis as unknown as Win).__aidtrailSync.add('a', 3001, 20));
    await b.reload();
    await b.waitForFunction(() => '__aidtrailSync' in globalThis);
    await b.evaluate(
      (o) => (globalThis as unknown as Win).__aidtrailSync.start(o),
      { signaling: signaling.url, secret: 'team secret', scope: 'round:e2e', name: 'b', count: 0 },
    );
    await expect.poll(async () => (await status(b)).progress.synced, { timeout: 30_000 }).toBe(true);
    const again = await status(b);
    console.log(`Chromium: reconnect after reload: ${again.progress.received} events received in ${again.bytesIn} B`);
    expect(again.progress).toMatchObject({ events: 6021, received: 20 });
    expect(again.bytesIn).toBeLessThan(20 * 400 + 4096);
    expect(await digest(a)).toBe(await digest(b));
  } finally {
    await served?.close();
    await signaling?.close();
  }
});
