/**
 * One site, two laptops, working as one (issue 10), each laptop a Chromium
 * on its own fresh persistent profile. The lead sets up the site, enrols
 * Fatuma Ali and issues her card; a field laptop joins by the lead's
 * invitation and the lead admits it as a field officer's laptop; the card,
 * issued on the lead's laptop, checks on the field laptop and shows whose it
 * is; the field officer's handout reaches the lead's tally by name. Once over
 * live sync (with a void from a tampered field kit, which the lead
 * quarantines as not-authorised), once with sync files alone. Waits are on
 * states the app sets; every step a person sees is kept as a screenshot
 * under test-results/site-two-laptops/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startSignalingServer, type SignalingServer } from '../../electron/main/signaling-server';
import { canonicalize } from '../../shared/canonical';
import { expect, test } from './fixtures';
import { fillEnrolment, fillNewSite, finishSetup, freshProfile, issueCard, openProfile, submitEnrolment } from './kit-steps';
import { exportSyncFile, importSyncFile, readSyncFile, syncFileOf } from './sync-files';
import { signOnLaptop, voidDraft } from './tampered-kit';

test.setTimeout(240_000);

const SHOTS = join('test-results', 'site-two-laptops');
const PIN = '4826';
const LEAD = { label: 'Lead laptop', lead: 'Amina', pin: PIN };
const FIELD = { label: 'Field laptop', lead: 'Juma', pin: PIN };
const HEAD = 'Fatuma Ali';

let signaling: SignalingServer;
const contexts: BrowserContext[] = [];
test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  signaling = await startSignalingServer({ host: '127.0.0.1', port: 0 });
});
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
test.afterAll(async () => signaling?.close());

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** A laptop: Chromium on a new profile, allowed to reach its peers over loopback WebRTC (which needs media permission for host candidates). */
async function openLaptop(baseURL: string): Promise<Page> {
  const { context, page } = await openProfile(freshProfile('aidtrail-site-'), ['--allow-loopback-in-peer-connection']);
  contexts.push(context);
  await context.grantPermissions(['camera', 'microphone'], { origin: new URL(baseURL).origin });
  await page.goto(baseURL);
  await page.getByTestId('setup-form').waitFor();
  return page;
}

/** (a) The lead's laptop starts the site, enrols Fatuma Ali and issues her card; the card's text. */
async function leadStartsSite(lead: Page): Promise<{ household: string; card: string }> {
  await fillNewSite(lead);
  await finishSetup(lead, LEAD);
  await lead.getByTestId('nav-households').click();
  await lead.getByTestId('enrol-form').waitFor();
  await fillEnrolment(lead, { head: HEAD, shelter: 'C3/021', boys: '2' });
  const household = await submitEnrolment(lead);
  const card = (await (await issueCard(lead)).getAttribute('data-qr-text'))!;
  expect(card).toMatch(/^AT1:/);
  return { household, card };
}

/** The lead's invitation text (with the sync address, for live sync). */
async function invitationOf(lead: Page, address?: string): Promise<string> {
  await lead.getByTestId('nav-settings').click();
  if (address) await lead.getByTestId('invitation-signaling').fill(address);
  await lead.getByTestId('invitation-show').click();
  const invitation = (await lead.getByTestId('invitation-text').inputValue()).trim();
  expect(invitation).toMatch(/^AIDTEAM1:/);
  return invitation;
}

/** A new laptop joins the site by the invitation; its device key. */
async function fieldJoins(field: Page, invitation: string): Promise<string> {
  await field.getByTestId('setup-mode-join').click();
  await field.getByTestId('join-invitation').fill(invitation);
  await expect(field.getByTestId('join-invitation-status')).toHaveAttribute('data-state', 'ok');
  await finishSetup(field, FIELD);
  await field.getByTestId('nav-settings').click();
  return (await field.getByTestId('device-did').textContent())!.trim();
}

