/**
 * HQ's console and the donor page end to end (issue 15, points 2 and 3):
 * the real ledger service (spawned on 127.0.0.1, SQLite in a temp dir)
 * serves both apps; the kit is the built renderer in Debian Chromium.
 *
 * 1. HQ signs in to the console with the admin token (kept in
 *    sessionStorage only, never in a URL), publishes a costed plan, records
 *    a contribution and allocates it, all through the UI.
 * 2. A laptop hands out offline, then meets the ledger: its uploads are
 *    refused (not registered); HQ registers it from the console's list of
 *    waiting devices with its certificate starting at its first record; the
 *    laptop anchors.
 * 3. A visitor opens the donor page (through a proxy that can lie), pins
 *    the published log key, sees the totals with charts and tables, and
 *    "Verify" passes. Nothing personal and no household id is in the page
 *    or in any answer it received.
 * 4. The proxy serves a forked log (another ledger, same HQ key, another
 *    history): "Verify" fails at consistency, with the reason. Then a wrong
 *    inclusion proof: it fails at inclusion. The address then pins a witness
 *    this ledger has none of (issue 17): it fails at witnesses, quorum not met.
 * Screenshots go to test-results/donor-page/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN_TOKEN, HQ_SEED } from '../../ledger/testing/fixtures';
import { startLedger, writeKeyFile, type RunningLedger } from '../../ledger/testing/spawn';
import { publicKeyToDid } from '../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import { encodeWitnessKey } from '../../shared/tlog/witness-key';
import { expect, test } from './fixtures';
import { fillEnrolment, fillNewSite, finishSetup, freshProfile, issueCard, openProfile, submitEnrolment } from './kit-steps';
import { startLogProxy, type LogProxy } from './log-proxy';

const SHOTS = join('test-results', 'donor-page');
const ROUND = '2026-11-A'; // the kit's plan (resources/demo-plan.json)
const SITE = 'camp-north';
const DONOR = 'XM-DAC-41114';
const HEADS = ['Fatuma Hassan', 'Grace Akello'];
const SHELTERS = ['B7/114', 'B7/115'];

const started: { stop(): Promise<void> }[] = [];

async function spawnLedger(): Promise<RunningLedger> {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-e2e-donors-'));
  const ledger = await startLedger({ keyFile: writeKeyFile(dir, HQ_SEED), db: join(dir, 'ledger.db'), adminToken: ADMIN_TOKEN });
  started.push(ledger);
  return ledger;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** The kit: enrol a household, issue its card, check it by scan and hand out its ration; its household id. */
async function handOut(page: Page, head: string, shelter: string): Promise<string> {
  await page.getByTestId('nav-households').click();
  await expect(page.getByTestId('enrol-form').or(page.getByTestId('enrol-another'))).toBeVisible();
  if (await page.getByTestId('enrol-another').isVisible()) await page.getByTestId('enrol-another').click();
  await fillEnrolment(page, { head, shelter, boys: '2' });
  const household = await submitEnrolment(page);
  const qrText = (await (await issueCard(page)).getAttribute('data-qr-text'))!;
  await page.getByTestId('nav-check').click();
  await page.getByTestId('scan-input').fill(qrText);
  await page.getByTestId('scan-input').press('Enter');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'pass');
  await page.locator('[data-testid="handout"][data-state="ready"]').waitFor();
  await page.getByTestId('handout-confirm').click();
  await expect(page.getByTestId('handout-saved')).toHaveAttribute('data-household', household);
  return household;
}

async function consoleSignIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByTestId('login-token').fill('wrong-token-0123456789');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-refused')).toBeVisible();
  await page.getByTestId('login-token').fill(ADMIN_TOKEN);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('screen-devices')).toBeVisible();
}

