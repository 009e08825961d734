/**
 * Electron main process: guards first, then IPC, then the one window.
 * Policy lives in `../security*.ts` and `./ipc.ts`; this file only wires.
 */
import { app, BrowserWindow, ipcMain, Menu, powerMonitor, protocol, safeStorage, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { applyApplicationMenu, guardApp, guardSession, secureWebPreferences } from '../security';
import { APP_ENTRY, APP_SCHEME } from '../security-policy';
import { APP_PROTOCOL_SCHEME, createAppProtocolHandler } from './app-protocol';
import { ConnectPolicy } from './connect-policy';
import { startDesktopVault } from './desktop-vault';
import { registerIpcHandlers } from './ipc';
import { readNetworkSources } from './network-config';
import { parseSignalingAddress, SignalingHost } from './signaling';

// Layout of the build (electron.vite.config.ts): out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));

const build = { packaged: app.isPackaged };
// electron-vite dev sets this to the Vite dev server; a packaged app never uses it.
const devServerUrl = build.packaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const appEntry = devServerUrl ?? APP_ENTRY;
// The team lead's laptop hosts the LAN signaling service when asked at launch.
const signalingArg = process.argv.find((a) => a.startsWith('--signaling='))?.slice('--signaling='.length) ?? process.env['AIDTRAIL_SIGNALING'];

app.enableSandbox();
// Only before ready: a scheme's privileges are fixed when the first session starts.
protocol.registerSchemesAsPrivileged([APP_PROTOCOL_SCHEME]);
guardApp(app, appEntry, build);

/**
 * connect-src: network.json in userData, AIDTRAIL_HQ_URL, and the signaling
 * service this laptop hosts; a signed-in operator adds to it (`network:allow`).
 */
function connectPolicy(mode: 'production' | 'development'): ConnectPolicy {
  const hostedSignaling = signalingArg === undefined ? undefined : parseSignalingAddress(signalingArg);
  const userData = app.getPath('userData');
  const sources = readNetworkSources({ userData, env: process.env, hostedSignaling });
  return new ConnectPolicy({ userData, mode, sources, log: (message) => console.warn(message) });
}

function createWindow(policy: ConnectPolicy): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Aidtrail',
    webPreferences: secureWebPreferences(preloadPath, build),
  });
  win.once('ready-to-show', () => win.show());
  // A new document gets the CSP of this moment: what `network:allow` answers about reloading follows it.
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) policy.pageLoading();
  });
  void win.loadURL(appEntry);
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
    const mode = devServerUrl !== undefined ? 'development' : 'production';
    // Read per response: a page loaded after an operator allowed an address gets the policy listing it.
    const policy = connectPolicy(mode);
    const csp = () => policy.csp();
    guardSession(session.defaultSession, csp, appEntry);
    protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: rendererRoot, csp }));
    applyApplicationMenu(Menu, build);
    // safeStorage is usable once the app is ready; the private keys stay in this process.
    // The vault locks after 10 idle minutes, on 'lock-screen' and 'suspend', and when every window closed (./desktop-vault.ts).
    const { vault } = startDesktopVault({
      userData: app.getPath('userData'),
      safeStorage,
      platform: process.platform,
      powerMonitor,
      app,
      log: (message, cause) => console.warn(message, ...(cause === undefined ? [] : [cause])),
    });
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
        network: policy,
      },
      logError: (message, cause) => console.error(message, cause),
    });
    createWindow(policy);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow(policy);
    });
  });
}

// One instance per user: a second one would share the same local data.
if (app.requestSingleInstanceLock()) {
  start();
} else {
  app.quit();
}
