/**
 * The first household search of a session at a large site (issue 14): it
 * builds the name index from every sealed record, seconds at a camp's 100k
 * households, so the list shows how far that is, and the search answers once
 * it is built. A fresh persistent profile imports a caseload of 2,500
 * households, starts a new session (a reload: the index lives only in
 * memory), and searches. The progress bar's values are recorded as the page
 * shows them (a MutationObserver), so nothing waits on a timer; screenshots
 * go to test-results/search-build/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { freshProfile, importCaseload, openProfile, setUpNewSite, unlock } from './kit-steps';

const SHOTS = join('test-results', 'search-build');
const PIN = '2468';
/** Above the 2,000 from which the list shows the build (renderer/src/ui/households/household-list.tsx). */
const HOUSEHOLDS = 2_500;

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Households no two alike (distinct names and shelters, no birth year or phone), so none is held back as a likely duplicate. */
const caseload = (): string =>
  ['head_name,head_sex,shelter,members', ...Array.from({ length: HOUSEHOLDS }, (_, i) => `Household${i} Family${i},female,S${i}/1,female:18-59:1`)].join('\n');

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('the first search of a session at a large site shows the index being built, then answers', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const profile = freshProfile('aidtrail-search-build-');
  const { context, page } = await openProfile(profile);
  try {
    await setUpNewSite(page, baseURL!, { label: 'Registration laptop', lead: 'Amina', pin: PIN });
    await importCaseload(page, caseload(), HOUSEHOLDS);

    // A new session: the index the import built is gone with the old one.
    await page.reload();
    await unlock(page, PIN);
    await page.getByTestId('nav-households').click();
    await page.getByTestId('households-tab-list').click();
    const table = page.getByTestId('households-table');
    await expect(table).toHaveAttribute('data-state', 'ready');
    // Opening the list builds nothing: no one has asked to search yet.
    await expect(page.getByTestId('households-search-build')).toHaveCount(0);

    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { buildSeen: string[] }).buildSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="households-search-build"]');
        const now = bar ? `${bar.value}/${bar.max}` : undefined;
        if (now !== undefined && seen.at(-1) !== now) seen.push(now);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'] });
    });
    const query = `Family${HOUSEHOLDS - 1}`;
    await page.getByTestId('households-search').fill(query);
    await expect(table).toHaveAttribute('data-query', query, { timeout: 60_000 });
    await expect(table).toHaveAttribute('data-state', 'ready');
    await expect(table.locator('[data-household]')).toHaveCount(1);
    await expect(table).toContainText(`Household${HOUSEHOLDS - 1} Family${HOUSEHOLDS - 1}`);
    await shot(page, '01-found');

    const seen = await page.evaluate(() => (window as unknown as { buildSeen: string[] }).buildSeen);
    expect(seen.length, `progress seen: ${seen.join(', ')}`).toBeGreaterThan(0);
    expect(seen.every((s) => s.endsWith(`/${HOUSEHOLDS}`)), `progress seen: ${seen.join(', ')}`).toBe(true);
    expect(seen.some((s) => Number(s.split('/')[0]) < HOUSEHOLDS), `progress seen: ${seen.join(', ')}`).toBe(true);
    // Built: the bar is gone, and a second search builds nothing again.
    await expect(page.getByTestId('households-search-build')).toHaveCount(0);
    await page.getByTestId('households-search').fill('Family7');
    await expect(table).toHaveAttribute('data-query', 'Family7');
    await expect(page.getByTestId('households-search-build')).toHaveCount(0);
  } finally {
    await context.close();
  }
});
