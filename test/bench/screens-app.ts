/**
 * Driving the built app for the screens benchmark (test/bench/screens.bench.ts)
 * and timing it inside the page, where no Playwright round trip or polling
 * interval adds to the figure. A probe, installed before the app's own
 * scripts on every load, watches the DOM (a MutationObserver) for what a
 * screen renders once its data arrived and answers the time until the frame
 * after it (requestAnimationFrame, then a task: the content laid out and
 * painted):
 *
 * - start-up: from the navigation's start (`performance.now()` counts from
 *   it) to a usable lock screen (the lock form with the operator picker
 *   filled) or, on a kit not set up, the first-run form;
 * - a screen: from the click on its entry (a capture listener stamps the
 *   click) to its content.
 */
import type { Page } from '@playwright/test';
import { unlock } from '../e2e/kit-steps';
import { heapMiB } from './storage-bound';

/** The lock screen with at least one operator to pick, or the first-run form of a kit not set up. */
export const STARTUP_READY = {
  lock: ['[data-testid="lock-form"] input[name="operator"]', '[data-testid="lock-pin"]'],
  setup: ['[data-testid="setup-site"]', '[data-testid="setup-submit"]'],
} as const;

type Probe = {
  /** Start-up: which form was shown first, and when (ms from the navigation's start). */
  readonly startup: Promise<{ readonly shown: string; readonly ms: number }>;
  /** Times the next click up to the moment every one of `selectors` matches (and a frame was drawn). */
  arm(selectors: readonly string[]): void;
  /** What `arm` measured. */
  readonly opened: Promise<number> | undefined;
};

/** Runs in the page before its scripts (serialized by Playwright: self-contained). */
function installProbe(ready: Readonly<Record<string, readonly string[]>>): void {
  const matches = (selectors: readonly string[]) => selectors.every((s) => document.querySelector(s) !== null);
  /** Resolves `performance.now() - from()` after the frame in which `selectors` all match; `from` undefined waits. */
  const whenShown = (test: () => string | undefined, from: () => number | undefined, then: (ms: number, shown: string) => void): (() => void) => {
    let done = false;
    const check = () => {
      const start = from();
      const shown = done || start === undefined ? undefined : test();
      if (shown === undefined) return;
      done = true;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => then(performance.now() - start!, shown), 0));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    check();
    return check;
  };
  let clickAt: number | undefined;
  let onClick: (() => void) | undefined;
  const probe: { startup: Promise<{ shown: string; ms: number }>; opened: Promise<number> | undefined; arm(selectors: readonly string[]): void } = {
    startup: new Promise((resolve) => {
      whenShown(
        () => Object.keys(ready).find((name) => matches(ready[name]!)),
        () => 0,
        (ms, shown) => resolve({ shown, ms }),
      );
    }),
    opened: undefined,
    arm(selectors) {
      clickAt = undefined;
      probe.opened = new Promise((resolve) => {
        onClick = whenShown(
          () => (matches(selectors) ? 'shown' : undefined),
          () => clickAt,
          (ms) => resolve(ms),
        );
      });
    },
  };
  window.addEventListener(
    'click',
    () => {
      if (onClick === undefined || clickAt !== undefined) return;
      clickAt = performance.now();
      onClick();
    },
    { capture: true },
  );
  (globalThis as unknown as { __aidtrailProbe: Probe }).__aidtrailProbe = probe;
}

/** Installs the probe for every later load of `page`. */
export async function addProbe(page: Page): Promise<void> {
  await page.addInitScript(installProbe, STARTUP_READY);
}

/** Loads the app at `url` and answers what its start-up showed first and when. */
export async function startApp(page: Page, url: string): Promise<{ shown: keyof typeof STARTUP_READY; ms: number; marks: Record<string, number> }> {
  await page.goto(url);
  const startup = await page.evaluate(() => (globalThis as unknown as { __aidtrailProbe: Probe }).__aidtrailProbe.startup);
  // The kit's own start-up marks (renderer/src/kit/start-kit.ts STARTUP_MARKS), ms from the navigation's start.
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('aidtrail:')).map((m) => [m.name.slice('aidtrail:'.length), m.startTime])));
  return { ...(startup as { shown: keyof typeof STARTUP_READY; ms: number }), marks };
}

/** A screen to open: how to get from the check screen to where its entry is, the entry, and what it shows once loaded. */
export interface ScreenSpec {
  readonly name: string;
  /** Steps before the timed click (not timed). */
  readonly before?: (page: Page) => Promise<void>;
  /** The `data-testid` of the nav entry (or tab) clicked. */
  readonly entry: string;
  /** Every one of these matches once the content is there (not a spinner). */
  readonly ready: readonly string[];
}