/** The lead admits the waiting laptop with the role offered by default, a field officer's. */
async function leadAdmits(lead: Page, did: string): Promise<void> {
  await lead.getByTestId('nav-settings').click();
  await expect(async () => {
    await lead.getByTestId('waiting-refresh').click();
    await expect(lead.getByTestId(`waiting-device-${did}`)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(lead.getByTestId(`certify-role-${did}`)).toHaveValue('field-officer');
  await expect(lead.getByTestId('certify-role-hint')).toBeVisible();
  await lead.getByTestId(`certify-${did}`).click();
  await expect(lead.getByTestId('certify-result')).toHaveAttribute('data-state', 'ok');
  await expect(lead.getByTestId('certify-result')).toHaveAttribute('data-device', did);
}

/** Waits until the Team list of the laptop on `page` shows `did` admitted as `role`, holding the site key. */
async function expectLaptopListed(page: Page, did: string, role: string): Promise<void> {
  const row = page.getByTestId(`site-laptop-${did}`);
  await expect(async () => {
    // Leaving and opening Settings again loads the site's people afresh.
    await page.getByTestId('nav-check').click();
    await page.getByTestId('nav-settings').click();
    await expect(row).toHaveAttribute('data-role', role, { timeout: 1_000 });
    await expect(row).toHaveAttribute('data-site-key', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
}

/** The card's text typed into the scan field as a USB scanner does, then Enter; waits for the verdict. */
async function scanCard(page: Page, card: string): Promise<void> {
  await page.getByTestId('nav-check').click();
  const verdict = page.getByTestId('verdict');
  const before = Number(await verdict.getAttribute('data-seq'));
  await page.getByTestId('scan-input').fill(card);
  await page.getByTestId('scan-input').press('Enter');
  await expect(verdict).not.toHaveAttribute('data-seq', String(before));
  await expect(verdict).not.toHaveAttribute('data-verdict', 'checking');
}

/** (c) The card checks on the field laptop: valid, and whose it is. */
async function fieldChecksCard(field: Page, card: string, household: string): Promise<void> {
  await scanCard(field, card);
  const verdict = field.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'pass');
  await expect(field.getByTestId('verdict-household')).toHaveText(household);
  await expect(field.getByTestId('verdict-holder-name')).toContainText(HEAD);
  await expect(field.getByTestId('verdict-holder-shelter')).toHaveText('C3/021');
  // Issued on the lead's laptop, not this one.
  await expect(field.getByTestId('verdict-issued-by')).toHaveText(LEAD.label);
}

/** (d) The field officer records the entitlement as offered. */
async function fieldHandsOut(field: Page, household: string): Promise<void> {
  await field.locator('[data-testid="handout"][data-state="ready"]').waitFor();
  await field.getByTestId('handout-confirm').click();
  await expect(field.getByTestId('handout-saved')).toHaveAttribute('data-household', household);
}

/** The handout row on the lead's tally, once it names the field officer and the field laptop. */
async function expectTallyNamesField(lead: Page, household: string): Promise<void> {
  const row = lead.locator(`[data-testid^="tally-row-"][data-household="${household}"]`);
  await expect(async () => {
    await lead.getByTestId('nav-check').click();
    await lead.getByTestId('nav-tally').click();
    await lead.locator('[data-testid="tally"][data-state="ready"]').waitFor({ timeout: 5_000 });
    await expect(row).toHaveAttribute('data-laptop', FIELD.label, { timeout: 1_000 });
    await expect(row).toContainText(FIELD.lead, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(row).toContainText(FIELD.label);
  await expect(lead.getByTestId('tally-operators')).toContainText(FIELD.lead);
  await expect(lead.getByTestId('tally-handouts')).toHaveAttribute('data-value', '1');
}

async function connect(page: Page): Promise<void> {
  await page.getByTestId('nav-sync').click();
  await page.getByTestId('sync-signaling').fill(signaling.url);
  await page.getByTestId('sync-connect').click();
}

test('two laptops over live sync: admitted, the card checks by name, the tally names the field officer, a field void is refused', async ({ baseURL }) => {
  const work = freshProfile('aidtrail-site-work-');
  const lead = await openLaptop(baseURL!);
  const field = await openLaptop(baseURL!);
  // What arrives is verified in the kit's worker (issue 14), not on the page's thread after a failed start.
  const onPage: string[] = [];
  field.on('console', (m) => {
    if (m.text().startsWith('event verification runs on the page')) onPage.push(m.text());
  });
  const verifying = field.waitForEvent('worker', { predicate: (w) => w.url().includes('verify-worker'), timeout: 60_000 });

  // (a)
  const { household, card } = await leadStartsSite(lead);
  await shot(lead, '01-lead-card-issued');
  const invitation = await invitationOf(lead, signaling.url);
  await shot(lead, '02-lead-invitation');

  // (b) Joins, meets the lead live, is admitted as a field officer's laptop, and gets the site key.
  const fieldDid = await fieldJoins(field, invitation);
  for (const page of [lead, field]) await connect(page);
  for (const page of [lead, field]) await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 60_000 });
  await leadAdmits(lead, fieldDid);
  await verifying;
  expect(onPage).toEqual([]);
  await shot(lead, '03-lead-admitted-field-laptop');
  await expectLaptopListed(field, fieldDid, 'field-officer');
  await expect(field.getByTestId('nav-reconcile')).toHaveCount(0);
  await shot(field, '04-field-team-synced');
  await expectLaptopListed(lead, fieldDid, 'field-officer');
  await expect(lead.getByTestId('site-operators')).toContainText(FIELD.lead, { timeout: 60_000 });
  await shot(lead, '05-lead-team');

  // (c) and (d)
  await expect(async () => fieldChecksCard(field, card, household)).toPass({ timeout: 60_000 });
  await shot(field, '06-field-card-valid-fatuma-ali');
  await fieldHandsOut(field, household);
  await shot(field, '07-field-handout-saved');
  await expectTallyNamesField(lead, household);
  await shot(lead, '08-lead-tally-names-juma');
  const maize = await lead.getByTestId('tally-total-maize').getAttribute('data-qty');

  // (e) A tampered field kit signs a void of its own handout; the lead gets it in a sync file.
  await field.getByTestId('nav-sync').click();
  await field.getByTestId('sync-disconnect').click();
  await expect(field.getByTestId('sync-state')).toHaveAttribute('data-state', 'off');
  const events = readSyncFile(readFileSync(await exportSyncFile(field, work, 'field.aidsync'))).map((e) => e.event);
  const own = events.filter((e) => e.device === fieldDid);
  const handout = own.find((e) => e.type === 'handout' && e.body.household === household)!;
  const forged = await signOnLaptop(field, voidDraft(own, handout, new Date()));
  const counts = await importSyncFile(lead, { name: 'field-void.aidsync', buffer: syncFileOf([canonicalize(forged)]) });
  expect(counts).toEqual({ stored: 0, duplicates: 0, quarantined: 1 });
  await shot(lead, '09-lead-imports-field-void');
  await lead.getByTestId('nav-reconcile').click();
  await lead.getByTestId('reconcile-tab-quarantine').click();
  const refused = lead.locator('[data-testid^="quarantine-row-"][data-reason="not-authorised"]');
  await expect(refused).toHaveCount(1);
  await expect(refused).toHaveAttribute('data-device', fieldDid);
  await shot(lead, '10-lead-quarantine-not-authorised');
  await lead.getByTestId('nav-tally').click();
  await lead.locator('[data-testid="tally"][data-state="ready"]').waitFor();
  await expect(lead.getByTestId('tally-handouts')).toHaveAttribute('data-value', '1');
  await expect(lead.getByTestId('tally-total-maize')).toHaveAttribute('data-qty', maize!);
  await expect(lead.locator(`[data-testid^="tally-row-"][data-household="${household}"]`)).toHaveAttribute('data-voided', 'false');
  await shot(lead, '11-lead-tally-unchanged');

  // The lead disables Juma in the site's directory; live sync carries it to the field laptop, whose lock screen no longer offers Juma.
  await lead.getByTestId('nav-settings').click();
  const juma = lead.locator(`[data-testid^="site-operator-"][data-name="${FIELD.lead}"]`);
  const jumaId = (await juma.getAttribute('data-testid'))!.replace('site-operator-', '');
  await lead.getByTestId(`operator-toggle-${jumaId}`).click();
  await expect(lead.getByTestId('operator-toggle-result')).toHaveAttribute('data-state', 'done');
  await expect(juma).toHaveAttribute('data-active', 'false');
  await shot(lead, '12-lead-disabled-juma');
  await connect(field);
  await expect(async () => {
    await field.getByTestId('nav-check').click();
    await field.getByTestId('nav-settings').click();
    await expect(field.getByTestId(`site-operator-${jumaId}`)).toHaveAttribute('data-active', 'false', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  // The lock screen offers only who may sign in.
  await field.getByTestId('lock-button').click();
  await field.getByTestId('lock-form').waitFor();
  await expect(field.getByTestId(`lock-operator-${jumaId}`)).toHaveCount(0);
  await expect(field.locator('[data-testid^="lock-operator-"]')).toHaveCount(1);
  await shot(field, '13-field-lock-without-juma');
});

test('two laptops with sync files only: join, admission, the card by name, the handout back by name', async ({ baseURL }) => {
  const work = freshProfile('aidtrail-site-work-');
  const lead = await openLaptop(baseURL!);
  const field = await openLaptop(baseURL!);

  const { household, card } = await leadStartsSite(lead);
  const invitation = await invitationOf(lead);
  const fieldDid = await fieldJoins(field, invitation);
  await shot(field, '21-files-field-joined');

  // Before its admission the field laptop trusts the lead's card but cannot open the household's record.
  await importSyncFile(field, await exportSyncFile(lead, work, '0-lead-before-admission.aidsync'));
  await scanCard(field, card);
  await expect(field.getByTestId('verdict')).toHaveAttribute('data-verdict', 'pass');
  await expect(field.getByTestId('verdict-holder-sealed')).toBeVisible();
  await expect(field.getByTestId('verdict-holder-name')).toHaveCount(0);
  await shot(field, '22-files-field-card-valid-record-sealed');

  // The field laptop's first events wait on the lead until it admits the laptop.
  const joining = await importSyncFile(lead, await exportSyncFile(field, work, '1-field-joins.aidsync'));
  expect(joining.quarantined).toBeGreaterThan(0);
  await leadAdmits(lead, fieldDid);
  await shot(lead, '23-files-lead-admitted');

  // The lead's file carries the certificate, the site key, the enrolment and the card's issuer.
  const admitted = await importSyncFile(field, await exportSyncFile(lead, work, '2-lead-admits.aidsync'));
  expect(admitted.quarantined).toBe(0);
  await expectLaptopListed(field, fieldDid, 'field-officer');
  await shot(field, '24-files-field-has-site-key');

  await fieldChecksCard(field, card, household);
  await shot(field, '25-files-field-card-valid-fatuma-ali');
  await fieldHandsOut(field, household);

  // The field's file brings the handout, and Juma's directory entry, back.
  const back = await importSyncFile(lead, await exportSyncFile(field, work, '3-field-handout.aidsync'));
  expect(back.quarantined).toBe(0);
  expect(back.stored).toBeGreaterThan(0);
  await expectTallyNamesField(lead, household);
  await shot(lead, '26-files-lead-tally-names-juma');
});
