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
 * `seal`, `open`, `siteKeyCreate`, `siteKeyWrap`, `siteKeyAccept`,
 * `siteKeys`) keeps the device's private keys and the site keys on the host
 * side: in the Electron build they never reach the renderer. Argument schemas
 * and limits shared by every host live in `./vault.ts`; the format of a
 * wrapped site key in `./vault-wrap.ts`.
 */
import type { DidKey } from './crypto/did-key';
import type { Err, Result } from './result';
import type { WrappedSiteKey } from './vault-wrap';

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

/**
 * The public keys of the vault. `agreement` is its X25519 key-agreement key
 * (RFC 7748; 32 raw bytes, base64url without padding): a team lead's vault
 * wraps the site key to it (`vault:site-key-wrap`), and only this vault can
 * unwrap it (`vault:site-key-accept`).
 */
export type VaultKeys = { readonly device: DidKey; readonly issuer: DidKey; readonly agreement: string };
/**
 * Which keys exist: all `null` before the first `vault:create`; `agreement`
 * also `null` in a vault created before agreement keys existed, until the
 * next `vault:create` adds it.
 */
export type VaultStatus = {
  readonly device: DidKey | null;
  readonly issuer: DidKey | null;
  readonly agreement: string | null;
};

export type SignRequest = {
  readonly key: VaultKeyName;
  /** At most `MAX_SIGN_BYTES` (256 KiB); the caller adds its domain prefix (e.g. `aidtrail/v1/event\n`). */
  readonly bytes: Uint8Array;
};

export type SealRequest = {
  /** At most `MAX_SEAL_PLAINTEXT_BYTES`, so that the blob fits `encryptedBlobSchema`. */
  readonly plaintext: Uint8Array;
  /**
   * A site key the vault holds (`sk-` and 16 hex digits), so that every
   * laptop of the site can open the blob; absent, the device's own data key
   * (`dk-…`), which only this vault holds.
   */
  readonly kid?: string | undefined;
  /**
   * 1–128 characters the blob is bound to (e.g. its household id): `open`
   * must name the same context, so a blob copied to another record does not
   * open there. Absent: no binding (the format of blobs sealed before contexts).
   */
  readonly context?: string | undefined;
};

/** `vault:site-key-wrap`: seal the site key `kid` to the X25519 public key `to` (a laptop's `agreement`, or HQ's escrow key). */
export type SiteKeyWrapRequest = {
  /** A site key this vault holds. */
  readonly kid: string;
  /** 32 bytes, base64url without padding (43 characters). */
  readonly to: string;
};

/**
 * AES-256-GCM ciphertext under the vault's data key or a site key: the `pii`
 * field of an enrolment (`encryptedBlobSchema` in shared/events/bodies.ts).
 * `iv` is 12 random bytes and `ct` is ciphertext ‖ 16-byte tag, both
 * base64url without padding; `kid` names the key. See `./vault.ts` for the AAD.
 */
export type SealedBlob = {
  readonly alg: 'A256GCM';
  readonly kid: string;
  readonly iv: string;
  readonly ct: string;
};

/** Codes of the `vault:*` channels, besides `IpcErrorCode`. */
export type VaultErrorCode =
  /**
   * Any call but `vault:status` and `vault:create` before `vault:create`;
   * `vault:seal` and `vault:site-key-wrap` naming a site key this vault does
   * not hold; `vault:site-key-accept` in a vault without an agreement key yet.
   */
  | 'no-key'
  /**
   * `vault:open`: wrong or unknown key (`kid`), another context, tampered iv
   * or ciphertext. `vault:site-key-accept`: not wrapped for this vault, altered,
   * or a different key under a kid this vault already holds.
   */
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
   * Creates the device and issuer Ed25519 keys, the 256-bit data key and the
   * X25519 agreement key, each if missing (so it also adds the agreement key
   * to an older vault). Idempotent: existing keys are returned, never replaced.
   */
  'vault:create': { readonly args: []; readonly result: VaultResult<VaultKeys> };
  /** A 64-byte Ed25519 signature (RFC 8032) of `bytes` by the named key. */
  'vault:sign': { readonly args: [request: SignRequest]; readonly result: VaultResult<Uint8Array> };
  /** Encrypts under the data key or the named site key, bound to the context, with a fresh random iv. */
  'vault:seal': { readonly args: [request: SealRequest]; readonly result: VaultResult<SealedBlob> };
  /**
   * Decrypts a blob sealed under a key this vault holds (its data key or a
   * site key, as `kid` says) with the same context; anything else is `cannot-decrypt`.
   */
  'vault:open': {
    readonly args: [blob: SealedBlob, context?: string | undefined];
    readonly result: VaultResult<Uint8Array>;
  };
  /** Makes and keeps a fresh random 256-bit site key under a fresh `sk-` id (the team lead's laptop, once per site). */
  'vault:site-key-create': { readonly args: []; readonly result: VaultResult<{ readonly kid: string }> };
  /**
   * The site key `kid` sealed to the X25519 key `to`, in the format of
   * `wrapSiteKey` (./vault-wrap.ts), for a `site-key` event. A low-order `to`
   * (no shared secret) is `invalid-args`, like a malformed one.
   */
  'vault:site-key-wrap': { readonly args: [request: SiteKeyWrapRequest]; readonly result: VaultResult<WrappedSiteKey> };
  /**
   * Unwraps a site key wrapped to this vault's agreement key and keeps it.
   * Accepting a key already held is ok; a key under a held kid is never replaced.
   */
  'vault:site-key-accept': { readonly args: [wrapped: WrappedSiteKey]; readonly result: VaultResult<{ readonly kid: string }> };
  /** The ids of the site keys this vault holds, to seal with (`SealRequest.kid`). */
  'vault:site-keys': { readonly args: []; readonly result: VaultResult<readonly string[]> };
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
  siteKeyCreate: 'vault:site-key-create',
  siteKeyWrap: 'vault:site-key-wrap',
  siteKeyAccept: 'vault:site-key-accept',
  siteKeys: 'vault:site-keys',
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
