/**
 * The one typed contract between the renderer and its host: channel → args →
 * result. Every result is a `Result` envelope, so the renderer handles a
 * refused call as a value, never as a rejected promise.
 *
 * - `electron/main/ipc.ts` answers each channel and validates its arguments
 *   with zod (the schemas are typed against `IpcArgs`).
 * - `electron/preload/index.ts` exposes `HostApi` (derived here) as
 *   `window.aidtrail`, checked with `satisfies`.
 * - The browser host (later) implements the same `HostApi`.
 */
import type { Err, Result } from './result';

export type AppInfo = {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
};

/** Codes any channel may answer with, besides its own. */
export type IpcErrorCode =
  /** The arguments did not match the channel's schema. */
  | 'invalid-args'
  /** The call came from a frame that is not the app. */
  | 'forbidden'
  /** The handler failed; a bug, logged in the main process. */
  | 'internal';

export interface IpcContract {
  'app:get-info': { readonly args: []; readonly result: Result<AppInfo, IpcErrorCode> };
}

export type IpcChannel = keyof IpcContract;
export type IpcArgs<C extends IpcChannel> = IpcContract[C]['args'];
export type IpcResult<C extends IpcChannel> = IpcContract[C]['result'];

type AssertTrue<T extends true> = T;
/** Compile-time check: every channel can answer with the common error codes. */
export type EveryResultAdmitsIpcErrors = AssertTrue<
  { [C in IpcChannel]: Err<IpcErrorCode> extends IpcResult<C> ? true : false }[IpcChannel]
>;

/** The name under which the preload exposes the host API on `window`. */
export const HOST_API_GLOBAL = 'aidtrail';

/** HostApi method name → channel. The only runtime part of the contract. */
export const hostApiChannels = {
  getInfo: 'app:get-info',
} as const satisfies Record<string, IpcChannel>;

export type HostApiMethod = keyof typeof hostApiChannels;

/** Compile-time check: every channel of the contract has a HostApi method. */
type AssertNever<T extends never> = T;
export type EveryChannelExposed = AssertNever<Exclude<IpcChannel, (typeof hostApiChannels)[HostApiMethod]>>;

/** What the renderer sees: one async function per channel, named in `hostApiChannels`. */
export type HostApi = {
  readonly [M in HostApiMethod]: (
    ...args: IpcArgs<(typeof hostApiChannels)[M]>
  ) => Promise<IpcResult<(typeof hostApiChannels)[M]>>;
};

/** Every channel of the contract, for the main process to register. */
export const ipcChannels: readonly IpcChannel[] = Object.values(hostApiChannels);
