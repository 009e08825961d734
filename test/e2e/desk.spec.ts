/**
 * The distribution desk (issue 11), each test on a fresh persistent profile:
 * a check shows who the household is, and a lookup without a card asks for
 * the identity document before it is recorded; a verdict never outlives what
 * it answered; anyone is found by a part of a name in any script, a shelter
 * or a phone number; a caseload file imported twice adds nothing the second
 * time and says so; a near-duplicate is shown before it is saved, and is
 * either opened or enrolled anyway with a reason. Waits are on attributes
 * the app sets; screenshots go to test-results/desk/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test as appTest } from './fixtures';
import { fillEnrolment, freshProfile, issueCard, openProfile, setUpNewSite, submitEnrolment } from './kit-steps';

const SHOTS = join('test-results', 'desk');
const PIN = '2468';

/**
 * `desk`: each test's own new site on a fresh profile, its founding lead
 * signed in on the check screen; the profile is closed however the test ends.
 */
const test = appTest.extend<{ desk: Page }>({
  desk: async ({ baseURL }, use) => {
    const { context, page } = await openProfile(freshProfile('aidtrail-desk-'));
    try {
      await setUpNewSite(page, baseURL!, { label: 'Desk laptop', lead: 'Amina', pin: PIN });
      await use(page);
    } finally {
      await context.close();
    }
  },
});

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Opens a fresh enrolment form (the tab may still show the last enrolment). */
async function openEnrolment(page: Page): Promise<void> {
  await page.getByTestId('nav-households').click();
  await page.getByTestId('households-tab-enrol').click();
  await expect(page.getByTestId('enrol-form').or(page.getByTestId('enrol-another'))).toBeVisible();
  if (await page.getByTestId('enrol-another').isVisible()) await page.getByTestId('enrol-another').click();
  await page.getByTestId('enrol-form').waitFor();
}

async function enrol(page: Page, household: { head: string; shelter: string; phone?: string }): Promise<string> {
  await openEnrolment(page);
  await fillEnrolment(page, { ...household, boys: '2' });
  if (household.phone) await page.getByTestId('enrol-phone').fill(household.phone);
  return submitEnrolment(page);
}

/** Types a search on the households list and waits for the kit's answer to exactly that query. */
async function search(page: Page, query: string): Promise<void> {
  await page.getByTestId('households-search').fill(query);
  const table = page.getByTestId('households-table');
  await expect(table).toHaveAttribute('data-query', query);
  await expect(table).toHaveAttribute('data-state', 'ready');
}

/** A passing verdict for `head`'s household, with the handout form ready under it. */
async function expectPass(page: Page, head: string): Promise<void> {
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'pass');
  await expect(page.getByTestId('verdict-holder-name')).toContainText(head);
  await page.locator('[data-testid="handout"][data-state="ready"]').waitFor();
}

/** No verdict shown, and so no handout to confirm. */
async function expectNoVerdict(page: Page): Promise<void> {
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'idle');
  await expect(page.getByTestId('handout-confirm')).toHaveCount(0);
}

/** Searches for `query`: one row, `household`'s, found by what `matched` names. */
async function searchFindsOnly(page: Page, query: string, household: string, matched: 'name' | 'shelter' | 'phone'): Promise<Locator> {
  await search(page, query);
  const table = page.getByTestId('households-table');
  await expect(table).toHaveAttribute('data-count', '1');
  const row = table.locator(`tr[data-household="${household}"]`);
  await expect(row).toHaveAttribute('data-matched', matched);
  return row;
}

async function openList(page: Page): Promise<void> {
  await page.getByTestId('nav-households').click();
  await page.getByTestId('households-tab-list').click();
  await expect(page.getByTestId('households-table')).toHaveAttribute('data-state', 'ready');
}

