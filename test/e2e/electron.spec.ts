/**
 * The desktop app through Playwright's Electron driver. Runs only where the
 * Electron binary is installed (and, on Linux, a display exists); otherwise
 * every test here is reported as skipped, with the reason.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { displayAvailability, findElectronBinary } from '../../bin/electron-binary.mjs';
import type { HostApi } from '../../shared/ipc';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const binary = findElectronBinary(projectRoot);
const display = displayAvailability();
const skipReason = !binary.found
  ? 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): Electron e2e skipped'
  : !display.available
    ? `No display for Electron (${display.reason}): Electron e2e skipped`
    : undefined;

test.describe('Electron app', () => {
  test.skip(skipReason !== undefined, skipReason);

  let app: ElectronApplication;

  test.beforeAll(async () => {
    if (!binary.found) return;
    // `.`: package.json's main is out/main/index.js (built by `npm run build`).
    // A fresh profile: the vault starts empty (issue 13's test below sets it up).
    const userData = mkdtempSync(join(tmpdir(), 'aidtrail-electron-'));
    app = await electron.launch({ executablePath: binary.path, args: [projectRoot, `--user-data-dir=${userData}`], cwd: projectRoot });
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('opens the Aidtrail window with a working, isolated HostApi', async () => {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Aidtrail');
    await expect(page.getByRole('heading', { level: 1, name: 'Aidtrail' })).toBeVisible();

    const info = await page.evaluate(() => (window as unknown as { aidtrail?: HostApi }).aidtrail?.getInfo());
    expect(info).toMatchObject({ ok: true, value: { name: expect.any(String), version: expect.any(String) } });

    const leaks = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    }));
    expect(leaks).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });

    await page.screenshot({ path: test.info().outputPath('aidtrail-electron.png') });
  });

  test('the vault in main signs only while unlocked: unlock → sign → lock → refused', async () => {
    const page = await app.firstWindow();
    const steps = await page.evaluate(async () => {
      const host = (window as unknown as { aidtrail: HostApi }).aidtrail;
      const keys = await host.vaultCreate();
      if (!keys.ok) return { failed: keys };
      const added = await host.operatorAdd({ name: 'E2E Lead', role: 'team-lead', secret: '2468' });
      if (!added.ok) return { failed: added };
      const entry = (qty: number) => ({
        type: 'stock' as const,
        at: new Date().toISOString(),
        body: { direction: 'received' as const, items: [{ code: 'rice', qty, unit: 'kg' }] },
      });
      const signed = await host.signEvents([entry(1), entry(2)], null);
      await host.lock();
      const refused = await host.signEvents([entry(3)]);
      const lostWhileLocked = await host.signedBatch({ after: 0 });
      const wrong = await host.unlock({ operator: added.value.id, secret: '9753' });
      const right = await host.unlock({ operator: added.value.id, secret: '2468' });
      const batch = await host.signedBatch({ after: 0 });
      return {
        signed: signed.ok ? signed.value.map((e) => [e.seq, e.device === keys.value.device]) : signed.code,
        refused: refused.ok ? 'signed' : refused.code,
        lostWhileLocked: lostWhileLocked.ok ? 'answered' : lostWhileLocked.code,
        wrong: wrong.ok ? 'unlocked' : wrong.code,
        right: right.ok,
        // The batch crosses IPC back as it was signed.
        batch: batch.ok && signed.ok ? JSON.stringify(batch.value) === JSON.stringify(signed.value) : false,
      };
    });
    expect(steps).toEqual({
      signed: [
        [1, true],
        [2, true],
      ],
      refused: 'locked',
      lostWhileLocked: 'locked',
      wrong: 'bad-secret',
      right: true,
      batch: true,
    });
  });
});
