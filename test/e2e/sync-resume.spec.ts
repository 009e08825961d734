/**
 * A field device whose page dies while it is receiving a large catch-up
 * (thousands of enrolments from the team lead) reopens on the same profile
 * and completes: every event arrives, none twice, nothing half-written.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startSignalingServer, type SignalingServer } from '../../electron/main/signaling-server';
import { expect, test } from './fixtures';
import { fillNewSite, finishSetup, freshProfile, importCaseload, openProfile, unlock } from './kit-steps';

test.setTimeout(240_000);
const SHOTS = join('test-results', 'sync-resume');
const PIN = '2468';
const ROWS = 3000;
let signaling: SignalingServer;
test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
});
test.afterAll(async () => signaling?.close());

async function openDevice(dir: string): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openProfile(dir, ['--allow-loopback-in-peer-connection']);
  await opened.context.grantPermissions(['camera', 'microphone']);
  return opened;
}

async function setUp(page: Page, label: string, invitation?: string): Promise<void> {
  await page.getByTestId('setup-form').waitFor();
  if (invitation === undefined) {
    await fillNewSite(page);
  } else {
    await page.getByTestId('setup-mode-join').click();
    await page.getByTestId('join-invitation').fill(invitation);
  }
  await finishSetup(page, { label, lead: label, pin: PIN });
}

async function connect(page: Page): Promise<void> {
  await page.getByTestId('nav-sync').click();
  await page.getByTestId('sync-signaling').fill(signaling.url);
  await page.getByTestId('sync-connect').click();
}

/** Households the kit stores, read from its own IndexedDB (RxDB keeps one Dexie database per collection). */
async function householdCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes('households'));
    let total = 0;
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const stores = Array.from({ length: db.objectStoreNames.length }, (_, k) => db.objectStoreNames.item(k)!);
      const store = stores.find((s) => s === 'docs') ?? stores[0];
      if (store !== undefined) {
        total += await new Promise<number>((resolve) => {
          const req = db.transaction(store, 'readonly').objectStore(store).count();
          req.onsuccess = () => resolve(req.result);
        });
      }
      db.close();
    }
    return total;
  });
}

test('a device killed mid-catch-up reopens and completes with no loss or duplicate', async ({ browser, baseURL }) => {
  // The lead, with a large caseload.
  const leadContext = await browser.newContext();
  await leadContext.grantPermissions(['camera', 'microphone']);
  const lead = await leadContext.newPage();
  await lead.goto(baseURL!);
  await setUp(lead, 'Lead');
  const csv = ['head_name,head_sex,shelter,members', ...Array.from({ length: ROWS }, (_, i) => `Head ${i},female,B${i % 50}/${i},female:18-59:1;male:0-4:2`)].join('\n');
  await importCaseload(lead, csv, ROWS);
  await lead.getByTestId('nav-settings').click();
  await lead.getByTestId('invitation-show').click();
  const invitation = (await lead.getByTestId('invitation-text').inputValue()).trim();

  const profile = freshProfile('aidtrail-resume-');
  let { context, page } = await openDevice(profile);
  await page.goto(baseURL!);
  await setUp(page, 'Field', invitation);
  await page.getByTestId('nav-settings').click();
  const did = (await page.getByTestId('device-did').textContent())!.trim();
  await lead.getByTestId('certify-did-input').fill(did);
  await lead.getByTestId('certify-did-submit').click();
  await expect(lead.getByTestId('certify-result')).toHaveAttribute('data-device', did);

  await connect(lead);
  await connect(page);
  // Kill the page as soon as part of the catch-up is stored.
  await expect(async () => {
    const stored = Number(await page.getByTestId('sync-progress').getAttribute('data-stored'));
    expect(stored).toBeGreaterThan(0);
  }).toPass({ timeout: 60_000, intervals: [50] });
  const partial = await householdCount(page);
  await page.screenshot({ path: join(SHOTS, '01-field-mid-catch-up.png'), fullPage: true });
  await context.close();
  console.log(`killed with ${partial} of ${ROWS} households stored`);
  expect(partial).toBeLessThan(ROWS);

  ({ context, page } = await openDevice(profile));
  await page.goto(baseURL!);
  await unlock(page, PIN, 'Field');
  await connect(page);
  await expect(async () => expect(await householdCount(page)).toBe(ROWS)).toPass({ timeout: 120_000 });
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 60_000 });
  await page.screenshot({ path: join(SHOTS, '02-field-complete.png'), fullPage: true });
  await context.close();
  await leadContext.close();
});
