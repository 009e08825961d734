/**
 * Three kits of one team in three browser contexts (a team lead and two field
 * devices), syncing over real WebRTC data channels through the signaling
 * server on 127.0.0.1: the field devices join by the lead's invitation and
 * are admitted by its certificate; the lead's enrolment reaches them; apart,
 * both hand out to the same household; connected again they converge, the
 * conflict appears on the lead's Reconcile screen, the lead voids one, and
 * all three converge on identical tallies. Then a raw Yjs client holding the
 * room password (a Node peer over @roamhq/wrtc) writes a forged event: every
 * device quarantines it and no tally counts it. Waits are on states the app sets.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import wrtc from '@roamhq/wrtc';
import type { Browser, Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { connectScope, openScope } from '../../renderer/src/sync';
import { startSignalingServer, type SignalingServer } from '../../electron/main/signaling-server';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { expect, test } from './fixtures';
import { fillNewSite, finishSetup, serveByLookup } from './kit-steps';
import { utf8 } from '../../shared/bytes';
import { sha256Hex } from '../../shared/crypto/sha256';

test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--allow-loopback-in-peer-connection'] } });
test.setTimeout(180_000);

const SHOTS = join('test-results', 'team-sync');
const PIN = '1357';
let signaling: SignalingServer;
test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
});
test.afterAll(async () => signaling?.close());

async function open(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['camera', 'microphone']);
  const page = await context.newPage();
  await page.goto(baseURL);
  await page.getByTestId('setup-form').waitFor();
  return page;
}

async function deviceDid(page: Page): Promise<string> {
  await page.getByTestId('nav-settings').click();
  return (await page.getByTestId('device-did').textContent())!.trim();
}

async function connect(page: Page): Promise<void> {
  await page.getByTestId('nav-sync').click();
  await page.getByTestId('sync-signaling').fill(signaling.url);
  await page.getByTestId('sync-connect').click();
}

async function disconnect(page: Page): Promise<void> {
  await page.getByTestId('nav-sync').click();
  await page.getByTestId('sync-disconnect').click();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'off');
}

async function handOutByLookup(page: Page, household: string): Promise<void> {
  // No card: the officer says which identity document they checked before the check is recorded.
  await serveByLookup(page, household, 'refugee-id');
}

async function handouts(page: Page): Promise<string> {
  await page.getByTestId('nav-tally').click();
  await page.locator('[data-testid="tally"][data-state="ready"]').waitFor();
  return (await page.getByTestId('tally-handouts').getAttribute('data-value')) ?? '';
}

test('three devices converge, the lead settles a double handout, and all tallies agree', async ({ browser, baseURL }) => {
  const lead = await open(browser, baseURL!);
  await fillNewSite(lead);
  await finishSetup(lead, { label: 'Lead laptop', lead: 'Amina', pin: PIN });

  await lead.getByTestId('nav-settings').click();
  await lead.getByTestId('invitation-signaling').fill(signaling.url);
  await lead.getByTestId('invitation-show').click();
  const invitation = (await lead.getByTestId('invitation-text').inputValue()).trim();
  expect(invitation).toMatch(/^AIDTEAM1:/);
  await lead.screenshot({ path: join(SHOTS, '01-lead-invitation.png'), fullPage: true });

  const fields: Page[] = [];
  for (const label of ['Field A', 'Field B']) {
    const page = await open(browser, baseURL!);
    await page.getByTestId('setup-mode-join').click();
    await page.getByTestId('join-invitation').fill(invitation);
    await expect(page.getByTestId('join-invitation-status')).toHaveAttribute('data-state', 'ok');
    await finishSetup(page, { label, lead: label, pin: PIN });
    fields.push(page);
  }
  for (const page of fields) {
    const did = await deviceDid(page);
    await lead.getByTestId('nav-settings').click();
    await lead.getByTestId('certify-did-input').fill(did);
    await lead.getByTestId('certify-did-submit').click();
    await expect(lead.getByTestId('certify-result')).toHaveAttribute('data-device', did);
  }

  // The lead enrols a household; everyone meets once.
  await lead.getByTestId('nav-households').click();
  await lead.getByTestId('enrol-head-name').fill('Fatuma Hassan');
  await lead.getByTestId('enrol-shelter').fill('B7/114');
  await lead.getByTestId('enrol-members-18-59-female').fill('4');
  await lead.getByTestId('enrol-submit').click();
  const household = (await lead.getByTestId('enrol-done').getAttribute('data-household'))!;
  for (const page of [lead, ...fields]) await connect(page);
  for (const page of [lead, ...fields]) await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 60_000 });
  await expect(lead.getByTestId('sync-peers')).toHaveAttribute('data-count', '2');
  await lead.screenshot({ path: join(SHOTS, '02-lead-synced.png'), fullPage: true });

  // Apart, both field devices serve the same household.
  for (const page of fields) await disconnect(page);
  for (const page of fields) await handOutByLookup(page, household);
  await fields[0]!.screenshot({ path: join(SHOTS, '03-field-a-handout.png'), fullPage: true });
  for (const page of fields) await connect(page);

  await lead.getByTestId('nav-reconcile').click();
  await expect(async () => {
    await lead.getByTestId('reconcile-refresh').click();
    await expect(lead.getByTestId('reconcile')).toHaveAttribute('data-conflicts', '1', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await lead.screenshot({ path: join(SHOTS, '04-lead-conflict.png'), fullPage: true });
  const voidButton = lead.locator('[data-testid^="conflict-void-"]').first();
  await voidButton.click();
  await lead.getByTestId('conflict-approval-pin').fill(PIN);
  const reason = lead.getByTestId('conflict-approval-reason');
  if (await reason.count()) await reason.selectOption('double-handout');
  await lead.getByTestId('conflict-approval-confirm').click();
  await expect(lead.getByTestId('conflict-done')).toBeVisible();
  await lead.screenshot({ path: join(SHOTS, '05-lead-voided.png'), fullPage: true });

  // Everyone converges on one handout.
  for (const page of [lead, ...fields]) {
    await expect(async () => expect(await handouts(page)).toBe('1')).toPass({ timeout: 60_000 });
    await expect(page.getByTestId('tally-total-maize')).toHaveAttribute('data-qty', await lead.getByTestId('tally-total-maize').getAttribute('data-qty') ?? '');
  }
  await fields[1]!.screenshot({ path: join(SHOTS, '06-field-b-tally.png'), fullPage: true });

  // Mallory has the team secret but no device key: a handout event copied from
  // the log, quantities changed, signature kept.
  const voidedId = (await lead.locator('[data-testid^="tally-row-"]').first().getAttribute('data-testid'))!.replace('tally-row-', '');
  expect(voidedId).toMatch(/^[0-9a-f]{64}$/);
  const round = '2026-11-A';
  const room = await openScope(`round:${round}`, { persistence: 'memory' });
  const secret = JSON.parse(Buffer.from(invitation.slice('AIDTEAM1:'.length), 'base64url').toString('utf8')) as { secret: string };
  const mallory = connectScope(room, {
    signaling: signaling.url,
    secret: secret.secret,
    presence: { did: 'did:key:z6MkMallory', label: 'mallory' },
    peerOpts: { wrtc },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  await mallory.whenSynced({ signal: AbortSignal.timeout(60_000) });
  const genuine = room.events.get(voidedId);
  expect(genuine).toBeDefined();
  const forged = genuine!.replace(/"qty":(\d+)/, '"qty":999');
  // Under its content address: anything else the sync guard drops before a kit sees it.
  room.add([[sha256Hex(utf8(forged)), forged]]);
  // The lead sees it in the quarantine with its reason; a field laptop (whose
  // operators are field officers: no Reconcile screen) counts it on its Sync screen.
  await lead.getByTestId('nav-reconcile').click();
  await lead.getByTestId('reconcile-tab-quarantine').click();
  await expect(async () => {
    await lead.getByTestId('reconcile-refresh').click();
    await expect(lead.locator('[data-testid^="quarantine-row-"][data-reason="bad-signature"]')).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  for (const page of fields) {
    await page.getByTestId('nav-sync').click();
    await expect(page.getByTestId('sync-progress')).not.toHaveAttribute('data-quarantined', '0', { timeout: 60_000 });
  }
  for (const page of [lead, ...fields]) expect(await handouts(page)).toBe('1');
  await lead.getByTestId('nav-reconcile').click();
  await lead.getByTestId('reconcile-tab-quarantine').click();
  await lead.screenshot({ path: join(SHOTS, '07-lead-quarantine.png'), fullPage: true });
  mallory.destroy();
});
