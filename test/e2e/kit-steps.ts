/**
 * Steps the browser e2e tests share: the kit in Debian Chromium on a
 * persistent profile (so a test can close it and open the same device
 * again), the first-run form, the lock screen, enrolment and the ration card.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';

/** A new, empty profile directory. */
export const freshProfile = (prefix = 'aidtrail-e2e-'): string => mkdtempSync(join(tmpdir(), prefix));

/** Chromium on the profile in `dir` (`extraArgs` after the usual ones), and its first page. */
export async function openProfile(dir: string, extraArgs: readonly string[] = []): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** On the first-run form: start a new site, camp-north (not join a team). */
export async function fillNewSite(page: Page): Promise<void> {
  await page.getByTestId('setup-site').fill('camp-north');
  await page.getByTestId('setup-site-name').fill('Camp North');
}

/** The rest of the first-run form: the device, its lead and the PIN; waits for the check screen. */
export async function finishSetup(page: Page, device: { label: string; lead: string; pin: string }): Promise<void> {
  await page.getByTestId('setup-device-label').fill(device.label);
  await page.getByTestId('setup-lead-name').fill(device.lead);
  await page.getByTestId('setup-pin').fill(device.pin);
  await page.getByTestId('setup-pin-confirm').fill(device.pin);
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('check-screen').waitFor();
}

/** Opens the app at `url` on a fresh profile and sets it up as camp-north's first laptop, `device` its lead; waits for the check screen. */
export async function setUpNewSite(page: Page, url: string, device: { label: string; lead: string; pin: string }): Promise<void> {
  await page.goto(url);
  await page.getByTestId('setup-form').waitFor();
  await fillNewSite(page);
  await finishSetup(page, device);
}

/**
 * Signs in on the lock screen and waits for the check screen; `who` picks the
 * operator by name (needed once the laptop knows more than one, e.g. the
 * site's directory reached it).
 */
export async function unlock(page: Page, pin: string, who?: string): Promise<void> {
  await page.getByTestId('lock-form').waitFor();
  if (who !== undefined) await page.getByTestId('lock-form').getByRole('radio', { name: who, exact: false }).check();
  await page.getByTestId('lock-pin').fill(pin);
  await page.getByTestId('lock-submit').click();
  await page.getByTestId('check-screen').waitFor();
}

/** On the enrolment form: a woman heading the household, with `boys` boys under five. */
export async function fillEnrolment(page: Page, household: { head: string; shelter: string; boys: string }): Promise<void> {
  await page.getByTestId('enrol-head-name').fill(household.head);
  await page.getByTestId('enrol-head-sex').selectOption('female');
  await page.getByTestId('enrol-shelter').fill(household.shelter);
  await page.getByTestId('enrol-members-18-59-female').fill('1');
  await page.getByTestId('enrol-members-0-4-male').fill(household.boys);
}

/** Imports a caseload CSV (its text) on the households screen; waits until the report says `imported` households were enrolled. */
export async function importCaseload(page: Page, csv: string, imported: number): Promise<void> {
  await page.getByTestId('nav-households').click();
  await page.getByTestId('households-tab-import').click();
  await page.getByTestId('import-file').setInputFiles({ name: 'caseload.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-report')).toHaveAttribute('data-imported', String(imported), { timeout: 120_000 });
}

/** Submits the enrolment form; the new household's id. */
export async function submitEnrolment(page: Page): Promise<string> {
  await page.getByTestId('enrol-submit').click();
  const done = page.getByTestId('enrol-done');
  await done.waitFor();
  return (await done.getAttribute('data-household'))!;
}

/**
 * Serves a household found by its id (a lost card): the lookup with its reason,
 * the identity document the officer checked, then the handout the plan gives.
 * Waits until the check screen says the handout was saved for that household.
 */
export async function serveByLookup(page: Page, household: string, document = 'national-id'): Promise<void> {
  await page.getByTestId('nav-check').click();
  await page.getByTestId('lookup-id').fill(household);
  await page.getByTestId('lookup-reason').selectOption('card-lost');
  await page.getByTestId('lookup-submit').click();
  await expect(page.getByTestId('lookup-document-step')).toHaveAttribute('data-household', household);
  await page.getByTestId('lookup-document').selectOption(document);
  await page.getByTestId('lookup-confirm').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'pass');
  await page.locator('[data-testid="handout"][data-state="ready"]').waitFor();
  await page.getByTestId('handout-confirm').click();
  await expect(page.getByTestId('handout-saved')).toHaveAttribute('data-household', household);
}

/** Issues the ration card of the household just enrolled; its QR code once drawn (`data-qr-text` holds the text). */
export async function issueCard(page: Page): Promise<Locator> {
  await page.getByTestId('card-issue').click();
  const canvas = page.locator('[data-testid="qr-canvas"][data-state="ready"]');
  await canvas.waitFor();
  return canvas;
}
