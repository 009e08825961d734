/**
 * The browser host in Debian Chromium: the HostApi contract
 * (renderer/src/host/host-contract.ts) against real IndexedDB, WebCrypto and
 * Web Locks, on the page and through the vault's dedicated worker; records sealed under a non-extractable device key; a vault that
 * survives a reload locked, and whose signatures verify outside the browser
 * with the shared verifiers.
 *
 * The contract runs in a throw-away page (test/support/page-bundle.ts), so
 * nothing test-only enters the production bundle, which one test checks
 * (run `npm run build` first, as for every e2e test).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from '@playwright/test';
import type { StaticServer } from '../../bin/static-server.mjs';
import { servePageBundle } from '../support/page-bundle';
import type { SignedEvent } from '../../shared/events/envelope';
import { eventId } from '../../shared/events/sign';
import { verifyEvent } from '../../shared/events/verify';
import type { ContractPage } from '../../renderer/src/host/contract-page';
import { LEAD, stockEntry } from '../../renderer/src/host/host-contract-support';
import { expect, rendererRoot, test as appTest } from './fixtures';

const PAGE_GLOBAL = '__aidtrailHostContract';

const test = appTest.extend<object, { contractServer: StaticServer }>({
  contractServer: [
    async ({}, use) => {
      const bundle = await servePageBundle('renderer/src/host/contract-page.ts', 'HostApi contract page');
      await use(bundle.server);
      await bundle.close();
    },
    { scope: 'worker' },
  ],
});

/** Opens the contract page and collects console errors and page errors. */
async function openContractPage(page: Page, server: StaticServer): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(server.url);
  await page.waitForFunction((name) => name in window, PAGE_GLOBAL);
  return problems;
}

/** `window[PAGE_GLOBAL]`, spelled out inside each page.evaluate (its function runs in the page, not here). */
type PageWindow = Record<string, ContractPage>;
type Answer<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const value = <T>(answer: unknown): T => {
  const result = answer as Answer<T>;
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
};

test('the browser host passes the HostApi contract in Chromium', async ({ page, contractServer }) => {
  test.setTimeout(120_000);
  const problems = await openContractPage(page, contractServer);
  const outcomes = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.run(), PAGE_GLOBAL);
  expect(outcomes.length).toBeGreaterThanOrEqual(25);
  for (const outcome of outcomes) {
    expect.soft(outcome, outcome.name).toEqual({ name: outcome.name, ok: true });
  }
  expect(problems).toEqual([]);
});

test('the browser host passes the HostApi contract through the vault worker', async ({ page, contractServer }) => {
  test.setTimeout(180_000);
  const problems = await openContractPage(page, contractServer);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  const outcomes = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.runThroughWorker(), PAGE_GLOBAL);
  expect(outcomes.length).toBeGreaterThanOrEqual(25);
  for (const outcome of outcomes) {
    expect.soft(outcome, outcome.name).toEqual({ name: outcome.name, ok: true });
  }
  // A worker per host the checks opened, each a file of the page's own origin (the CSP's worker-src 'self').
  expect(workers.length).toBeGreaterThanOrEqual(outcomes.length);
  for (const url of workers) expect([url.startsWith(contractServer.url), url]).toEqual([true, expect.stringContaining('contract-vault-worker')]);
  // A vault that moved to the page says so as a console error (contract-page.ts): none did.
  expect(problems).toEqual([]);
});

test('every record is sealed under a non-extractable AES-GCM key in the "aidtrail-vault-v2" IndexedDB', async ({ page, contractServer }) => {
  const problems = await openContractPage(page, contractServer);
  const inspection = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.inspectDefaultVault(), PAGE_GLOBAL);
  expect(inspection.databases).toContain('aidtrail-vault-v2');
  expect(inspection.databases).not.toContain('aidtrail-vault');
  expect(inspection.deviceKey).toEqual({
    isCryptoKey: true,
    type: 'secret',
    algorithm: 'AES-GCM',
    extractable: false,
    usages: ['encrypt', 'decrypt'],
    exports: { raw: 'InvalidAccessError', jwk: 'InvalidAccessError' },
  });
  expect([...inspection.records].sort()).toEqual(['chain', 'device', 'operators', 'setup', 'site-keys']);
  expect(inspection.malformed).toEqual([]);
  expect(inspection.readable).toEqual([]);
  expect(inspection.cryptoKeysInRecords).toEqual([]);
  expect(problems).toEqual([]);
});

