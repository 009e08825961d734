/**
 * Electron main process: guards first, then IPC, then the one window.
 * Policy lives in `../security*.ts` and `./ipc.ts`; this file only wires.
 */
import { app, BrowserWindow, ipcMain, safeStorage, session } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { guardApp, guardSession, secureWebPreferences } from '../security';
import { registerIpcHandlers } from './ipc';
import { KeyVault, keyVaultPath, safeStorageSecretStore } from './key-vault';
import { parseSignalingAddress, SignalingHost } from './signaling';

// Layout of the build (electron.vite.config.ts): out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererIndex = fileURLToPath(new URL('../renderer/index.html', import.meta.url));

// electron-vite dev sets this to the Vite dev server; a packaged app never uses it.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const appEntry = devServerUrl ?? pathToFileURL(rendererIndex).href;

app.enableSandbox();
guardApp(app, appEntry);

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Aidtrail',
    webPreferences: secureWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  if (devServerUrl !== undefined) {
    void win.loadURL(devServerUrl);
  } else {
    void win.loadFile(rendererIndex);
  }
  return win;
}

function start(): void {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    guardSession(session.defaultSession, devServerUrl !== undefined ? 'development' : 'production', appEntry);
    // safeStorage is usable once the app is ready; the private keys stay in this process.
    const vault = new KeyVault(
      safeStorageSecretStore({ safeStorage, path: keyVaultPath(app.getPath('userData')), platform: process.platform }),
      { log: (message, cause) => console.warn(message, cause) },
    );
    // The team lead's laptop hosts the LAN signaling service when asked at launch.
    const signalingArg = process.argv.find((a) => a.startsWith('--signaling='))?.slice('--signaling='.length) ?? process.env['AIDTRAIL_SIGNALING'];
    if (signalingArg !== undefined) {
      const address = parseSignalingAddress(signalingArg);
      if (address === undefined) console.warn(`aidtrail: ignoring the signaling address ${JSON.stringify(signalingArg)} (expected HOST:PORT)`);
      else {
        const signaling = new SignalingHost();
        void signaling.start(address).then((server) => console.warn(`aidtrail: LAN signaling at ${server.url}`));
        app.on('before-quit', () => void signaling.stop());
      }
    }
    registerIpcHandlers(ipcMain, {
      appEntry,
      deps: {
        appInfo: () => ({ name: app.getName(), version: app.getVersion(), platform: process.platform }),
        vault,
      },
      logError: (message, cause) => console.error(message, cause),
    });
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
}

// One instance per user: a second one would share the same local data.
if (app.requestSingleInstanceLock()) {
  start();
} else {
  app.quit();
}
