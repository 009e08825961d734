/**
 * The browser build's vault in a dedicated worker (issue 14), as the desktop
 * app's is in the main process: Argon2id, sealing and signing never take the
 * page's thread, and the keys live in this worker's heap, not the page's.
 * It builds exactly the page's browser host (./browser-host.ts: the vault
 * over IndexedDB, WebCrypto signing, one tab at a time under a Web Lock, the
 * idle check) and answers the page's calls through it
 * (./vault-worker-handler.ts). Only the page that started it can post to it.
 */
import { createBrowserHost } from './browser-host';
import { serveVault, type VaultWorkerScope } from './vault-worker-handler';

serveVault(globalThis as unknown as VaultWorkerScope, createBrowserHost());
