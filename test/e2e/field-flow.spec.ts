/**
 * The field flow end to end in Debian Chromium against the built app, each
 * test with its own fresh browser profile: first run → enrol → issue a ration
 * card → check it through a camera (Chromium's fake camera plays a video of
 * the rendered QR code) → hand out → the tally shows it → restart → still
 * there. Also: a tampered card shows "tampered", a second handout in the
 * round is blocked, Arabic renders right-to-left. Every screen is kept as a
 * screenshot under test-results/field-flow/. Waits are on states the app
 * sets (data-state, data-verdict), never on time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { canonicalize } from '../../shared/canonical';
import { decodeCardPayload, encodeCardPayload } from '../../shared/qr/card-payload';
import type { SignedCredential } from '../../shared/credentials';
import { expect, test } from './fixtures';
import { fillEnrolment, fillNewSite, finishSetup, freshProfile, issueCard, openProfile, submitEnrolment, unlock } from './kit-steps';

const SHOTS = join('test-results', 'field-flow');
const PIN = '2468';
const W = 640;
const H = 480;

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function setUp(page: Page, baseURL: string): Promise<void> {
  await page.goto(baseURL);
  await page.getByTestId('setup-form').waitFor();
  await shot(page, '01-setup');
  await fillNewSite(page);
  await finishSetup(page, { label: 'Laptop 1', lead: 'Amina', pin: PIN });
}

async function enrolAndIssueCard(page: Page): Promise<{ household: string; qrText: string }> {
  await page.getByTestId('nav-households').click();
  await page.getByTestId('enrol-form').waitFor();
  await fillEnrolment(page, { head: 'Fatuma Hassan', shelter: 'B7/114', boys: '3' });
  await expect(page.getByTestId('enrol-size')).toHaveAttribute('data-size', '4');
  await shot(page, '02-enrol');
  const household = await submitEnrolment(page);
  const canvas = await issueCard(page);
  await shot(page, '03-ration-card');
  const qrText = (await canvas.getAttribute('data-qr-text'))!;
  // The card shows no name (principle 5).
  await expect(page.getByTestId('ration-card')).not.toContainText('Fatuma');
  return { household, qrText };
}

/** The QR code as drawn on the card, centred in a white camera frame, as a one-frame Y4M video. */
async function cameraVideoOfCard(page: Page, path: string): Promise<void> {
  const rgba = await page.getByTestId('qr-canvas').evaluate(
    (c, [w, h]) => {
      const out = document.createElement('canvas');
      out.width = w!;
      out.height = h!;
      const ctx = out.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w!, h!);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(c as HTMLCanvasElement, (w! - 440) / 2, (h! - 440) / 2, 440, 440);
      return Array.from(ctx.getImageData(0, 0, w!, h!).data);
    },
    [W, H],
  );
  const y = Buffer.alloc(W * H);
  for (let i = 0; i < W * H; i++) y[i] = Math.round(0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!);
  const chroma = Buffer.alloc((W * H) / 4, 128);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma, chroma]));
}

async function scan(page: Page, text: string): Promise<void> {
  const before = Number(await page.getByTestId('verdict').getAttribute('data-seq'));
  await page.getByTestId('scan-input').fill(text);
  await page.getByTestId('scan-input').press('Enter');
  await expect(page.getByTestId('verdict')).not.toHaveAttribute('data-seq', String(before));
  await expect(page.getByTestId('verdict')).not.toHaveAttribute('data-verdict', 'checking');
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('first run → enrol → card → camera check → handout → tally → restart keeps it all', async ({ baseURL }) => {
  const profile = freshProfile();
  let { context, page } = await openProfile(profile);
  await setUp(page, baseURL!);
  const { household, qrText } = await enrolAndIssueCard(page);
  const video = join(profile, '..', `${household}.y4m`);
  await cameraVideoOfCard(page, video);
  await context.close();

  // The same profile again, now with a camera that shows the printed card.
  ({ context, page } = await openProfile(profile, [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]));
  await context.grantPermissions(['camera'], { origin: new URL(baseURL!).origin });
  await page.goto(baseURL!);
  await unlock(page, PIN);
  await page.getByTestId('camera-start').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'pass', { timeout: 30_000 });
  await expect(page.getByTestId('verdict-household')).toContainText(household);
  await page.locator('[data-testid="handout"][data-state="ready"]').waitFor();
  await shot(page, '04-check-pass');
  await page.getByTestId('handout-confirm').click();
  await expect(page.getByTestId('handout-saved')).toHaveAttribute('data-household', household);
  await shot(page, '05-handout-saved');

  // A second handout in the round is blocked, with the earlier one shown.
  await scan(page, qrText);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'pass');
  await page.locator('[data-testid="handout"][data-state="blocked"]').waitFor();
  await expect(page.getByTestId('prior-handouts')).toBeVisible();
  await shot(page, '06-second-handout-blocked');

  await page.getByTestId('nav-tally').click();
  await expect(page.getByTestId('tally-handouts')).toContainText('1');
  await expect(page.getByTestId('tally-total-maize')).toHaveAttribute('data-qty', '36');
  await shot(page, '07-tally');

  await context.close();
  ({ context, page } = await openProfile(profile));
  await page.goto(baseURL!);
  await unlock(page, PIN);
  await page.getByTestId('nav-tally').click();
  await expect(page.getByTestId('tally-handouts')).toContainText('1');
  await expect(page.getByTestId(/^tally-row-/)).toContainText(household);
  await shot(page, '08-tally-after-restart');
  await context.close();
});

test('a tampered card shows "tampered"; garbage and a 5 MB paste get a clear verdict', async ({ baseURL }) => {
  const { context, page } = await openProfile(freshProfile());
  await setUp(page, baseURL!);
  const { qrText } = await enrolAndIssueCard(page);
  await page.getByTestId('nav-check').click();

  // Re-encode the card with the household size raised from 4 to 9: a valid
  // payload whose signature no longer matches.
  const decoded = decodeCardPayload(qrText);
  if (!decoded.ok) throw new Error(decoded.message);
  const forged = JSON.parse(canonicalize(decoded.value)) as SignedCredential & { credentialSubject: { size: number } };
  forged.credentialSubject.size = 9;
  await scan(page, encodeCardPayload(forged));
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'tampered');
  await shot(page, '09-tampered');

  await scan(page, 'AT1:NOT-A-CARD');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'unreadable');
  await page.getByTestId('scan-input').fill('A'.repeat(5_000_000));
  await page.getByTestId('scan-input').press('Enter');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'too-long');
  await shot(page, '10-too-long');
  await context.close();
});

test('Arabic renders right to left', async ({ baseURL }) => {
  const { context, page } = await openProfile(freshProfile());
  await setUp(page, baseURL!);
  await page.getByTestId('language-switcher').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await shot(page, '11-check-ar');
  await page.getByTestId('nav-households').click();
  await shot(page, '12-enrol-ar');
  await context.close();
});
