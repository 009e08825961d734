/**
 * Issue 13, "nothing useful at rest without a PIN": a kit is set up, enrols a
 * household and shows its team invitation, then closes; every file its
 * on-disk profile holds is scanned for the operator's name, the household
 * head's name, the PIN and the team room secret, in UTF-8 and UTF-16 (V8
 * keeps non-Latin-1 strings two bytes wide). The site code, which the kit
 * keeps in clear on purpose, is the positive control: a scan that cannot find
 * it (compression, another encoding) proves nothing, and fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { fillEnrolment, fillNewSite, finishSetup, freshProfile, openProfile, submitEnrolment } from './kit-steps';

const SHOTS = join('test-results', 'profile-at-rest');
const PIN = '2468';
const LEAD = 'Wanjiru Achieng';
const HEAD = 'Zawadi Mwangi';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return [];
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
  });
}

/** The files of the profile holding `text` in UTF-8 or UTF-16LE. */
function filesHolding(files: readonly string[], text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return files.filter((file) => {
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

test('a closed kit\'s profile holds no operator or household name, PIN or room secret in clear', async ({ baseURL }) => {
  const dir = freshProfile('aidtrail-at-rest-');
  const { context, page } = await openProfile(dir);
  await page.goto(baseURL!);
  await fillNewSite(page);
  await finishSetup(page, { label: 'Lead laptop', lead: LEAD, pin: PIN });

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('invitation-show').click();
  const invitation = (await page.getByTestId('invitation-text').inputValue()).trim();
  const { secret } = JSON.parse(Buffer.from(invitation.slice('AIDTEAM1:'.length), 'base64url').toString('utf8')) as { secret: string };
  expect(secret.length).toBeGreaterThanOrEqual(16);

  await page.getByTestId('nav-households').click();
  await page.getByTestId('enrol-form').waitFor();
  await fillEnrolment(page, { head: HEAD, shelter: 'D4/17', boys: '1' });
  await submitEnrolment(page);
  await page.screenshot({ path: join(SHOTS, '01-enrolled.png'), fullPage: true });
  await context.close();

  const files = filesUnder(dir);
  expect(files.length).toBeGreaterThan(10);
  // The positive control: the site code is in the profile setting, in clear.
  expect(filesHolding(files, 'camp-north').length).toBeGreaterThan(0);
  expect(filesHolding(files, LEAD)).toEqual([]);
  expect(filesHolding(files, HEAD)).toEqual([]);
  expect(filesHolding(files, secret)).toEqual([]);
  expect(filesHolding(files, `"${PIN}"`)).toEqual([]);
});
