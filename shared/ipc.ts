/**
 * The one typed contract between the renderer and its host: channel → args →
 * result. Every result is a `Result` envelope, so the renderer handles a
 * refused call as a value, never as a rejected promise.
 *
 * - `electron/main/ipc.ts` answers each channel and validates its arguments
 *   with zod (the schemas are typed against `IpcArgs`).
 * - `electron/preload/index.ts` exposes `HostApi` (derived here) as
 *   `window.aidtrail`, checked with `satisfies`.
 * - `renderer/src/host/` implements the same `HostApi` without Electron: the
 *   browser host (WebCrypto + IndexedDB) and an in-memory one for tests.
 *
 * The key vault (`vault:*`, HostApi `vaultStatus`, `vaultCreate`, `sign`,
 * `seal`, `open`) keeps the device's private keys on the host side: in the
 * Electron build they never reach the renderer. Argument schemas and limits
 * shared by every host live in `./vault.ts`.
 */
import type { DidKey } from './crypto/did-key';
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

/** The two Ed25519 keys of a device's vault. */
export type VaultKeyName =
  /** Signs the device's events and batches; HQ certifies it (`device-cert`). */
  | 'device'
  /** The site's credential issuer: signs household credentials (eddsa-jcs-2022). */
  | 'issuer';

/** Which keys exist: `null` before the first `vault:create`. */
export type VaultStatus = { readonly device: DidKey | null; readonly issuer: DidKey | null };
export type VaultKeys = { readonly device: DidKey; readonly issuer: DidKey };

export type SignRequest = {
  readonly key: VaultKeyName;
  /** At most `MAX_SIGN_BYTES` (256 KiB); the caller adds its domain prefix (e.g. `aidtrail/v1/event\n`). */
  readonly bytes: Uint8Array;
};

export type SealRequest = {
  /** At most `MAX_SEAL_PLAINTEXT_BYTES`, so that the blob fits `encryptedBlobSchema`. */
  readonly plaintext: Uint8Array;
};

/**
 * AES-256-GCM ciphertext under the vault's data key: the `pii` field of an
 * enrolment (`encryptedBlobSchema` in shared/events/bodies.ts). `iv` is 12
 * random bytes and `ct` is ciphertext ‖ 16-byte tag, both base64url without
 * padding; `kid` names the data key. See `./vault.ts` for the AAD.
 */
export type SealedBlob = {
  readonly alg: 'A256GCM';
  readonly kid: string;
  readonly iv: string;
  readonly ct: string;
};

/** Codes of the `vault:*` channels, besides `IpcErrorCode`. */
export type VaultErrorCode =
  /** `vault:sign`, `vault:seal`, `vault:open` before `vault:create`. */
  | 'no-key'
  /** `vault:open`: wrong or unknown key (`kid`), tampered iv or ciphertext. */
  | 'cannot-decrypt'
  /**
   * The host cannot protect keys here (Electron: `safeStorage` unavailable, or
   * Linux without a keyring; browser: no IndexedDB or no Ed25519 in WebCrypto).
   * Nothing is created; the message says what to fix.
   */
  | 'vault-unavailable'
  /**
   * Keys exist but cannot be read (a damaged key file, a changed OS keyring).
   * They are never replaced: that would lose the device identity and every
   * sealed record.
   */
  | 'vault-unreadable';

type VaultResult<T> = Result<T, IpcErrorCode | VaultErrorCode>;

export interface IpcContract {
  'app:get-info': { readonly args: []; readonly result: Result<AppInfo, IpcErrorCode> };
  /** The did:keys of the vault's keys, `null` before the first create; reads no private key. */
  'vault:status': { readonly args: []; readonly result: VaultResult<VaultStatus> };
  /**
   * Creates the device and issuer Ed25519 keys and the 256-bit data key if
   * missing. Idempotent: once keys exist it returns them and never replaces them.
   */
  'vault:create': { readonly args: []; readonly result: VaultResult<VaultKeys> };
  /** A 64-byte Ed25519 signature (RFC 8032) of `bytes` by the named key. */
  'vault:sign': { readonly args: [request: SignRequest]; readonly result: VaultResult<Uint8Array> };
  /** Encrypts under the data key with a fresh random iv. */
  'vault:seal': { readonly args: [request: SealRequest]; readonly result: VaultResult<SealedBlob> };
  /** Decrypts a blob sealed by this vault; anything else is `cannot-decrypt`. */
  'vault:open': { readonly args: [blob: SealedBlob]; readonly result: VaultResult<Uint8Array> };
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
  vaultStatus: 'vault:status',
  vaultCreate: 'vault:create',
  sign: 'vault:sign',
  seal: 'vault:seal',
  open: 'vault:open',
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
