/**
 * Issue 13, a longer secret for team leads: a new site's first operator (its
 * team lead) may choose a passphrase instead of a PIN; a laptop joining a
 * team (a field officer first) is not offered one. A guessable PIN is
 * refused with a message in the operator's language before the kit is asked.
 * On the lock screen the lead ticks "Use my passphrase": a wrong passphrase
 * is refused, the right one unlocks. The vault does all of it in its own
 * worker (issue 14): the worker starts, and the page never says it fell back
 * to a vault on its own thread.
 *
 * Screenshots: test-results/lead-passphrase/.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { fillNewSite, freshProfile, openProfile } from './kit-steps';

const SHOTS = join('test-results', 'lead-passphrase');
const PASSPHRASE = 'olive tree by the well 42';
const LEAD = 'Amina Diallo';

const TEXT = {
  guessable: 'This PIN is too easy to guess: not all one digit, and not digits in a row such as 1234 or 9876. Choose another.',
  tooShort: 'A passphrase has 12 to 128 characters.',
  badSecret: 'Wrong PIN or passphrase.',
} as const;

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

test('a team lead sets up a site with a passphrase and unlocks with it', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const { context, page } = await openProfile(freshProfile('aidtrail-passphrase-'));
  // The vault runs in its own worker (issue 14), not on the page: the worker starts, and nothing says the vault left it.
  const moved: string[] = [];
  page.on('console', (m) => {
    if (m.text().startsWith('vault worker:')) moved.push(m.text());
  });
  const vaultWorker = page.waitForEvent('worker', { predicate: (w) => w.url().includes('vault-worker'), timeout: 60_000 });
  try {
    await page.goto(baseURL!);
    await page.getByTestId('setup-form').waitFor();

    // Joining a team makes a field officer: no passphrase on offer.
    await page.getByTestId('setup-mode-join').check();
    await expect(page.getByTestId('setup-use-passphrase')).toHaveCount(0);
    await page.getByTestId('setup-mode-start').check();
    await expect(page.getByTestId('setup-use-passphrase')).not.toBeChecked();

    await fillNewSite(page);
    await page.getByTestId('setup-device-label').fill('Lead laptop');
    await page.getByTestId('setup-lead-name').fill(LEAD);

    // A PIN anyone could guess is refused on the form, in words.
    await page.getByTestId('setup-pin').fill('1234');
    await page.getByTestId('setup-pin-confirm').fill('1234');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-form').getByText(TEXT.guessable)).toBeVisible();
    await expect(page.getByTestId('setup-pin')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('check-screen')).toHaveCount(0);
    await shot(page, '01-guessable-pin-refused');

    // The lead chooses a passphrase instead: both fields take text now, emptied, and the PIN's error is gone.
    await page.getByTestId('setup-use-passphrase').check();
    const secret = page.getByTestId('setup-pin');
    await expect(secret).toHaveValue('');
    await expect(page.getByTestId('setup-form').getByText(TEXT.guessable)).toHaveCount(0);
    // Masked, and never a password field a browser's password manager would keep (profile-at-rest.spec.ts).
    await expect(secret).toHaveCSS('-webkit-text-security', 'disc');
    await expect(secret).toHaveAttribute('autocomplete', 'off');
    await expect(secret).toHaveAttribute('data-kind', 'passphrase');
    await expect(secret).not.toHaveAttribute('inputmode', 'numeric');
    // Too short for a passphrase: refused on the form too.
    await secret.fill('olive tree');
    await page.getByTestId('setup-pin-confirm').fill('olive tree');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-form').getByText(TEXT.tooShort)).toBeVisible();
    await shot(page, '02-passphrase-too-short');
    await secret.fill(PASSPHRASE);
    await page.getByTestId('setup-pin-confirm').fill(PASSPHRASE);
    await expect(secret).toHaveValue(PASSPHRASE);
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('check-screen').waitFor();

    // Lock, then the lock screen: the lead is the only operator, chosen already.
    await page.getByTestId('lock-button').click();
    await page.getByTestId('lock-form').waitFor();
    const field = page.getByTestId('lock-pin');
    await expect(field).toHaveAttribute('data-kind', 'pin');
    await page.getByTestId('lock-use-passphrase').check();
    await expect(field).toHaveAttribute('data-kind', 'passphrase');

    // A wrong passphrase: refused by the vault, the field emptied.
    await field.fill('olive tree by the well 43');
    await page.getByTestId('lock-submit').click();
    await expect(page.getByTestId('lock-error')).toHaveText(TEXT.badSecret);
    await expect(field).toHaveValue('');
    await shot(page, '03-wrong-passphrase');

    // The right one unlocks.
    await page.getByTestId('lock-use-passphrase').check();
    await field.fill(PASSPHRASE);
    await page.getByTestId('lock-submit').click();
    await page.getByTestId('check-screen').waitFor();
    await shot(page, '04-unlocked');
    await vaultWorker;
    expect(moved).toEqual([]);
  } finally {
    await context.close();
  }
});
