/**
 * Bidirectional text as a reader expects it (issue 16), in Debian Chromium on
 * fresh persistent profiles: a Latin household id in an Arabic sentence
 * stays one left-to-right run at the sentence's end (its left), and an
 * Arabic name in a Chinese sentence stays one right-to-left run between the
 * words around it. Checked on the computed `direction` of the elements and
 * on where the words are drawn (the boxes of text ranges), not on the DOM
 * order, which is the same whatever the layout. Arabic's digits choice is
 * checked too: Arabic-Indic digits in figures, ids left as they are, the
 * choice kept over a reload. Waits are on the app's test ids and attributes.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { fillEnrolment, fillNewSite, finishSetup, freshProfile, openProfile, serveByLookup, submitEnrolment } from './kit-steps';

const PIN = '2468';

interface Box {
  readonly left: number;
  readonly right: number;
}

/** Where `text` is drawn inside `element` (the first text node holding it), from `from` for `length` characters. */
async function boxOf(element: Locator, text: string, from = 0, length = text.length): Promise<Box> {
  return element.evaluate(
    (root, [wanted, start, count]) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.nodeValue?.indexOf(wanted) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + start);
        range.setEnd(node, at + start + count);
        const rect = range.getBoundingClientRect();
        return { left: rect.left, right: rect.right };
      }
      throw new Error(`“${wanted}” is not in the element`);
    },
    [text, from, length] as const,
  );
}

const directionOf = (element: Locator): Promise<string> => element.evaluate((e) => getComputedStyle(e).direction);

/** A fresh profile, the first-run form in `language`, a new site led by `lead`. */
async function newSite(page: Page, baseURL: string, language: string, lead: string): Promise<void> {
  await page.goto(baseURL);
  await page.getByTestId('setup-form').waitFor();
  await page.getByTestId('language-switcher').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
  await fillNewSite(page);
  await finishSetup(page, { label: 'Lead laptop', lead, pin: PIN });
}

test('Arabic: a Latin household id keeps its order at the end of an Arabic sentence; digits as chosen', async ({ baseURL }) => {
  const { context, page } = await openProfile(freshProfile('aidtrail-bidi-ar-'));
  try {
    await newSite(page, baseURL!, 'ar', 'Amina');
    await page.getByTestId('nav-households').click();
    await page.getByTestId('households-tab-enrol').click();
    await fillEnrolment(page, { head: 'Zawadi Mwangi', shelter: 'E2/17', boys: '2' });
    const household = await submitEnrolment(page);
    expect(household).toMatch(/[A-Za-z]/);

    // Served after an id lookup: the check screen then says "Saved: household <id>" in Arabic.
    await serveByLookup(page, household);
    const saved = page.getByTestId('handout-saved');

    const line = saved.locator('.saved-head');
    const id = line.locator('.mono');
    expect(await directionOf(line)).toBe('rtl');
    expect(await directionOf(id)).toBe('ltr');
    const words = await boxOf(line, 'تم الحفظ');
    const idBox = await boxOf(id, household);
    // Read right to left: the Arabic words first (on the right), the id last (on the left)…
    expect(idBox.right).toBeLessThanOrEqual(words.left);
    // …and the id itself left to right, its first character left of its last.
    const first = await boxOf(id, household, 0, 1);
    const last = await boxOf(id, household, household.length - 1, 1);
    expect(first.right).toBeLessThanOrEqual(last.left);

    // Arabic-Indic digits on request: figures change, the id does not.
    await page.getByTestId('nav-tally').click();
    await expect(page.getByTestId('tally')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('tally-handouts')).toHaveText('1');
    await page.getByTestId('digits-switcher').selectOption('arab');
    await expect(page.locator('html')).toHaveAttribute('data-digits', 'arab');
    await expect(page.getByTestId('tally-handouts')).toHaveText('١');
    await expect(page.getByTestId('tally-handouts')).toHaveAttribute('data-value', '1');
    await page.getByTestId('nav-households').click();
    await page.getByTestId('households-tab-list').click();
    await expect(page.getByTestId(`households-open-${household}`)).toHaveText(household);

    // Kept on this device, like the language.
    await page.reload();
    await page.getByTestId('lock-form').waitFor();
    await expect(page.getByTestId('digits-switcher')).toHaveValue('arab');
    await expect(page.locator('html')).toHaveAttribute('data-digits', 'arab');
  } finally {
    await context.close();
  }
});

test('Chinese: an Arabic name keeps its order inside a Chinese sentence and the header', async ({ baseURL }) => {
  const lead = 'أمينة';
  const officer = 'فاطمة الزهراء';
  const { context, page } = await openProfile(freshProfile('aidtrail-bidi-zh-'));
  try {
    await newSite(page, baseURL!, 'zh', lead);

    // The header: the name isolated, the role after it on its right.
    const operator = page.getByTestId('operator-name');
    const name = operator.locator('bdi');
    expect(await directionOf(operator)).toBe('ltr');
    expect(await directionOf(name)).toBe('rtl');
    const nameBox = await boxOf(name, lead);
    const roleBox = await boxOf(operator.locator('.operator-role'), '组长');
    expect(nameBox.right).toBeLessThanOrEqual(roleBox.left);

    // A notice that interpolates a name: "已添加 <name>。".
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('operator-name-input').fill(officer);
    await page.getByTestId('operator-pin').fill('1357');
    await page.getByTestId('operator-pin-confirm').fill('1357');
    await page.getByTestId('operator-submit').click();
    const notice = page.getByTestId('operator-added');
    await expect(notice).toContainText(officer);
    expect(await directionOf(notice)).toBe('ltr');
    const before = await boxOf(notice, '已添加');
    const whole = await boxOf(notice, officer);
    const stop = await boxOf(notice, '。');
    expect(before.right).toBeLessThanOrEqual(whole.left);
    expect(whole.right).toBeLessThanOrEqual(stop.left);
    // Inside the name, right to left: its first word right of its second.
    const firstWord = await boxOf(notice, officer, 0, 'فاطمة'.length);
    const secondWord = await boxOf(notice, officer, officer.indexOf('الزهراء'), 'الزهراء'.length);
    expect(secondWord.right).toBeLessThanOrEqual(firstWord.left);
  } finally {
    await context.close();
  }
});
