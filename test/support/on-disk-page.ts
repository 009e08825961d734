/**
 * A page of Chromium on an on-disk profile, as a laptop keeps its IndexedDB:
 * the browser-side benchmarks run there. An incognito page (`newPage()`)
 * keeps IndexedDB in memory, up to 10× slower and superlinear
 * (../shared/PLATFORM.md), which would mislead every storage figure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';

export interface OnDiskPage {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** A new, empty profile directory. */
export const freshBenchProfile = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), prefix));

/** Chromium on `profile`, its page at `url` once the bench entry has put `global` on the page. */
export async function openOnDiskPage(profile: string, url: string, global: string): Promise<OnDiskPage> {
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error(`bench page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction((name) => name in globalThis, global);
  return { context, page };
}

/** Runs `work` on a page of a fresh on-disk profile, then closes the browser and deletes the profile. */
export async function withFreshOnDiskPage<T>(prefix: string, url: string, global: string, work: (page: Page) => Promise<T>): Promise<T> {
  const profile = await freshBenchProfile(prefix);
  const { context, page } = await openOnDiskPage(profile, url, global);
  try {
    return await work(page);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
