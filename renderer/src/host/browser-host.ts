/**
 * The `HostApi` of the renderer in a plain browser (no Electron preload): the
 * one vault (shared/vault/vault.ts `Vault`) over IndexedDB records sealed
 * under a non-extractable WebCrypto key (./browser-store.ts, whose comment
 * says why this device layer is weak and why an old browser vault is not
 * adopted). The browser build is for training; a banner says so. The
 * device key signs through WebCrypto (./webcrypto-signing.ts, issue 14).
 *
 * `createBrowserHost` is the one place this vault is built: the kit runs it in
 * a dedicated worker (./vault-worker.ts, reached through ./worker-host.ts),
 * and on the page's thread where there is no worker or the worker failed.
 *
 * Tabs: the vault assumes it is its store's only writer, so every call here
 * holds an exclusive Web Lock on the database while it runs (where the
 * browser has `navigator.locks`): two tabs of the app take turns, and each
 * has its own session (each tab signs in).
 */
import { hostApiChannels, type AppInfo, type HostApi, type HostApiMethod } from '../../../shared/ipc';
import type { VaultApi, VaultMethod } from '../../../shared/vault';
import type { KdfCost } from '../../../shared/vault/crypto';
import { Vault } from '../../../shared/vault/vault';
import { indexedDbVaultStore, VAULT_DB_NAME } from './browser-store';
import { hostFromVault } from './vault-host';
import { webCryptoAes } from './webcrypto-aes';
import { webCryptoSigning } from './webcrypto-signing';

export { LEGACY_VAULT_DB_NAME, VAULT_DB_NAME } from './browser-store';

export const BROWSER_HOST_INFO: AppInfo = { name: 'aidtrail', version: 'web', platform: 'browser' };

/** How often the idle lock is checked besides on every call (it zeroes the keys of an idle session). */
export const IDLE_CHECK_MS = 30_000;

export type BrowserHostOptions = {
  /** Default `globalThis.indexedDB`; tests pass another factory (fake-indexeddb). */
  readonly indexedDB?: IDBFactory;
  /** Default `aidtrail-vault-v2`; tests use one database per case. */
  readonly dbName?: string;
  /** Argon2id cost of new operator slots; default the vault's (RFC 9106 option 2). Tests pass tiny ones. */
  readonly kdf?: KdfCost;
  readonly now?: () => Date;
  readonly idleLockMs?: number;
  /** Milliseconds between idle checks; 0 for none (tests). Default `IDLE_CHECK_MS`. */
  readonly idleCheckMs?: number;
  /** Default `navigator.locks` where there is one; `null` for none. */
  readonly locks?: LockManager | null;
  readonly appInfo?: AppInfo;
  readonly logError?: (message: string, cause: unknown) => void;
  /** The vault's notes (lock-outs, idle locks); default `console.warn`. */
  readonly log?: (message: string) => void;
};

type VaultCall = (...args: readonly unknown[]) => Promise<unknown>;

/** The vault's HostApi methods, each run under the exclusive Web Lock `name`. */
function oneTabAtATime(vault: Vault, locks: LockManager, name: string): VaultApi {
  const methods = (Object.keys(hostApiChannels) as HostApiMethod[]).filter(
    (method): method is VaultMethod => method !== 'getInfo' && method !== 'allowAddress',
  );
  return Object.fromEntries(
    methods.map((method) => {
      const call = (vault[method] as VaultCall).bind(vault);
      return [method, (...args: readonly unknown[]) => locks.request(name, { mode: 'exclusive' }, () => call(...args))];
    }),
  ) as unknown as VaultApi;
}

const defaultLocks = (): LockManager | null =>
  typeof navigator !== 'undefined' && typeof navigator.locks?.request === 'function' ? navigator.locks : null;

export function createBrowserHost(options: BrowserHostOptions = {}): HostApi {
  const dbName = options.dbName ?? VAULT_DB_NAME;
  const store = indexedDbVaultStore({ ...(options.indexedDB && { indexedDB: options.indexedDB }), dbName });
  const logError = options.logError ?? ((message, cause) => console.error(message, cause));
  const vault = new Vault({
    store,
    ...(options.kdf && { kdf: options.kdf }),
    ...(options.now && { now: options.now }),
    ...(options.idleLockMs !== undefined && { idleLockMs: options.idleLockMs }),
    log: options.log ?? ((message) => console.warn(message)),
    nativeSigning: webCryptoSigning(),
    nativeAes: webCryptoAes(),
  });
  const idleCheckMs = options.idleCheckMs ?? IDLE_CHECK_MS;
  if (idleCheckMs > 0) setInterval(() => vault.lockIfIdle(), idleCheckMs);
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  return hostFromVault(locks ? oneTabAtATime(vault, locks, `aidtrail-vault:${dbName}`) : vault, {
    appInfo: options.appInfo ?? BROWSER_HOST_INFO,
    logError,
  });
}
