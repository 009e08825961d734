/**
 * The main-process side of `shared/ipc.ts`: one handler per channel, each
 * with a zod schema for its arguments. Nothing from the renderer reaches a
 * handler unchecked: the sender must be the app (not another page a bug let
 * in) and the arguments must parse.
 *
 * Only types come from `electron` here, so `dispatch` is tested without it.
 */
import type { IpcMain } from 'electron';
import { z } from 'zod';
import {
  ipcChannels,
  type AppInfo,
  type IpcArgs,
  type IpcChannel,
  type IpcErrorCode,
  type IpcResult,
} from '../../shared/ipc';
import { allowAddressArgsSchema } from '../../shared/network';
import { err, ok, type Err } from '../../shared/result';
import { vaultArgSchemas, type VaultApi } from '../../shared/vault';
import { isTrustedIpcSender } from '../security-policy';
import type { AddressAllower } from './connect-policy';

/** What handlers may touch: passed in, so tests need no Electron. */
export type IpcDeps = {
  readonly appInfo: () => AppInfo;
  /** The key vault (shared/vault/vault.ts over `./vault-store.ts`); it receives arguments already parsed. */
  readonly vault: VaultApi;
  /** The page's connect-src (`./connect-policy.ts`): `network:allow` widens it once the vault has a session. */
  readonly network: AddressAllower;
};

type ChannelHandler<C extends IpcChannel> = {
  readonly args: z.ZodType<IpcArgs<C>>;
  readonly handle: (deps: IpcDeps, ...args: IpcArgs<C>) => IpcResult<C> | Promise<IpcResult<C>>;
};

/** A mapped type, so a channel added to the contract without a handler fails to compile. */
const handlers: { readonly [C in IpcChannel]: ChannelHandler<C> } = {
  'app:get-info': {
    args: z.tuple([]),
    handle: (deps) => ok(deps.appInfo()),
  },
  // Byte arguments arrive as Uint8Array (structured clone); the schemas bound their size and depth.
  'vault:status': { args: vaultArgSchemas['vault:status'], handle: (deps) => deps.vault.vaultStatus() },
  'vault:create': { args: vaultArgSchemas['vault:create'], handle: (deps) => deps.vault.vaultCreate() },
  'vault:unlock': { args: vaultArgSchemas['vault:unlock'], handle: (deps, request) => deps.vault.unlock(request) },
  'vault:lock': { args: vaultArgSchemas['vault:lock'], handle: (deps) => deps.vault.lock() },
  'vault:approve': { args: vaultArgSchemas['vault:approve'], handle: (deps, request) => deps.vault.approve(request) },
  'vault:operator-add': {
    args: vaultArgSchemas['vault:operator-add'],
    handle: (deps, request) => deps.vault.operatorAdd(request),
  },
  'vault:operator-update': {
    args: vaultArgSchemas['vault:operator-update'],
    handle: (deps, request) => deps.vault.operatorUpdate(request),
  },
  'vault:operator-reset': {
    args: vaultArgSchemas['vault:operator-reset'],
    handle: (deps, request) => deps.vault.operatorReset(request),
  },
  'vault:operator-profile': {
    args: vaultArgSchemas['vault:operator-profile'],
    handle: (deps, request) => deps.vault.operatorProfile(request),
  },
  'vault:operator-import': {
    args: vaultArgSchemas['vault:operator-import'],
    handle: (deps, entries) => deps.vault.operatorImport(entries),
  },
  'vault:sign-events': { args: vaultArgSchemas['vault:sign-events'], handle: (deps, entries, after) => deps.vault.signEvents(entries, after) },
  'vault:signed-batch': { args: vaultArgSchemas['vault:signed-batch'], handle: (deps, request) => deps.vault.signedBatch(request) },
  'vault:sign-batch': { args: vaultArgSchemas['vault:sign-batch'], handle: (deps, header) => deps.vault.signBatch(header) },
  'vault:issue-credential': {
    args: vaultArgSchemas['vault:issue-credential'],
    handle: (deps, request) => deps.vault.issueCredential(request),
  },
  'vault:seal': { args: vaultArgSchemas['vault:seal'], handle: (deps, request) => deps.vault.seal(request) },
  'vault:seal-many': { args: vaultArgSchemas['vault:seal-many'], handle: (deps, requests) => deps.vault.sealMany(requests) },
  'vault:open': { args: vaultArgSchemas['vault:open'], handle: (deps, blob, context) => deps.vault.open(blob, context) },
  'vault:open-many': { args: vaultArgSchemas['vault:open-many'], handle: (deps, requests) => deps.vault.openMany(requests) },
  'vault:site-key-create': { args: vaultArgSchemas['vault:site-key-create'], handle: (deps) => deps.vault.siteKeyCreate() },
  'vault:site-key-wrap': {
    args: vaultArgSchemas['vault:site-key-wrap'],
    handle: (deps, request) => deps.vault.siteKeyWrap(request),
  },
  'vault:site-key-accept': {
    args: vaultArgSchemas['vault:site-key-accept'],
    handle: (deps, wrapped) => deps.vault.siteKeyAccept(wrapped),
  },
  'vault:site-keys': { args: vaultArgSchemas['vault:site-keys'], handle: (deps) => deps.vault.siteKeys() },
  // Any signed-in operator, never a locked kit: the session is the vault's, read (not touched) here.
  'network:allow': {
    args: allowAddressArgsSchema,
    handle: async (deps, request) => {
      const status = await deps.vault.vaultStatus();
      if (!status.ok || !status.value.session) return err('locked', 'network:allow: sign in first; a locked kit allows no address');
      return deps.network.allow(request.url, request.kind);
    },
  },
};

export type DispatchOptions = {
  readonly deps: IpcDeps;
  /** The URL the app was loaded from (dev server origin or the built index.html). */
  readonly appEntry: string;
  readonly logError?: (message: string, cause: unknown) => void;
};

/** Answers one call: sender check, argument validation, handler, and a `Result` for every outcome. */
export async function dispatch<C extends IpcChannel>(
  channel: C,
  senderUrl: string | undefined,
  rawArgs: readonly unknown[],
  options: DispatchOptions,
): Promise<IpcResult<C> | Err<IpcErrorCode>> {
  if (!isTrustedIpcSender(senderUrl, options.appEntry)) {
    return err('forbidden', `${channel} refused: the caller is not the app`);
  }
  const handler: ChannelHandler<C> = handlers[channel];
  const parsed = handler.args.safeParse(rawArgs);
  if (!parsed.success) {
    return err('invalid-args', `${channel}: ${z.prettifyError(parsed.error)}`);
  }
  try {
    return await handler.handle(options.deps, ...parsed.data);
  } catch (cause) {
    options.logError?.(`IPC handler ${channel} failed`, cause);
    return err('internal', `${channel} failed; see the application log`);
  }
}

/** Registers a handler for every channel of the contract. */
export function registerIpcHandlers(ipcMain: IpcMain, options: DispatchOptions): void {
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, (event, ...rawArgs: unknown[]) =>
      dispatch(channel, event.senderFrame?.url, rawArgs, options),
    );
  }
}