test('the vault survives a reload locked; unlocked, its old blobs open, its chain goes on and its signatures verify here', async ({ page, contractServer }) => {
  const problems = await openContractPage(page, contractServer);
  const keys = value<{ device: `did:key:z${string}`; issuer: string; agreement: string; lead: string }>(
    await page.evaluate((name) => (window as unknown as PageWindow)[name]!.defaultHost.setUp(), PAGE_GLOBAL),
  );
  const [first] = value<SignedEvent[]>(
    await page.evaluate(([name, entry]) => (window as unknown as PageWindow)[name]!.defaultHost.signEvents([entry], null), [PAGE_GLOBAL, stockEntry(1)] as const),
  );
  expect(verifyEvent(first, { device: keys.device, previous: null }).ok).toBe(true);
  const message = Array.from(new TextEncoder().encode('Amina, +000 0000'));
  const sealed = value<unknown>(
    await page.evaluate(([name, bytes]) => (window as unknown as PageWindow)[name]!.defaultHost.seal(bytes), [PAGE_GLOBAL, message] as const),
  );

  await page.reload();
  await page.waitForFunction((name) => name in window, PAGE_GLOBAL);

  const status = value<{ device: string; issuer: string; agreement: string; session: unknown; head: unknown }>(
    await page.evaluate((name) => (window as unknown as PageWindow)[name]!.defaultHost.status(), PAGE_GLOBAL),
  );
  expect(status).toMatchObject({ device: keys.device, issuer: keys.issuer, agreement: keys.agreement, session: null });
  expect(status.head).toEqual({ seq: 1, id: eventId(first!) });
  const locked = await page.evaluate(([name, bytes]) => (window as unknown as PageWindow)[name]!.defaultHost.open(bytes), [PAGE_GLOBAL, sealed] as const);
  expect(locked).toMatch(/^locked: /);
  const wrong = await page.evaluate(([name, lead]) => (window as unknown as PageWindow)[name]!.defaultHost.unlock(lead, '9024'), [PAGE_GLOBAL, keys.lead] as const);
  expect(wrong).toMatchObject({ ok: false, code: 'bad-secret' });
  const session = value<{ operator: string }>(
    await page.evaluate(([name, lead, secret]) => (window as unknown as PageWindow)[name]!.defaultHost.unlock(lead, secret), [PAGE_GLOBAL, keys.lead, LEAD.secret] as const),
  );
  expect(session.operator).toBe(keys.lead);
  const opened = await page.evaluate(([name, blob]) => (window as unknown as PageWindow)[name]!.defaultHost.open(blob), [PAGE_GLOBAL, sealed] as const);
  expect(opened).toEqual(message);
  const [second] = value<SignedEvent[]>(
    await page.evaluate(
      ([name, entry, after]) => (window as unknown as PageWindow)[name]!.defaultHost.signEvents([entry], after),
      [PAGE_GLOBAL, stockEntry(2), { seq: 1, id: eventId(first!) }] as const,
    ),
  );
  expect(verifyEvent(second, { device: keys.device, previous: { seq: 1, id: eventId(first!) } }).ok).toBe(true);
  expect(problems).toEqual([]);
});

test('an old "aidtrail-vault" database is neither opened nor adopted: a new vault starts beside it', async ({ page, contractServer }) => {
  const problems = await openContractPage(page, contractServer);
  await page.evaluate((name) => (window as unknown as PageWindow)[name]!.defaultHost.writeLegacyDatabase(), PAGE_GLOBAL);
  const before = value<{ device: string | null }>(await page.evaluate((name) => (window as unknown as PageWindow)[name]!.defaultHost.status(), PAGE_GLOBAL));
  expect(before.device).toBeNull();
  const keys = value<{ device: string }>(await page.evaluate((name) => (window as unknown as PageWindow)[name]!.defaultHost.setUp(), PAGE_GLOBAL));
  expect(keys.device).toMatch(/^did:key:z6Mk/);
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name).sort());
  expect(databases).toEqual(['aidtrail-vault', 'aidtrail-vault-v2']);
  expect(problems).toEqual([]);
});

test('event signing rate of the browser host (through the HostApi, one event per call; each call writes the chain record first)', async ({ page, contractServer }) => {
  await openContractPage(page, contractServer);
  const rate = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.signRate(1000), PAGE_GLOBAL);
  const text = `${Math.round(rate.sequentialPerSecond)} events/s awaited one by one (${rate.events} events)`;
  test.info().annotations.push({ type: 'sign rate', description: text });
  console.log(`browser host event signing rate: ${text}`);
  // A floor far below the measured rate: a distribution (one event per handout) must not wait on the vault.
  expect(rate.sequentialPerSecond).toBeGreaterThan(20);
});

test('the production bundle does not contain the contract page nor its vault worker', async () => {
  const assets = join(rendererRoot, 'assets');
  const files = await readdir(assets);
  expect(files.filter((file) => file.includes('contract-vault-worker'))).toEqual([]);
  const scripts = files.filter((file) => file.endsWith('.js'));
  const code = (await Promise.all(scripts.map((file) => readFile(join(assets, file), 'utf8')))).join('\n');
  expect(code).not.toContain(PAGE_GLOBAL);
  expect(code).not.toContain('create is idempotent');
});
