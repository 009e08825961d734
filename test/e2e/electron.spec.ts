/**
 * The desktop app through Playwright's Electron driver. Runs only where the
 * Electron binary is installed (and, on Linux, a display exists); otherwise
 * every test here is reported as skipped, with the reason.
 */
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
    app = await electron.launch({ executablePath: binary.path, args: [projectRoot], cwd: projectRoot });
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
});
