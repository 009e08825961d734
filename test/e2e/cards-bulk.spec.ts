/**
 * Cards in bulk (issue 11) on a fresh persistent profile: a caseload of 500
 * households is imported, 500 cards are issued in one go with the progress
 * shown, and the print preview lays them out on A4 sheets of eight (the
 * printed PDF has a page a sheet); the households list shows the cards at
 * once; one card printed again is the very card issued; stock is recorded
 * with the plan's item picker, and a handout above the stock on hand is
 * warned of but still recorded. Waits are on attributes the app sets;
 * screenshots go to test-results/cards-bulk/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { freshProfile, importCaseload, openProfile, setUpNewSite } from './kit-steps';

const SHOTS = join('test-results', 'cards-bulk');
const PIN = '2468';
const HOUSEHOLDS = 500;
const PER_SHEET = 8;

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** 500 households with distinct names and shelters (no two alike, so none is held back as a likely duplicate). */
function caseload(): string {
  const first = ['Amina', 'Fatuma', 'Halima', 'Zainab', 'Mariam', 'Asha', 'Neema', 'Rehema', 'Saida', 'Khadija', 'Juma', 'Omar', 'Hassan', 'Abdi', 'Yusuf', 'Ali', 'Said', 'Musa', 'Idris', 'Bakari'];
  const last = ['Abdalla', 'Barasa', 'Chege', 'Dahir', 'Farah', 'Gitau', 'Hirsi', 'Issa', 'Jama', 'Kamau', 'Lokeno', 'Mohamed', 'Njoroge', 'Odhiambo', 'Pkemoi', 'Qassim', 'Rotich', 'Shukri', 'Tanui', 'Warsame', 'Yare', 'Zaid', 'Adan', 'Bule', 'Ekai'];
  const rows = Array.from({ length: HOUSEHOLDS }, (_, i) => {
    const name = `${first[i % first.length]} ${last[Math.floor(i / first.length) % last.length]}`;
    const sex = i % first.length < 10 ? 'female' : 'male';
    const members = [`${sex}:18-59:1`, ...(i % 3 ? [`female:5-17:${i % 3}`] : []), ...(i % 4 ? [`male:0-4:${i % 4}`] : [])].join(';');
    return `${name},${sex},B${1 + Math.floor(i / 40)}/${100 + i},${members}`;
  });
  return ['head_name,head_sex,shelter,members', ...rows].join('\n');
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('500 households: cards in bulk with progress, A4 sheets, a card printed again, stock by the plan’s items', async ({ baseURL }) => {
  test.setTimeout(240_000);
  const profile = freshProfile('aidtrail-cards-');
  const { context, page } = await openProfile(profile);
  try {
    await setUpNewSite(page, baseURL!, { label: 'Registration laptop', lead: 'Amina', pin: PIN });

    // The caseload.
    await importCaseload(page, caseload(), HOUSEHOLDS);

    // The list before: no household has a card.
    await page.getByTestId('households-tab-list').click();
    const table = page.getByTestId('households-table');
    await expect(table).toHaveAttribute('data-state', 'ready');
    await expect(table.locator('td', { hasText: /^Yes$/ })).toHaveCount(0);

    // The selection: every household without a card.
    await page.getByTestId('households-tab-cards').click();
    const bulk = page.getByTestId('bulk-cards');
    await expect(bulk).toHaveAttribute('data-state', 'ready');
    await expect(bulk).toHaveAttribute('data-without', String(HOUSEHOLDS));
    await expect(page.getByTestId('bulk-cards-issue')).toHaveText(`Issue the cards (${HOUSEHOLDS})`);
    await page.getByTestId('bulk-cards-count').fill(String(HOUSEHOLDS + 1));
    await page.getByTestId('bulk-cards-issue').click();
    await expect(page.getByTestId('bulk-cards-form')).toContainText(`Enter a whole number from 1 to ${HOUSEHOLDS}.`);
    await page.getByTestId('bulk-cards-count').fill('');
    await shot(page, '01-selection');

    // Issue them, recording every value the progress bar shows.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="bulk-cards-progress"]');
        if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    });
    await page.getByTestId('bulk-cards-issue').click();
    await expect(bulk).toHaveAttribute('data-state', 'issuing');
    await shot(page, '02-issuing');
    await expect(bulk).toHaveAttribute('data-state', 'issued', { timeout: 120_000 });
    const progress = page.getByTestId('bulk-cards-progress');
    await expect(progress).toHaveAttribute('value', String(HOUSEHOLDS));
    await expect(progress).toHaveAttribute('max', String(HOUSEHOLDS));
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen.filter((n) => n > 0 && n < HOUSEHOLDS).length, `progress seen: ${seen.join(', ')}`).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(HOUSEHOLDS);
    await expect(page.getByTestId('bulk-cards-done')).toContainText(`Cards issued: ${HOUSEHOLDS}.`);
    await expect(bulk).toHaveAttribute('data-without', '0');

    // The print preview: 500 cards on 63 sheets, every QR code drawn.
    const sheets = page.getByTestId('card-sheets');
    const sheetCount = Math.ceil(HOUSEHOLDS / PER_SHEET);
    await expect(sheets).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(sheets).toHaveAttribute('data-cards', String(HOUSEHOLDS));
    await expect(sheets).toHaveAttribute('data-sheets', String(sheetCount));
    await expect(page.getByTestId('card-sheet')).toHaveCount(sheetCount);
    await expect(page.getByTestId('sheet-card')).toHaveCount(HOUSEHOLDS);
    await expect(page.locator('[data-testid="sheet-card"][data-state="ready"]')).toHaveCount(HOUSEHOLDS);
    await expect(page.getByTestId('card-sheet').first()).toHaveAttribute('data-count', String(PER_SHEET));
    await expect(page.getByTestId('card-sheet').last()).toHaveAttribute('data-count', String(HOUSEHOLDS - (sheetCount - 1) * PER_SHEET));
    const cards = await page.getByTestId('sheet-card').evaluateAll((nodes) =>
      nodes.map((node) => ({
        household: node.getAttribute('data-household') ?? '',
        validUntil: node.getAttribute('data-valid-until') ?? '',
        qrText: node.querySelector('[data-testid="sheet-card-qr"]')?.getAttribute('data-qr-text') ?? '',
        id: node.querySelector('[data-testid="sheet-card-id"]')?.textContent ?? '',
      })),
    );
    expect(new Set(cards.map((c) => c.household)).size).toBe(HOUSEHOLDS);
    expect(new Set(cards.map((c) => c.qrText)).size).toBe(HOUSEHOLDS);
    for (const card of cards) {
      expect(card.household).toMatch(/^HH-[0-9A-Z]{8}-[0-9A-Z]$/);
      expect(card.id).toBe(card.household);
      expect(card.qrText).toMatch(/^AT1:/);
      expect(Date.parse(card.validUntil)).toBeGreaterThan(Date.now());
    }
    // No personal data on a card: not the head's name, not the shelter.
    await expect(page.getByTestId('card-sheet').first()).not.toContainText(/Amina|Fatuma|B1\//);
    await page.getByTestId('card-sheet').first().screenshot({ path: join(SHOTS, '03-first-sheet.png') });
    // Right to left, the cards mirror (cut marks included) and the id stays left to right.
    await page.getByTestId('language-switcher').selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByTestId('card-sheet').first().screenshot({ path: join(SHOTS, '03-first-sheet-ar.png') });
    await page.getByTestId('language-switcher').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await page.getByTestId('sheets-print').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, '04-print-preview.png') });
    await expect(page.getByTestId('sheets-print')).toBeEnabled();

    // As printed: only the sheets, a page each.
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(page.getByTestId('nav-check')).toBeHidden();
    await expect(page.getByTestId('sheets-print')).toBeHidden();
    await expect(page.getByTestId('card-sheet').first()).toBeVisible();
    await page.screenshot({ path: join(SHOTS, '05-print-media.png') });
    const pdf = join(SHOTS, 'cards.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const pages = readFileSync(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(sheetCount);
    await page.emulateMedia({ media: 'screen' });

    // The households list shows the new cards at once.
    await page.getByTestId('households-tab-list').click();
    await expect(table).toHaveAttribute('data-state', 'ready');
    await expect(table.locator('td', { hasText: /^No$/ })).toHaveCount(0);
    await expect(table.locator('td', { hasText: /^Yes$/ })).toHaveCount(Number(await table.getAttribute('data-count')));
    await shot(page, '06-list-with-cards');

    // One card printed again: the very card issued, not a new one.
    const card = cards[123]!;
    await page.evaluate((id) => {
      window.location.hash = `#/households/${id}`;
    }, card.household);
    await expect(page.getByTestId('household-page')).toHaveAttribute('data-state', 'ready');
    await page.getByTestId('card-reprint').scrollIntoViewIfNeeded();
    await shot(page, '07-card-actions');
    await page.getByTestId('card-reprint').click();
    const reprinted = page.locator('[data-testid="qr-canvas"][data-state="ready"]');
    await expect(reprinted).toHaveAttribute('data-qr-text', card.qrText);
    await expect(page.getByTestId('card-household-id')).toHaveText(card.household);
    await shot(page, '08-printed-again');

    // Stock, picked from the plan's items.
    await page.getByTestId('nav-settings').click();
    const stock = page.getByTestId('stock-form');
    await expect(stock).toHaveAttribute('data-state', 'ready');
    const picks = await page.getByTestId('stock-item-0').locator('option:not([disabled])').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(picks.sort()).toEqual(['beans|kg', 'maize|kg', 'salt|kg', 'soap|bar', 'veg-oil|L']);
    await page.getByTestId('stock-item-0').selectOption('maize|kg');
    await page.getByTestId('stock-qty-0').fill('10');
    await page.getByTestId('stock-add-line').click();
    await page.getByTestId('stock-item-1').selectOption({ label: 'Beans (kg)' });
    await page.getByTestId('stock-qty-1').fill('500');
    await page.getByTestId('stock-reference').fill('WB-2026-0412');
    await stock.screenshot({ path: join(SHOTS, '09-stock-picker.png') });
    await page.getByTestId('stock-submit').click();
    await expect(page.getByTestId('stock-saved')).toContainText('Maize grain: 10 kg');
    await expect(page.getByTestId('stock-saved')).toContainText('Beans: 500 kg');
    await stock.screenshot({ path: join(SHOTS, '10-stock-recorded.png') });

    // A handout above the stock on hand is warned of, and still recorded.
    await page.getByTestId('nav-check').click();
    await page.getByTestId('scan-input').fill(card.qrText);
    await page.getByTestId('scan-input').press('Enter');
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'pass');
    await page.locator('[data-testid="handout"][data-state="ready"]').waitFor();
    const warning = page.getByTestId('handout-stock-warning');
    await expect(warning).toBeVisible();
    await expect(warning.locator('[data-code="maize"]')).toHaveAttribute('data-left', '10');
    await expect(warning.locator('[data-code="beans"]')).toHaveCount(0);
    await expect(warning).toContainText('not blocked');
    await shot(page, '11-over-stock-warning');
    await page.getByTestId('handout-confirm').click();
    await expect(page.getByTestId('handout-saved')).toHaveAttribute('data-household', card.household);
  } finally {
    await context.close();
  }
});
