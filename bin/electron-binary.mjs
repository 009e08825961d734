// @ts-check
/**
 * Finds the Electron executable WITHOUT side effects.
 *
 * `require('electron')` is not used for this: in electron ≥ 42 its index.js
 * starts a download of the binary when it is missing (measured here: it runs
 * node_modules/electron/install.js, prints a stack trace from @electron/get
 * and throws "Electron failed to install correctly"). A launcher must not
 * download 100 MB as a side effect, so this mirrors index.js's lookup
 * (ELECTRON_OVERRIDE_DIST_PATH, then path.txt → dist/<path>) read-only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @typedef {{ found: true, path: string } | { found: false, reason: string }} ElectronBinary
 */

/**
 * @param {string} [fromDir] where to resolve the `electron` package from (default: this repository)
 * @returns {ElectronBinary}
 */
export function findElectronBinary(fromDir) {
  const require = createRequire(fromDir ? join(fromDir, 'noop.js') : import.meta.url);
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const path = join(override, relative || 'electron');
    return existsSync(path)
      ? { found: true, path }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${path} does not exist` };
  }
  if (relative === undefined) {
    return {
      found: false,
      reason:
        'the Electron binary is not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed)',
    };
  }
  const path = join(packageDir, 'dist', relative);
  return existsSync(path)
    ? { found: true, path }
    : { found: false, reason: `the Electron binary ${path} is missing (a failed or partial download)` };
}

/**
 * Whether a window can be shown: on Linux an X11 or Wayland display must be
 * set; macOS and Windows always have one.
 *
 * @returns {{ available: true } | { available: false, reason: string }}
 */
export function displayAvailability() {
  if (process.platform !== 'linux') return { available: true };
  if (process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']) return { available: true };
  return { available: false, reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
}