async function publishPlanAndMoney(page: Page): Promise<void> {
  await page.getByTestId('tab-plans').click();
  await page.getByTestId('plan-round').fill(ROUND);
  await page.getByTestId('plan-site').fill(SITE);
  await page.getByTestId('plan-from').fill('2026-11-01');
  await page.getByTestId('plan-to').fill('2026-12-31');
  await page.getByTestId('plan-rule-0-items').fill('maize 36 kg\nbeans 6 kg');
  await page.getByTestId('plan-rule-0-cash').fill('200000');
  await page.getByTestId('plan-rule-0-currency').fill('KES');
  await page.getByTestId('plan-costs').fill('maize kg 5000 KES\nbeans kg 12000 KES\nveg-oil L 30000 KES\nsalt kg 4000 KES\nsoap bar 2000 KES');
  await page.getByTestId('plan-submit').click();
  await expect(page.getByTestId('plan-result')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('plans')).toHaveAttribute('data-rows', '1');
  await shot(page, '02-console-plan');

  await page.getByTestId('tab-funds').click();
  await page.getByTestId('contribution-org').fill(DONOR);
  await page.getByTestId('contribution-name').fill('European Commission - ECHO');
  await page.getByTestId('contribution-amount').fill('50000000');
  await page.getByTestId('contribution-currency').fill('KES');
  await page.getByTestId('contribution-date').fill('2026-11-15');
  await page.getByTestId('contribution-rounds').fill(ROUND);
  await page.getByTestId('contribution-submit').click();
  const recorded = page.getByTestId('contribution-result');
  await expect(recorded).toHaveAttribute('data-state', 'ok');
  const contribution = (await recorded.getAttribute('data-event'))!;

  // An allocation the books refuse is refused with the reason, and nothing is signed.
  await page.getByTestId('allocation-contribution').selectOption(contribution);
  await page.getByTestId('allocation-site').fill(SITE);
  await page.getByTestId('allocation-round').fill(ROUND);
  await page.getByTestId('allocation-amount').fill('60000000');
  await page.getByTestId('allocation-submit').click();
  await expect(page.getByTestId('allocation-result')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('allocation-result')).toContainText('left to allocate');
  await page.getByTestId('allocation-amount').fill('20000000');
  await page.getByTestId('allocation-submit').click();
  await expect(page.getByTestId('allocation-result')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('allocations')).toHaveAttribute('data-rows', '1');
  await shot(page, '03-console-funds');
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));
test.afterAll(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

test('HQ console → kit anchors → donor page totals verify; a forked log and a wrong proof fail loudly', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const honest = await spawnLedger();
  const info = (await (await fetch(`${honest.url}/`)).json()) as { logKey: string };

  // 1. HQ, in the console.
  const hqContext = await browser.newContext();
  const hq = await hqContext.newPage();
  const cspViolations: string[] = [];
  const watchCsp = (page: Page) => page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  watchCsp(hq);
  const served = await fetch(`${honest.url}/console/`);
  expect(served.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(served.headers.get('access-control-allow-origin')).toBeNull();
  await consoleSignIn(hq, honest.url);
  expect(hq.url()).not.toContain(ADMIN_TOKEN);
  expect(await hq.evaluate(() => [sessionStorage.length, localStorage.length, document.cookie])).toEqual([1, 0, '']);
  await shot(hq, '01-console-signed-in');
  await publishPlanAndMoney(hq);

  // 2. A laptop works offline, then meets the ledger, which refuses it until HQ registers it.
  const { context: kitContext, page: kit } = await openProfile(freshProfile());
  await kit.goto(baseURL!);
  await kit.getByTestId('setup-form').waitFor();
  await fillNewSite(kit);
  await finishSetup(kit, { label: 'Laptop 1', lead: 'Amina', pin: '2468' });
  const households = [await handOut(kit, HEADS[0]!, SHELTERS[0]!), await handOut(kit, HEADS[1]!, SHELTERS[1]!)];
  await kit.getByTestId('nav-settings').click();
  const did = (await kit.getByTestId('device-did').textContent())!.trim();
  await kit.getByTestId('nav-ledger').click();
  await kit.getByTestId('ledger-url-input').fill(honest.url);
  await kit.getByTestId('ledger-key-input').fill(info.logKey);
  await kit.getByTestId('ledger-save').click();
  await expect(kit.getByTestId('anchor-error')).toBeVisible({ timeout: 60_000 });

  await hq.getByTestId('tab-devices').click();
  const waiting = hq.getByTestId('unregistered');
  await expect(async () => {
    await hq.getByTestId('devices-refresh').click();
    await expect(waiting).toContainText(did, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await waiting.getByRole('row').filter({ hasText: did }).getByRole('button').click();
  await expect(hq.getByTestId('register-subject')).toHaveValue(did);
  await expect(hq.getByTestId('register-start')).toHaveValue('first-event');
  await hq.getByTestId('register-site').fill(SITE);
  await hq.getByTestId('register-submit').click();
  await expect(hq.getByTestId('register-result')).toHaveAttribute('data-state', 'ok');
  await expect(hq.getByTestId('devices')).toContainText('camp-north');

  await kit.getByTestId('anchor-now').click();
  await expect(kit.locator('[data-testid="anchor-status"][data-pending="0"][data-state="idle"]')).toBeVisible({ timeout: 60_000 });
  await hq.getByTestId('devices-refresh').click();
  await expect(hq.getByTestId('devices')).toContainText('anchored');
  await shot(hq, '04-console-devices');
  // The tables filter: nothing matches a word no row holds.
  await hq.getByTestId('devices-filter').fill('no-such-device');
  await expect(hq.getByTestId('devices')).toHaveAttribute('data-rows', '0');
  await hq.getByTestId('devices-filter').fill('camp-north');
  await expect(hq.getByTestId('devices')).toHaveAttribute('data-rows', '1');
  await hq.getByTestId('tab-activity').click();
  await expect(hq.getByTestId('rejections')).toContainText('device-not-certified');
  await shot(hq, '05-console-activity');
  await hq.getByTestId('tab-log').click();
  await hq.getByTestId('verify-tree').click();
  await expect(hq.getByTestId('verify-tree-result')).toHaveAttribute('data-state', 'ok');
  // This ledger runs without a chain (ledger/chain tests run one): the console says so.
  await expect(hq.getByTestId('chain-panel')).toHaveAttribute('data-state', 'off');
  await kitContext.close();

  // The laptop is handed back: HQ revokes it; what it anchored stays counted.
  await hq.getByTestId('tab-devices').click();
  await hq.getByTestId('revoke-subject').fill(did);
  await hq.getByTestId('revoke-reason').fill('returned');
  await hq.getByTestId('revoke-submit').click();
  await expect(hq.getByTestId('revoke-result')).toHaveAttribute('data-state', 'ok');
  await expect(hq.getByTestId('devices')).toContainText('revoked from');

  // 3. A visitor, through a proxy that is honest for now.
  const other = await spawnLedger();
  const proxy: LogProxy = await startLogProxy(honest.url, other.url);
  started.push({ stop: () => proxy.close() });
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  watchCsp(visitor);
  const answers: string[] = [];
  visitor.on('response', (r) => void r.text().then((body) => answers.push(body), () => undefined));
  const pageErrors: string[] = [];
  visitor.on('pageerror', (e) => pageErrors.push(e.message));

  await visitor.goto(`${proxy.url}/donors/`);
  await expect(visitor.getByTestId('published-key')).toHaveText(info.logKey);
  await expect(visitor.getByTestId('chain-panel')).toHaveAttribute('data-state', 'off');
  await visitor.getByTestId('pin-key').click();
  await expect(visitor.getByTestId('pinned-key')).toHaveText(info.logKey);
  await visitor.getByTestId(`donor-link-${DONOR}`).click();
  await expect(visitor.getByTestId('donor-heading')).toContainText('European Commission - ECHO');
  const pot = visitor.getByTestId(`pot-${ROUND}-${SITE}`);
  await expect(pot).toHaveAttribute('data-households', '2');
  await expect(pot).toHaveAttribute('data-handouts', '2');
  await expect(visitor.getByTestId('donor-totals')).toContainText('500000.00 KES');
  await expect(visitor.getByTestId('contribution-attributed')).not.toHaveText('0.00 KES');
  await expect(pot.locator('svg[role="img"]').first()).toBeVisible();
  await expect(pot.locator('figure table').first()).toContainText('2026-');
  await visitor.getByTestId('verify-run').click();
  await expect(visitor.getByTestId('verify')).toHaveAttribute('data-state', 'passed', { timeout: 30_000 });
  const steps = visitor.getByTestId('verify-steps').locator('li');
  await expect(steps.filter({ has: visitor.locator('[data-ok="false"]') })).toHaveCount(0);
  expect(await visitor.getByTestId('verify-steps').locator('li[data-step="inclusion"][data-ok="true"]').count()).toBe(2);
  await expect(visitor.getByTestId('verify-steps').locator('li[data-step="consistency"]')).toHaveAttribute('data-code', 'first');
  await shot(visitor, '06-donor-verified');

  // A second visit: the log grew (nothing new here) or not; consistency is checked against what this browser saw.
  await visitor.reload();
  await visitor.getByTestId('verify-run').click();
  await expect(visitor.getByTestId('verify')).toHaveAttribute('data-state', 'passed', { timeout: 30_000 });

  // Nothing personal, no household id: not on the page, not in any answer it received.
  const text = await visitor.locator('body').innerText();
  for (const secret of [...households, ...HEADS, ...SHELTERS, 'Amina']) {
    expect(text, secret).not.toContain(secret);
    for (const body of answers) expect(body, secret).not.toContain(secret);
  }
  expect(answers.length).toBeGreaterThan(5);

  // 4. A forked log: another history under the same key, longer than the one seen.
  const size = Number((await visitor.getByTestId('verify-steps').locator('li[data-step="checkpoint"]').textContent())!.match(/(\d+) records/)![1]);
  for (let i = 0; i < size + 2; i++) {
    const response = await fetch(`${other.url}/admin/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: publicKeyToDid(keyPairFromSeed(new Uint8Array(32).fill(100 + i)).publicKey), site: 'elsewhere', role: 'field-officer' }),
    });
    expect(response.status).toBe(201);
  }
  proxy.setMode('fork');
  await visitor.reload();
  await visitor.getByTestId('verify-run').click();
  const failed = visitor.getByTestId('verify-failed');
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed).toHaveAttribute('data-step', 'consistency');
  await expect(failed).toHaveAttribute('data-code', 'forked');
  await expect(failed).toContainText('different history');
  await expect(visitor.getByTestId('verify')).toHaveAttribute('data-state', 'failed');
  await shot(visitor, '07-donor-forked');

  // A wrong inclusion proof from the honest log's address.
  proxy.setMode('bad-inclusion');
  await visitor.reload();
  await visitor.getByTestId('verify-run').click();
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed).toHaveAttribute('data-step', 'inclusion');
  await expect(failed).toHaveAttribute('data-code', 'not-included');
  await expect(visitor.getByTestId('verify-steps').locator('li[data-step="consistency"]')).toHaveAttribute('data-code', 'same');
  await shot(visitor, '08-donor-bad-inclusion');

  // The address requires a witness's cosignature; this ledger asks no witness, so none comes.
  proxy.setMode('honest');
  const witness = encodeWitnessKey({ name: 'witness.example.net/w1', publicKey: keyPairFromSeed(new Uint8Array(32).fill(42)).publicKey });
  await visitor.goto(`${visitor.url()}&witnesses=${encodeURIComponent(witness)}&quorum=1`);
  await visitor.reload();
  await expect(visitor.getByTestId('pinned-witnesses')).toContainText('witness.example.net/w1');
  await visitor.getByTestId('verify-run').click();
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed).toHaveAttribute('data-step', 'witnesses');
  await expect(failed).toHaveAttribute('data-code', 'quorum-not-met');
  await expect(failed).toContainText('only 0 of the 1 witnesses required cosigned this checkpoint');
  await shot(visitor, '09-donor-no-witness');

  expect(pageErrors).toEqual([]);
  expect(cspViolations).toEqual([]);
  await visitorContext.close();
  await hqContext.close();
});
