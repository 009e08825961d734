/**
 * TEST-ONLY worker entry, started by ./contract-page.ts (never by the app, so
 * never in out/renderer): the vault's worker (./vault-worker.ts) as the
 * HostApi contract needs it. The same host and the same handler, with what
 * the contract page gives the page's host: the check's database (the
 * worker's `name`), cheap Argon2id, no idle timer, and the check's clock,
 * which the page posts before each call as `{ clock: ms }` (no call id, so the
 * vault's handler ignores it).
 */
import { SMALL_KDF } from '../../../shared/vault/test-support';
import { createBrowserHost } from './browser-host';
import { serveVault, type VaultWorkerScope } from './vault-worker-handler';

export type ContractClockMessage = { readonly clock: number };

function serveContractVault(scope: VaultWorkerScope & { readonly name: string }): void {
  let at: number | undefined;
  scope.addEventListener('message', ({ data }) => {
    const clock = (data as Partial<ContractClockMessage> | null)?.clock;
    if (typeof clock === 'number') at = clock;
  });
  const now = (): Date => (at === undefined ? new Date() : new Date(at));
  serveVault(scope, createBrowserHost({ dbName: scope.name, kdf: SMALL_KDF, idleCheckMs: 0, now }));
}

serveContractVault(globalThis as unknown as VaultWorkerScope & { readonly name: string });
