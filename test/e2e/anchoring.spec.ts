/**
 * Anchoring end to end (issue "HQ ledger and batch anchoring"): the real
 * ledger service (spawned on 127.0.0.1, SQLite in a temp dir) and the built
 * app in Debian Chromium, a fresh browser profile per test.
 *
 * 1. A team lead records handouts offline (enrol, ration card, check by scan
 *    and by id lookup, hand out) while the kit knows no ledger; HQ registers
 *    the device by the key the app shows; the lead enters the ledger's
 *    address and log key; the background loop anchors the backlog with
 *    progress; HQ's head for the device and a receipt fetched from HQ match
 *    and verify; `aidtrail audit` passes (twice, the second time from the
 *    state the first one left).
 * 2. A second ledger signing with the same HQ key but holding another
 *    history: pointing the kit at it raises the red alarm, which stays on
 *    every screen and after a reload (on the lock screen too).
 *
 * The page (127.0.0.1:<app port>) calls the ledger (127.0.0.1:<ledger port>)
 * cross-origin: the ledger answers CORS for its public and device routes.
 * Waits are on the states the app sets (data-state, data-pending), never on
 * time. Screenshots go to test-results/anchoring/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN_TOKEN, HQ_SEED } from '../../ledger/testing/fixtures';
import { startLedger, writeKeyFile, type RunningLedger } from '../../ledger/testing/spawn';
import { parseVerifierKey } from '../../shared/checkpoint';
import { publicKeyToDid } from '../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import { verifyReceipt, type Receipt } from '../../shared/ledger';
import { expect, test } from './fixtures';
import { fillEnrolment, freshProfile, issueCard, openProfile, setUpNewSite, submitEnrolment } from './kit-steps';

const SHOTS = join('test-results', 'anchoring');
const ROOT = join(import.meta.dirname, '..', '..');
const PIN = '2468';

interface LedgerInfo {
  readonly origin: string;
  readonly logKey: string;
  readonly hq: string;
  readonly size: number;
}

const ledgers: RunningLedger[] = [];

async function spawnLedger(): Promise<{ ledger: RunningLedger; info: LedgerInfo; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-e2e-ledger-'));
  const ledger = await startLedger({ keyFile: writeKeyFile(dir, HQ_SEED), db: join(dir, 'ledger.db'), adminToken: ADMIN_TOKEN });
  ledgers.push(ledger);
  const info = (await (await fetch(`${ledger.url}/`)).json()) as LedgerInfo;
  return { ledger, info, dir };
}

/** HQ registers a device (admin API): a team lead of camp-north, valid from before its first event. */
async function registerDevice(ledger: RunningLedger, did: string, validFrom: string): Promise<void> {
  const response = await fetch(`${ledger.url}/admin/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: did, site: 'camp-north', role: 'team-lead', validFrom }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'aidtrail.mjs'), ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function enrolAndIssueCard(page: Page, head: string, shelter: string): Promise<{ household: string; qrText: string }> {
  await page.getByTestId('nav-households').click();
  // The households screen may still show the last enrolment.
  await expect(page.getByTestId('enrol-form').or(page.getByTestId('enrol-another'))).toBeVisible();
  if (await page.getByTestId('enrol-another').isVisible()) await page.getByTestId('enrol-another').click();
  await page.getByTestId('enrol-form').waitFor();
  await fillEnrolment(page, { head, shelter, boys: '2' });
  const household = await submitEnrolment(page);
  const canvas = await issueCard(page);
  return { household, qrText: (await canvas.getAttribute('data-qr-text'))! };
}

/** Checks the household (the scanner's keyboard input, or the id lookup) and hands out its ration; the handout's event id. */
async function checkAndHandOut(page: Page, card: { household: string; qrText: string }, by: 'scan' | 'lookup'): Promise<string> {
  await page.getByTestId('nav-check').click();
  await page.getByTestId('check-screen').waitFor();
  if (by === 'scan') {
    await page.getByTestId('scan-input').fill(card.qrText);
    await page.getByTestId('scan-input').press('Enter');
  } else {
    await page.getByTestId('lookup-id').fill(card.household);
    await page.getByTestId('lookup-reason').selectOption('card-lost');
    await page.getByTestId('lookup-submit').click();
    // No card: the officer says which identity document they checked before the check is recorded.
    await expect(page.getByTestId('lookup-document-step')).toHaveAttribute('data-household', card.household);
    await page.getByTestId('lookup-document').selectOption('national-id');
    await page.getByTestId('lookup-confirm').click();
  }
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'pass');
  await expect(page.getByTestId('verdict-household')).toContainText(card.household);
  await page.locator('[data-testid="handout"][data-state="ready"]').waitFor();
  await page.getByTestId('handout-confirm').click();
  const saved = page.getByTestId('handout-saved');
  await expect(saved).toHaveAttribute('data-household', card.household);
  return (await saved.getAttribute('data-event'))!;
}

async function deviceDid(page: Page): Promise<string> {
  await page.getByTestId('nav-settings').click();
  const did = (await page.getByTestId('device-did').textContent())!.trim();
  expect(did).toMatch(/^did:key:z6Mk/);
  return did;
}

async function configureLedger(page: Page, url: string, logKey: string): Promise<void> {
  await page.getByTestId('nav-ledger').click();
  await page.getByTestId('ledger-form').waitFor();
  await page.getByTestId('ledger-url-input').fill(url);
  await page.getByTestId('ledger-key-input').fill(logKey);
  await page.getByTestId('ledger-save').click();
  await expect(page.getByTestId('ledger-form')).toHaveAttribute('data-state', 'saved');
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));
test.afterAll(async () => {
  await Promise.all(ledgers.splice(0).map((l) => l.stop()));
});

test('offline handouts, then the ledger appears: anchoring completes with progress, receipts verify, aidtrail audit passes', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const { ledger, info, dir } = await spawnLedger();
  const { context, page } = await openProfile(freshProfile());
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // Before the first event: the certificate HQ issues later must cover all of them.
  const validFrom = new Date(Date.now() - 60_000).toISOString();
  await setUpNewSite(page, baseURL!, { label: 'Laptop 1', lead: 'Amina', pin: PIN });

  // Offline: no ledger known to the kit.
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('anchor-status')).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('anchor-status')).toHaveAttribute('data-configured', 'false');
  await expect(page.getByTestId('ledger-not-configured')).toBeVisible();
  await shot(page, '01-ledger-not-configured');

  const cards = [
    await enrolAndIssueCard(page, 'Fatuma Hassan', 'B7/114'),
    await enrolAndIssueCard(page, 'Grace Akello', 'B7/115'),
    await enrolAndIssueCard(page, 'Mary Adut', 'C2/031'),
  ];
  const handouts = [
    await checkAndHandOut(page, cards[0]!, 'scan'),
    await checkAndHandOut(page, cards[1]!, 'scan'),
    await checkAndHandOut(page, cards[2]!, 'lookup'),
  ];
  await shot(page, '02-handout-offline');

  await page.getByTestId('nav-ledger').click();
  const status = page.getByTestId('anchor-status');
  await expect(status).toHaveAttribute('data-anchored', '0');
  const pendingOffline = Number(await status.getAttribute('data-pending'));
  // Setup, 3 × (enrolment, card, identity check, handout) at least.
  expect(pendingOffline).toBeGreaterThanOrEqual(12);
  await expect(status).toHaveAttribute('data-state', 'off');
  await shot(page, '03-backlog-offline');

  // HQ registers the device by the key the app shows.
  const did = await deviceDid(page);
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('ledger-device-did')).toHaveText(did);
  await registerDevice(ledger, did, validFrom);

  // A wrong key is refused, translated, and nothing is configured.
  await page.getByTestId('ledger-url-input').fill(ledger.url);
  await page.getByTestId('ledger-key-input').fill('not a key');
  await page.getByTestId('ledger-save').click();
  await expect(page.getByTestId('ledger-form')).toHaveAttribute('data-code', 'bad-key');
  await expect(page.getByTestId('ledger-form').getByRole('alert')).toBeVisible();
  await expect(status).toHaveAttribute('data-configured', 'false');

  // The ledger appears: its address and its log key (GET / names it; HQ hands it over out of band).
  await configureLedger(page, ledger.url, info.logKey);
  await expect(page.locator('[data-testid="anchor-status"][data-pending="0"]')).toBeVisible({ timeout: 60_000 });
  await expect(status).toHaveAttribute('data-state', 'idle');
  await expect(status).toHaveAttribute('data-configured', 'true');
  const anchored = Number(await status.getAttribute('data-anchored'));
  expect(anchored).toBeGreaterThanOrEqual(pendingOffline);
  const progress = page.getByTestId('anchor-progress');
  await expect(progress).toHaveAttribute('data-done', String(anchored));
  await expect(progress).toHaveAttribute('data-total', String(anchored));
  await expect(progress).toHaveAttribute('data-active', 'false');
  await expect(page.getByTestId('ledger-url')).toHaveText(ledger.url);
  await expect(page.getByTestId('ledger-origin')).toHaveText(info.origin);
  await expect(page.getByTestId('anchor-next')).toBeVisible();
  const held = Number(await page.getByTestId('ledger-checkpoint').getAttribute('data-size'));
  expect(held).toBeGreaterThan(anchored); // HQ's certificate for the device is a leaf too
  await expect(page.getByTestId('ledger-alarm')).toHaveCount(0);
  await shot(page, '04-anchored');

  // HQ holds the device's whole chain, exactly once.
  const head = (await (await fetch(`${ledger.url}/devices/${encodeURIComponent(did)}/head`)).json()) as { seq: number };
  expect(head.seq).toBe(anchored);
  // Every handout's receipt, fetched from HQ, verifies alone against the log key.
  const logKey = parseVerifierKey(info.logKey);
  if (!logKey.ok) throw new Error(logKey.message);
  for (const id of handouts) {
    const response = await fetch(`${ledger.url}/receipts/${id}`);
    expect(response.status).toBe(200);
    const receipt = (await response.json()) as Receipt;
    expect(receipt.event).toBe(id);
    const verified = verifyReceipt(receipt, { logKey: logKey.value, origin: info.origin });
    expect(verified.ok, verified.ok ? '' : verified.message).toBe(true);
  }

  // Anchor now: nothing new to send, still consistent (every visit audits HQ's checkpoint).
  await page.getByTestId('anchor-now').click();
  await expect(progress).toHaveAttribute('data-total', '0');
  await expect(status).toHaveAttribute('data-state', 'idle');
  await expect(status).toHaveAttribute('data-anchored', String(anchored));

  // A handout made after anchoring is pending until the next run.
  const fourth = await enrolAndIssueCard(page, 'Rose Nyabol', 'D1/007');
  const late = await checkAndHandOut(page, fourth, 'scan');
  await page.getByTestId('nav-ledger').click();
  await expect(status).not.toHaveAttribute('data-pending', '0');
  await page.getByTestId('anchor-now').click();
  await expect(page.locator('[data-testid="anchor-status"][data-pending="0"][data-state="idle"]')).toBeVisible({ timeout: 60_000 });
  expect(Number(await status.getAttribute('data-anchored'))).toBeGreaterThan(anchored);
  expect((await fetch(`${ledger.url}/receipts/${late}`)).status).toBe(200);
  await shot(page, '05-anchored-again');

  // The auditor's check: every checkpoint since the last audit, chained by consistency proofs.
  const state = join(dir, 'audit-state.json');
  const first = await runCli(['audit', '--ledger', ledger.url, '--log-key', info.logKey, '--state', state]);
  expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
  expect(existsSync(state)).toBe(true);
  expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ v: 1, origin: info.origin });
  const again = await runCli(['audit', '--ledger', ledger.url, '--log-key', info.logKey, '--state', state, '--leaves']);
  expect(again.code, `${again.stdout}\n${again.stderr}`).toBe(0);

  // French and Arabic render the screen (RTL for Arabic) with the same states.
  await page.getByTestId('language-switcher').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(status).toHaveAttribute('data-state', 'idle');
  await shot(page, '06-anchored-ar');
  await page.getByTestId('language-switcher').selectOption('en');

  expect(pageErrors).toEqual([]);
  await context.close();
});

test('a ledger that shows another history raises the red alarm on every screen, and it stays', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const honest = await spawnLedger();
  const { context, page } = await openProfile(freshProfile());
  const validFrom = new Date(Date.now() - 60_000).toISOString();
  await setUpNewSite(page, baseURL!, { label: 'Laptop 1', lead: 'Amina', pin: PIN });
  const card = await enrolAndIssueCard(page, 'Achol Deng', 'E4/002');
  await checkAndHandOut(page, card, 'scan');
  const did = await deviceDid(page);
  await registerDevice(honest.ledger, did, validFrom);
  await configureLedger(page, honest.ledger.url, honest.info.logKey);
  const status = page.getByTestId('anchor-status');
  await expect(page.locator('[data-testid="anchor-status"][data-pending="0"][data-state="idle"]')).toBeVisible({ timeout: 60_000 });

  const held = Number(await page.getByTestId('ledger-checkpoint').getAttribute('data-size'));
  expect(held).toBeGreaterThan(1);

  // The same HQ key signs a second, different and longer log: only a dishonest
  // (or broken) HQ does that. The device has nothing new to send; its visit
  // asks HQ to prove the new checkpoint extends the held one, and it cannot.
  const other = await spawnLedger();
  expect(other.info.logKey).toBe(honest.info.logKey);
  await registerDevice(other.ledger, did, validFrom);
  for (let i = 0; i < held + 2; i++) {
    await registerDevice(other.ledger, publicKeyToDid(keyPairFromSeed(new Uint8Array(32).fill(100 + i)).publicKey), validFrom);
  }
  await configureLedger(page, other.ledger.url, other.info.logKey);
  await expect(status).toHaveAttribute('data-state', 'fork', { timeout: 60_000 });
  const alarm = page.getByTestId('ledger-alarm');
  await expect(alarm).toBeVisible();
  await expect(alarm).toContainText('two different histories');
  await expect(alarm).toContainText('evidence');
  await expect(page.getByTestId('anchor-now')).toBeDisabled();
  await expect(page.getByTestId('anchor-error')).toHaveAttribute('data-code', 'fork');
  await shot(page, '07-fork-alarm');

  // On every screen, in every language.
  for (const screen of ['check', 'households', 'tally', 'sync', 'settings']) {
    await page.getByTestId(`nav-${screen}`).click();
    await expect(alarm).toBeVisible();
  }
  await page.getByTestId('language-switcher').selectOption('fr');
  await expect(alarm).toContainText('deux historiques différents');
  await shot(page, '08-fork-alarm-fr');
  await page.getByTestId('language-switcher').selectOption('en');

  // It survives a restart, and shows on the lock screen before anyone signs in.
  await page.reload();
  await page.getByTestId('lock-form').waitFor();
  await expect(alarm).toBeVisible();
  await shot(page, '09-fork-alarm-locked');
  await page.getByTestId('lock-pin').fill(PIN);
  await page.getByTestId('lock-submit').click();
  await page.getByTestId('check-screen').waitFor();
  await expect(alarm).toBeVisible();
  await page.getByTestId('nav-ledger').click();
  await expect(status).toHaveAttribute('data-state', 'fork');
  await context.close();
});