test('a check shows who the household is; a lookup asks for the identity document; stale verdicts go', async ({ desk: page }) => {
  await openEnrolment(page);
  await fillEnrolment(page, { head: 'Fatuma Ali', shelter: 'B7/114', boys: '2' });
  const household = await submitEnrolment(page);
  const qrText = (await (await issueCard(page)).getAttribute('data-qr-text'))!;

  await page.getByTestId('nav-check').click();
  await page.getByTestId('scan-input').fill(qrText);
  await page.getByTestId('scan-input').press('Enter');
  await expectPass(page, 'Fatuma Ali');
  await expect(page.getByTestId('verdict-holder-shelter')).toHaveText('B7/114');
  await shot(page, '01-card-check-shows-head');

  // Enter on the empty scan field: the verdict and its Confirm go.
  await page.getByTestId('scan-input').press('Enter');
  await expectNoVerdict(page);

  // A lookup shows the record, and records nothing until a document is chosen.
  await page.getByTestId('lookup-id').fill(household);
  await page.getByTestId('lookup-reason').selectOption('card-lost');
  await page.getByTestId('lookup-submit').click();
  const step = page.getByTestId('lookup-document-step');
  await expect(step).toHaveAttribute('data-household', household);
  await expect(page.getByTestId('lookup-document-holder')).toHaveAttribute('data-state', 'open');
  await expect(step.getByTestId('verdict-holder-name')).toContainText('Fatuma Ali');
  await page.getByTestId('lookup-confirm').click();
  await expect(step.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('check-screen')).toHaveAttribute('data-stage', 'document');
  await expect(page.getByTestId('handout-confirm')).toHaveCount(0);
  await shot(page, '02-lookup-asks-for-document');

  await page.getByTestId('lookup-document').selectOption('refugee-id');
  await page.getByTestId('lookup-confirm').click();
  await expectPass(page, 'Fatuma Ali');
  await expect(page.getByTestId('verdict-household')).toHaveText(household);
  await shot(page, '03-lookup-pass-with-document');

  // Typing the next lookup clears the verdict; an unknown household then fails on its own.
  await page.getByTestId('lookup-id').fill('HH-0000');
  await expectNoVerdict(page);
  await page.getByTestId('lookup-reason').selectOption('card-lost');
  await page.getByTestId('lookup-submit').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'bad-id');
  await expect(page.getByTestId('verdict-household')).toHaveCount(0);
  await shot(page, '04-second-lookup-replaces-verdict');

  // The household's page: its history names the operator and the laptop.
  await openList(page);
  await page.getByTestId(`households-open-${household}`).click();
  await expect(page.getByTestId('household-page')).toHaveAttribute('data-state', 'ready');
  const history = page.getByTestId('household-history');
  await expect(history).toHaveAttribute('data-state', 'ready');
  const lookupCheck = history.locator('tr[data-type="identity-check"]', { hasText: 'refugee-id' });
  await expect(lookupCheck).toContainText('Amina');
  await expect(lookupCheck).toContainText('Desk laptop');
  await expect(history.locator('tr[data-type="enrolment"]')).toHaveCount(1);
  await shot(page, '05-household-history');
});

test('anyone is found by a part of an Arabic name, a shelter or a phone number', async ({ desk: page }) => {
  const fatima = await enrol(page, { head: 'فاطمة الزهراء', shelter: 'C4/020', phone: '+254 712 345 678' });
  const grace = await enrol(page, { head: 'Grace Akello', shelter: 'D1/007' });

  await openList(page);
  await expect(page.getByTestId('households-table')).toHaveAttribute('data-count', '2');

  const row = await searchFindsOnly(page, 'زهراء', fatima, 'name');
  await expect(row).toContainText('فاطمة الزهراء');
  await expect(row).toContainText('C4/020');
  await shot(page, '06-search-arabic-name');

  await searchFindsOnly(page, 'c4/020', fatima, 'shelter');
  await searchFindsOnly(page, '0712 345 678', fatima, 'phone');
  await shot(page, '07-search-phone');
  await searchFindsOnly(page, 'akello', grace, 'name');

  const table = page.getByTestId('households-table');
  await search(page, 'nobody-here');
  await expect(table).toHaveAttribute('data-count', '0');

  // The same search in Arabic, right to left.
  await page.getByTestId('language-switcher').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await search(page, 'فاطمه');
  await expect(table.locator(`tr[data-household="${fatima}"]`)).toHaveAttribute('data-matched', 'name');
  await shot(page, '08-search-arabic-ui');
});