export const SCREENS: readonly ScreenSpec[] = [
  {
    name: 'Tally (today)',
    entry: 'nav-tally',
    ready: ['[data-testid="tally"][data-state="ready"] [data-testid="tally-totals"]', '[data-testid="tally"] [data-testid="day-close-status"][data-state="ready"]'],
  },
  {
    name: 'Households list',
    before: async (page) => {
      await page.getByTestId('nav-households').click();
      await page.getByTestId('households-screen').waitFor();
    },
    entry: 'households-tab-list',
    ready: ['[data-testid="households-table"][data-state="ready"]'],
  },
  {
    name: 'Reconcile',
    entry: 'nav-reconcile',
    ready: ['[data-testid="reconcile"][data-state="ready"]'],
  },
];

/** Unlocks as the lead when the app shows the lock screen; answers whether it had to. */
async function unlockIfLocked(page: Page, pin: string): Promise<boolean> {
  await page.getByTestId('check-screen').or(page.getByTestId('lock-form')).first().waitFor();
  if (!(await page.getByTestId('lock-form').isVisible())) return false;
  await unlock(page, pin);
  return true;
}

/** Back on the check screen (the field officer's first screen), signed in again if the vault locked itself meanwhile. */
export async function toCheckScreen(page: Page, pin: string): Promise<boolean> {
  await page.getByTestId('nav-check').or(page.getByTestId('lock-form')).first().waitFor();
  if (await page.getByTestId('nav-check').isVisible()) await page.getByTestId('nav-check').click();
  return unlockIfLocked(page, pin);
}

/** Opens `screen` from the check screen `n` times; the times in ms. */
export async function openTimes(page: Page, screen: ScreenSpec, n: number, pin: string): Promise<{ ms: number[]; relocks: number }> {
  const ms: number[] = [];
  let relocks = 0;
  for (let i = 0; i < n; i++) {
    if (await toCheckScreen(page, pin)) relocks++;
    await screen.before?.(page);
    await page.evaluate((selectors) => (globalThis as unknown as { __aidtrailProbe: Probe }).__aidtrailProbe.arm(selectors), screen.ready);
    await page.getByTestId(screen.entry).click();
    ms.push(await page.evaluate(() => (globalThis as unknown as { __aidtrailProbe: Probe }).__aidtrailProbe.opened!));
  }
  return { ms, relocks };
}

/** An attribute of the first element matching `selector`, as a number. */
export async function numberAt(page: Page, selector: string, attribute: string): Promise<number> {
  return Number(await page.locator(selector).first().getAttribute(attribute));
}

/** Waits until the page shows nothing loading: no `data-state="loading"`, no bare "Loading…" line. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-state="loading"]') === null &&
      !Array.from(document.querySelectorAll('p')).some((p) => p.textContent?.trim() === 'Loading…'),
    undefined,
    { polling: 100 },
  );
}

/** A visit: click `entry`, wait for `shown`, then for everything on it to have loaded. */
async function visit(page: Page, entry: string, shown: string): Promise<void> {
  await page.getByTestId(entry).click();
  await page.locator(shown).first().waitFor();
  await settled(page);
}

/**
 * Every screen of the nav and every tab, a household search (its first
 * builds the name index of every household) and the tally of `closedDay`
 * (whose day close must match what the laptop holds) among them; then the
 * renderer's heap after a full GC. Answers the heap and the search's time.
 */
export async function heapAfterEveryScreen(page: Page, pin: string, query: string, closedDay: string): Promise<{ heap: number; searchMs: number }> {
  await toCheckScreen(page, pin);
  await visit(page, 'nav-households', '[data-testid="households-screen"]');
  for (const tab of ['enrol', 'import', 'cards', 'list']) await visit(page, `households-tab-${tab}`, `[data-testid="households-screen"][data-tab="${tab}"]`);
  const t0 = Date.now();
  await page.getByTestId('households-search').fill(query);
  await page.locator(`[data-testid="households-table"][data-state="ready"][data-query="${query}"]`).waitFor();
  const searchMs = Date.now() - t0;
  await visit(page, 'nav-tally', '[data-testid="tally"][data-state="ready"]');
  await page.getByTestId('tally-day').fill(closedDay);
  const close = page.locator(`[data-testid="day-close-status"][data-day="${closedDay}"][data-state="ready"]`);
  await close.waitFor();
  if ((await close.getAttribute('data-matches')) !== 'true') throw new Error(`the day close of ${closedDay} does not match the tally: ${await close.textContent()}`);
  await settled(page);
  await visit(page, 'nav-sync', '[data-testid="sync-screen"]');
  await visit(page, 'nav-ledger', '[data-testid="ledger-screen"]');
  await visit(page, 'nav-reconcile', '[data-testid="reconcile"][data-state="ready"]');
  for (const tab of ['gaps', 'stock', 'quarantine', 'day', 'conflicts']) await visit(page, `reconcile-tab-${tab}`, `[data-testid="reconcile"][data-tab="${tab}"][data-state="ready"]`);
  await visit(page, 'nav-settings', '[data-testid="settings-screen"]');
  await visit(page, 'nav-check', '[data-testid="check-screen"]');
  if (await page.getByTestId('lock-form').isVisible()) throw new Error('the app locked itself during the visits: the heap would be of a locked kit');
  return { heap: await heapMiB(page), searchMs };
}

export { unlock };
