/**
 * Reports (issue 15, point 4) in Debian Chromium on a fresh persistent
 * profile: a household enrolled and served, then the Reports screen saves
 * the day's distribution report as CSV (parsed back here: the tally's
 * numbers, the HXL row, no personal field), the stock report as XLSX
 * (exceljs loaded in the page under the app's CSP, opened here), and the
 * household list only after a team lead's PIN, with its warning in view.
 * Waits are on downloads and attributes the app sets; screenshots go to
 * test-results/reports/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Page } from '@playwright/test';
import { parseCsv } from '../../shared/household/csv';
import { expect, test as appTest } from './fixtures';
import { fillEnrolment, freshProfile, openProfile, serveByLookup, setUpNewSite, submitEnrolment } from './kit-steps';

const SHOTS = join('test-results', 'reports');
const PIN = '2468';
const HEAD = 'Zawadi Mwangi';
const SHELTER = 'E2/17';

/** `site`: each test's own new site on a fresh profile, its lead signed in; closed however the test ends. */
const test = appTest.extend<{ site: Page }>({
  site: async ({ baseURL }, use) => {
    const { context, page } = await openProfile(freshProfile('aidtrail-reports-'));
    try {
      await setUpNewSite(page, baseURL!, { label: 'Lead laptop', lead: 'Amina', pin: PIN });
      await use(page);
    } finally {
      await context.close();
    }
  },
});

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Enrols a household of three and hands out its ration after an id lookup. */
async function enrolAndServe(page: Page): Promise<string> {
  await page.getByTestId('nav-households').click();
  await page.getByTestId('households-tab-enrol').click();
  await page.getByTestId('enrol-form').waitFor();
  await fillEnrolment(page, { head: HEAD, shelter: SHELTER, boys: '2' });
  const household = await submitEnrolment(page);
  await serveByLookup(page, household);
  return household;
}

/** Clicks `button` and answers the file the page saved. */
async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: (download as Download).suggestedFilename(), bytes: readFileSync((await (download as Download).path())!) };
}

function csvRows(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = parseCsv(bytes.toString('utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.map((r) => [...r.fields]);
}

test('the Reports screen saves the day’s figures as CSV and XLSX, and the household list only with a lead’s PIN', async ({ site: page }) => {
  const household = await enrolAndServe(page);

  await page.getByTestId('nav-tally').click();
  await expect(page.getByTestId('tally')).toHaveAttribute('data-state', 'ready');
  const maize = Number(await page.getByTestId('tally-total-maize').getAttribute('data-qty'));
  const households = Number(await page.getByTestId('tally-households').getAttribute('data-value'));
  expect([maize, households]).toEqual([36, 1]);

  await page.getByTestId('nav-reports').click();
  await page.getByTestId('reports').waitFor();
  await expect(page.getByTestId('report-households-warning')).toBeVisible();

  // The day's distribution report, as CSV.
  const distribution = await saved(page, () => page.getByTestId('report-distribution-save').click());
  expect(distribution.name).toMatch(/^aidtrail-distribution-camp-north-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByTestId('report-distribution-saved')).toContainText(distribution.name);
  const [header, hxl, ...rows] = csvRows(distribution.bytes);
  expect(hxl).toEqual(expect.arrayContaining(['#date', '#loc+camp+code', '#item+code', '#modality', '#reached+hh', '#reached+ind']));
  const at = (name: string) => header!.indexOf(name);
  const maizeRow = rows.find((r) => r[at('Item')] === 'maize');
  expect([maizeRow?.[at('Quantity')], maizeRow?.[at('Households reached')], maizeRow?.[at('People reached')]].map(Number)).toEqual([maize, households, 3]);
  const text = distribution.bytes.toString('utf8');
  for (const personal of [HEAD, 'Zawadi', SHELTER]) expect(text).not.toContain(personal);
  await shot(page, '01-distribution-saved');

  // The stock report, as XLSX: exceljs runs in the page under the app's CSP.
  await page.getByTestId('report-stock-format-xlsx').check();
  const stock = await saved(page, () => page.getByTestId('report-stock-save').click());
  expect(stock.name).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(stock.bytes.buffer.slice(stock.bytes.byteOffset, stock.bytes.byteOffset + stock.bytes.byteLength) as ArrayBuffer);
  const sheet = workbook.getWorksheet('Stock')!;
  expect(sheet.getRow(2).getCell(1).value).toBe('#date+reported');
  const stockText = JSON.stringify(sheet.getSheetValues());
  expect(stockText).toContain('maize');
  expect(stockText).not.toContain('Zawadi');

  // The household list: refused with a wrong PIN, saved with the lead's.
  await page.getByTestId('report-households-open').click();
  await page.getByTestId('report-households-approval-pin').fill('1111');
  await page.getByTestId('report-households-approval-confirm').click();
  await expect(page.getByTestId('report-households-approval-pin')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('report-households-approval-pin').fill(PIN);
  const list = await saved(page, () => page.getByTestId('report-households-approval-confirm').click());
  await expect(page.getByTestId('report-households-saved')).toContainText(list.name);
  const [listHeader, , ...listRows] = csvRows(list.bytes);
  expect(listRows).toHaveLength(1);
  expect(listRows[0]![listHeader!.indexOf('Household')]).toBe(household);
  expect(listRows[0]![listHeader!.indexOf('Head of household')]).toBe(HEAD);
  await shot(page, '02-household-list-saved');
});
