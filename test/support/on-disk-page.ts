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
import { exposeChromiumCpu } from './chromium-cpu';

export interface OnDiskPage {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** A new, empty profile directory. */
export const freshBenchProfile = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), prefix));

/**
 * Chromium on `profile` and its first page, nowhere yet (a desktop-sized
 * window, as the e2e tests' `openProfile`); page errors are printed.
 */
export async function launchOnDiskProfile(profile: string): Promise<OnDiskPage> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error(`bench page error: ${e.message}`));
  return { context, page };
}

/**
 * Chromium on `profile`, its page at `url` once the bench entry has put
 * `global` on the page; the page can read Chromium's CPU time (./cpu-binding.ts).
 */
export async function openOnDiskPage(profile: string, url: string, global: string): Promise<OnDiskPage> {
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error(`bench page error: ${e.message}`));
  await exposeChromiumCpu(page);
  await page.goto(url);
  await page.waitForFunction((name) => name in globalThis, global);
  return { context, page };
}

/**
 * The methods a bench entry put on the page at `globalThis[global]`, called
 * from Node: `pageApi<IngestBenchPage>(page, '__aidtrailIngestBench')('run', 1000)`.
 * Arguments and answers cross as JSON-like values.
 */
export function pageApi<Api>(page: Page, global: string) {
  type Args<K extends keyof Api> = Api[K] extends (...args: infer A) => unknown ? A : never;
  type Answer<K extends keyof Api> = Api[K] extends (...args: never[]) => infer R ? Awaited<R> : never;
  return <K extends keyof Api & string>(method: K, ...args: Args<K>): Promise<Answer<K>> =>
    page.evaluate(
      ([g, m, a]) => (globalThis as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>)[g]![m]!(...a),
      [global, method, args] as const,
    ) as Promise<Answer<K>>;
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
