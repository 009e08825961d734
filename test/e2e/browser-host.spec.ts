/**
 * The browser host in Debian Chromium: the HostApi contract
 * (renderer/src/host/host-contract.ts) against real IndexedDB and WebCrypto,
 * non-extractable keys, persistence across a reload, and signatures checked
 * outside the browser with the shared strict verifier.
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
import { verify } from '../../shared/crypto/ed25519';
import { didToPublicKey } from '../../shared/crypto/did-key';
import type { ContractPage } from '../../renderer/src/host/contract-page';
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

/** Opens the contract page and fails the test on any console error or page error. */
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

test('the browser host passes the HostApi contract in Chromium', async ({ page, contractServer }) => {
  const problems = await openContractPage(page, contractServer);
  const outcomes = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.run(), PAGE_GLOBAL);
  expect(outcomes.length).toBeGreaterThanOrEqual(10);
  for (const outcome of outcomes) {
    expect.soft(outcome, outcome.name).toEqual({ name: outcome.name, ok: true });
  }
  expect(problems).toEqual([]);
});

test('private keys are non-extractable CryptoKeys in the "aidtrail-vault" IndexedDB', async ({ page, contractServer }) => {
  const problems = await openContractPage(page, contractServer);
  const inspection = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.inspectDefaultVault(), PAGE_GLOBAL);
  expect(inspection.databases).toContain('aidtrail-vault');
  expect(inspection.rawBytes).toEqual([]);
  /** Both signing keys: Ed25519, sign only, and every export refused. */
  const signingKey = (what: string) => ({
    what,
    isCryptoKey: true,
    type: 'private',
    algorithm: 'Ed25519',
    extractable: false,
    usages: ['sign'],
    exports: { pkcs8: 'InvalidAccessError', jwk: 'InvalidAccessError', raw: 'InvalidAccessError' },
  });
  expect(inspection.keys).toEqual([
    signingKey('device private key'),
    signingKey('issuer private key'),
    {
      what: 'data key',
      isCryptoKey: true,
      type: 'secret',
      algorithm: 'AES-GCM',
      extractable: false,
      usages: ['encrypt', 'decrypt'],
      exports: { raw: 'InvalidAccessError', jwk: 'InvalidAccessError' },
    },
  ]);
  expect(problems).toEqual([]);
});

test('keys survive a reload, and their signatures verify outside the browser', async ({ page, contractServer }) => {
  const problems = await openContractPage(page, contractServer);
  const created = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.defaultHost.create(), PAGE_GLOBAL);
  expect(created).toMatchObject({ ok: true });
  const keys = (created as { value: { device: string; issuer: string } }).value;
  const message = Array.from(new TextEncoder().encode('aidtrail/v1/event\n{"v":1}'));
  const sealed = await page.evaluate(([name, bytes]) => (window as unknown as PageWindow)[name]!.defaultHost.seal(bytes), [PAGE_GLOBAL, message] as const);
  expect(sealed).toMatchObject({ ok: true, value: { alg: 'A256GCM' } });

  await page.reload();
  await page.waitForFunction((name) => name in window, PAGE_GLOBAL);

  const status = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.defaultHost.status(), PAGE_GLOBAL);
  expect(status).toEqual({ ok: true, value: keys });
  for (const key of ['device', 'issuer'] as const) {
    const signature = await page.evaluate(
      ([name, which, bytes]) => (window as unknown as PageWindow)[name]!.defaultHost.sign(which, bytes),
      [PAGE_GLOBAL, key, message] as const,
    );
    expect(Array.isArray(signature), String(signature)).toBe(true);
    const publicKey = didToPublicKey(keys[key]);
    expect(publicKey.ok && verify(Uint8Array.from(signature as number[]), Uint8Array.from(message), publicKey.value)).toBe(true);
  }
  const opened = await page.evaluate(
    ([name, blob]) => (window as unknown as PageWindow)[name]!.defaultHost.open(blob),
    [PAGE_GLOBAL, (sealed as { value: unknown }).value] as const,
  );
  expect(opened).toEqual(message);
  expect(problems).toEqual([]);
});

test('Ed25519 sign rate of the browser host (WebCrypto, through the HostApi)', async ({ page, contractServer }) => {
  await openContractPage(page, contractServer);
  const rate = await page.evaluate((name) => (window as unknown as PageWindow)[name]!.signRate(1000, 330), PAGE_GLOBAL);
  const text = `${Math.round(rate.sequentialPerSecond)}/s awaited one by one, ${Math.round(rate.batchedPerSecond)}/s in batches of 100 (${rate.messageBytes}-byte messages)`;
  test.info().annotations.push({ type: 'sign rate', description: text });
  console.log(`browser host sign rate: ${text}`);
  // A floor far below the measured rate: signing must not go through something slow (e.g. IndexedDB per call).
  expect(rate.sequentialPerSecond).toBeGreaterThan(500);
});

test('the production bundle does not contain the contract page', async () => {
  const assets = join(rendererRoot, 'assets');
  const scripts = (await readdir(assets)).filter((file) => file.endsWith('.js'));
  const code = (await Promise.all(scripts.map((file) => readFile(join(assets, file), 'utf8')))).join('\n');
  expect(code).not.toContain(PAGE_GLOBAL);
  expect(code).not.toContain('create is idempotent');
});