test('importing the same caseload twice adds nothing the second time and says so; a broken file says why', async ({ desk: page }) => {
  const csv = [
    'head_name,head_sex,shelter,members,phone',
    'Asha Omar,female,C1/2,female:18-59:1;male:0-4:2,',
    'Neema Paul,female,C1/5,female:18-59:1,+254700000001',
  ].join('\n');
  const file = { name: 'caseload.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };

  await page.getByTestId('nav-households').click();
  await page.getByTestId('households-tab-import').click();
  await page.getByTestId('import-file').setInputFiles(file);
  const report = page.getByTestId('import-report');
  await expect(report).toHaveAttribute('data-imported', '2');
  await expect(report).toHaveAttribute('data-duplicates', '0');
  await shot(page, '09-import-first');

  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.locator('[data-testid="import-report"][data-duplicates="2"]')).toBeVisible();
  await expect(report).toHaveAttribute('data-imported', '0');
  await expect(page.getByTestId('import-nothing-new')).toBeVisible();
  const duplicates = page.getByTestId('import-duplicates');
  await expect(duplicates.locator('tr[data-line="2"]')).toHaveAttribute('data-household', /^HH-/);
  await expect(duplicates.locator('tr[data-line="3"]')).toHaveAttribute('data-household', /^HH-/);
  await shot(page, '10-import-again-adds-nothing');

  await openList(page);
  await expect(page.getByTestId('households-table')).toHaveAttribute('data-count', '2');

  // A file that is no caseload at all: the code's text, and the kit's English account of what is wrong.
  await page.getByTestId('households-tab-import').click();
  await page.getByTestId('import-file').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('name,notes\nAsha,none\n') });
  await expect(page.getByTestId('import-error')).toHaveAttribute('data-code', 'bad-csv');
  const detail = page.getByTestId('import-error-detail');
  await detail.locator('summary').click();
  await expect(detail).toHaveAttribute('open', '');
  await expect(detail).toContainText('head_name');
  await shot(page, '11-import-bad-csv');
});

test('a near-duplicate is shown before it is saved: open the household, or enrol anyway with a reason', async ({ desk: page }) => {
  const first = await enrol(page, { head: 'Fatuma Ali', shelter: 'B7/114' });

  await openEnrolment(page);
  await fillEnrolment(page, { head: 'FATUMAH ALI', shelter: 'B7/114', boys: '1' });
  await page.getByTestId('enrol-submit').click();
  const match = page.getByTestId('enrol-duplicates-table').locator(`tr[data-household="${first}"]`);
  await expect(match).toHaveAttribute('data-reasons', /near-name-shelter/);
  await expect(match).toContainText('Fatuma Ali');
  await expect(match).toContainText('B7/114');
  await shot(page, '12-near-duplicate-shown');

  // "Open this household": its page, and nothing was saved.
  await page.getByTestId(`duplicate-open-${first}`).click();
  await expect(page.getByTestId('household-page')).toHaveAttribute('data-household', first);
  await expect(page.getByTestId('household-head')).toContainText('Fatuma Ali');
  await shot(page, '13-duplicate-opened');
  await openList(page);
  await expect(page.getByTestId('households-table')).toHaveAttribute('data-count', '1');

  // "Enrol anyway" needs a reason, then saves.
  await openEnrolment(page);
  await fillEnrolment(page, { head: 'FATUMAH ALI', shelter: 'B7/114', boys: '1' });
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('enrol-duplicates')).toHaveAttribute('data-count', '1');
  await page.getByTestId('enrol-anyway').click();
  await expect(page.getByTestId('enrol-anyway-form').getByRole('alert')).toBeVisible();
  await page.getByTestId('enrol-anyway-reason').selectOption('different-household');
  await shot(page, '14-enrol-anyway-reason');
  await page.getByTestId('enrol-anyway').click();
  const done = page.getByTestId('enrol-done');
  await done.waitFor();
  const second = (await done.getAttribute('data-household'))!;
  expect(second).not.toBe(first);

  await openList(page);
  await expect(page.getByTestId('households-table')).toHaveAttribute('data-count', '2');
  await page.getByTestId(`households-open-${second}`).click();
  const history = page.getByTestId('household-history');
  await expect(history.locator('tr[data-type="enrolment"]')).toContainText(`enrolled despite ${first} (different-household)`);

  // The founding lead corrects the record on the lead's laptop: signed, and in the history.
  await page.getByTestId('household-correct').click();
  await page.getByTestId('correct-shelter').fill('B7/116');
  await page.getByTestId('correction-submit').click();
  await expect(page.getByTestId('correction-done')).toBeVisible();
  await expect(page.getByTestId('household-shelter')).toHaveText('B7/116');
  await expect(history.locator('tr[data-type="household-update"]')).toHaveCount(1);
  await shot(page, '15-enrolled-anyway-and-corrected');
});
