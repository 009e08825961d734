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
 * The key vault (`vault:*`) keeps the device's private keys and the site
 * keys on the host side: in the Electron build they never reach the
 * renderer. It offers operations, not primitives (issue 13): it signs events,
 * batch headers and credentials whose bytes it builds itself, never bytes a
 * caller chose, and every operation but `status`, `create`, `unlock` and
 * `lock` refuses (`locked`) until an operator's secret unlocked it. One
 * implementation serves every host: `./vault/` (pure), over a host's record
 * store. Its argument and result types are in `./vault-types.ts` (re-exported
 * here), its argument schemas and limits in `./vault.ts`; the format of a
 * wrapped site key in `./vault-wrap.ts`.
 *
 * `network:allow` widens the desktop page's `connect-src` by one address a
 * signed-in operator uses (HQ's ledger, the lead's signaling service); its
 * argument schema and limits live in `./network.ts`.
 */
import type { SignedCredential } from './credentials/credential';
import type { NewEventEntry, SignedEvent } from './events/envelope';
import type { BatchHeader } from './ledger/batch';
import type { Err, Result } from './result';
import type { WrappedSiteKey } from './vault-wrap';
import type {
  VaultKeys,
  OperatorRole,
  VaultSession,
  ChainHead,
  VaultStatus,
  UnlockRequest,
  OperatorAddRequest,
  OperatorProfileRequest,
  OperatorUpdateRequest,
  DirectoryImportEntry,
  DirectoryImportResult,
  CredentialRequest,
  SealRequest,
  OpenRequest,
  OpenedBlob,
  SiteKeyWrapRequest,
  SealedBlob,
  VaultErrorCode,
} from './vault-types';

export type * from './vault-types';

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

type VaultResult<T> = Result<T, IpcErrorCode | VaultErrorCode>;

/** Which kind of address `network:allow` adds: HQ's ledger (http/https) or a LAN signaling service (ws/wss). */
export type NetworkAddressKind = 'hq' | 'lan';

export type AllowAddressRequest = {
  /** One origin, `scheme://host[:port]` (at most `MAX_ADDRESS_LENGTH` characters, ./network.ts). */
  readonly url: string;
  readonly kind: NetworkAddressKind;
};

export type AllowAddressAnswer = {
  /** Whether the address is new to this laptop's policy (and was saved). */
  readonly added: boolean;
  /**
   * Whether the page must reload before it can reach the address: a CSP
   * applies to a document as it was served, so only a page loaded after the
   * address was allowed may connect to it.
   */
  readonly reload: boolean;
};

/** Codes of `network:allow`, besides `IpcErrorCode`. */
export type AllowAddressErrorCode =
  /** No operator is signed in: a locked kit widens nothing. */
  | 'locked'
  /** Not one origin of the kind's schemes, or this laptop allows as many addresses as it may; the message says which. */
  | 'invalid';

export interface IpcContract {
  'app:get-info': { readonly args: []; readonly result: Result<AppInfo, IpcErrorCode> };
  /** Public keys, session, roster and chain head; reads no operator-gated key. Answered while locked. */
  'vault:status': { readonly args: []; readonly result: VaultResult<VaultStatus> };
  /**
   * Creates the device key, the issuer key, the data key, the agreement key
   * and the vault key that operator secrets wrap, each if missing. Idempotent:
   * existing keys are returned, never replaced. Answered while locked (it
   * returns public keys only); the vault's first operator is then added with
   * `vault:operator-add`, which signs them in.
   */
  'vault:create': { readonly args: []; readonly result: VaultResult<VaultKeys> };
  /** Checks the operator's secret (Argon2id) and unwraps the vault key: the session begins. Backs off and locks out. */
  'vault:unlock': { readonly args: [request: UnlockRequest]; readonly result: VaultResult<VaultSession> };
  /** Ends the session and forgets every unwrapped key. Always succeeds. */
  'vault:lock': { readonly args: []; readonly result: VaultResult<void> };
  /**
   * A team lead's approval on a signed-in laptop (a void, a settlement, a day
   * close): checks that operator's secret with the same back-off as unlock,
   * without changing the session.
   */
  'vault:approve': { readonly args: [request: UnlockRequest]; readonly result: VaultResult<{ readonly operator: string; readonly role: OperatorRole }> };
  /**
   * Adds an operator (a signed-in team lead; or anyone while the vault has no
   * operator yet, which also signs that first operator in). The secret is
   * wrapped with Argon2id; this laptop keeps no hash of it.
   */
  'vault:operator-add': { readonly args: [request: OperatorAddRequest]; readonly result: VaultResult<{ readonly id: string }> };
  /** Changes an operator's role or `active` (a signed-in team lead; not their own role or `active`). */
  'vault:operator-update': { readonly args: [request: OperatorUpdateRequest]; readonly result: VaultResult<void> };
  /** Clears an operator's wrong tries and lock-out (a signed-in team lead): the recovery. */
  'vault:operator-reset': { readonly args: [request: { readonly id: string }]; readonly result: VaultResult<void> };
  /**
   * The operator's directory profile for an `operator` event (a signed-in
   * team lead): name, role and an unlock slot (the site key `kid` wrapped
   * under the operator's Argon2id key), sealed under that site key and bound
   * to the id (shared/vault/directory.ts). `no-key` while this laptop does not
   * hold `kid`, or has not seen the operator's secret since it did.
   */
  'vault:operator-profile': { readonly args: [request: OperatorProfileRequest]; readonly result: VaultResult<SealedBlob> };
  /**
   * Takes the site's directory in (signed in): roles and `active` from the
   * events, names and slots from the profiles it opens; a local slot is never
   * replaced. If it disables whoever is signed in, their session ends.
   */
  'vault:operator-import': {
    readonly args: [entries: readonly DirectoryImportEntry[]];
    readonly result: VaultResult<DirectoryImportResult>;
  };
  /**
   * Signs 1 to `MAX_SIGN_EVENTS` (./vault.ts) events of this device, in
   * order: each entry says what the event is; the vault makes the draft
   * (`v` = `EVENT_VERSION`, its own device, the `seq`/`prev` that continue
   * the head it signed last), builds the bytes
   * (`"aidtrail/v1/event\n" ‖ JCS(draft)`) and signs with the device key.
   * `after` (the caller's log head, null for none) must be that head, or is
   * left out; an adopted vault's first call must name it and continues the
   * older chain there (shared/vault/signing.ts). The new head and these
   * events (the batch) are persisted in one write before it answers.
   */
  'vault:sign-events': {
    readonly args: [entries: readonly NewEventEntry[], after?: ChainHead | null | undefined];
    readonly result: VaultResult<readonly SignedEvent[]>;
  };
  /**
   * The events of the last `vault:sign-events` call with seq > `after`, as
   * they were signed (none if there are none): a kit whose log stops at
   * `after` because it died before storing them stores them now.
   */
  'vault:signed-batch': { readonly args: [request: { readonly after: number }]; readonly result: VaultResult<readonly SignedEvent[]> };
  /** Signs a batch header (`"aidtrail/v1/batch\n" ‖ JCS(header)`) of this device's events up to its chain head. */
  'vault:sign-batch': { readonly args: [header: BatchHeader]; readonly result: VaultResult<Uint8Array> };
  /** Issues a credential with the issuer key (eddsa-jcs-2022): only the card and status-list shapes, only by an active signed-in operator. */
  'vault:issue-credential': { readonly args: [request: CredentialRequest]; readonly result: VaultResult<SignedCredential> };
  /** Encrypts under the data key or the named site key, bound to the context, with a fresh random iv. */
  'vault:seal': { readonly args: [request: SealRequest]; readonly result: VaultResult<SealedBlob> };
  /**
   * `vault:seal` of 1 to `MAX_SEAL_MANY` requests of at most
   * `MAX_SEAL_MANY_BYTES` plaintext in all (./vault.ts), in one call: the
   * blobs in the order asked, or one refusal and no blob (a kid it does not
   * hold anywhere in the list is `no-key`). Issue 14: a caseload import seals
   * a chunk per call, not a row per call (each call a round trip to the host,
   * in the browser a Web Lock).
   */
  'vault:seal-many': { readonly args: [requests: readonly SealRequest[]]; readonly result: VaultResult<readonly SealedBlob[]> };
  /**
   * Decrypts a blob sealed under a key this vault holds (its data key or a
   * site key, as `kid` says) with the same context; anything else is `cannot-decrypt`.
   */
  'vault:open': {
    readonly args: [blob: SealedBlob, context?: string | undefined];
    readonly result: VaultResult<Uint8Array>;
  };
  /**
   * `vault:open` of 1 to `MAX_OPEN_MANY` blobs of at most
   * `MAX_OPEN_MANY_BYTES` ciphertext in all (./vault.ts), each with its own
   * context, in one call: one answer per blob, in the order asked. Not all or
   * nothing, unlike `vault:seal-many`: a blob that does not open answers its
   * own `no-key` or `cannot-decrypt` (`OpenedBlob`) and the others still open
   * (a laptop holds records sealed under keys it lacks); the call as a whole
   * is refused only as `vault:open` would be (`locked`, `invalid-args`, …).
   * Issue 14: a lead's first search after unlock opens every household's
   * record, and a call per record cost more than its decryption.
   */
  'vault:open-many': { readonly args: [requests: readonly OpenRequest[]]; readonly result: VaultResult<readonly OpenedBlob[]> };
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
  /**
   * Lets the page reach one more address: HQ's ledger (`hq`: http/https) or
   * a LAN signaling service (`lan`: ws/wss), as an operator configures them
   * on the Ledger and Sync screens (issue 13: the desktop CSP's `connect-src`
   * lists configured origins only).
   *
   * In the desktop app it is refused (`locked`) unless the vault has a
   * session: any signed-in operator (field officers connect to their lead's
   * signaling address too), never a locked kit. `url` must be one canonical
   * origin as `parseOrigin` (electron/main/network-config.ts) reads it, of
   * the kind's schemes; it is saved in `<userData>/network.json` atomically
   * (the newest `MAX_ALLOWED_HQ` HQ origins are kept; at most
   * `MAX_ALLOWED_LAN` signaling addresses, then `invalid`; ./network.ts),
   * and the CSP of every later
   * response is rebuilt. `reload: true` says the page must reload to get it.
   *
   * The browser and memory hosts answer `{ added: false, reload: false }`:
   * the browser build's CSP already allows every http(s) and ws(s) origin.
   */
  'network:allow': {
    readonly args: [request: AllowAddressRequest];
    readonly result: Result<AllowAddressAnswer, IpcErrorCode | AllowAddressErrorCode>;
  };
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
  unlock: 'vault:unlock',
  lock: 'vault:lock',
  approve: 'vault:approve',
  operatorAdd: 'vault:operator-add',
  operatorUpdate: 'vault:operator-update',
  operatorReset: 'vault:operator-reset',
  operatorProfile: 'vault:operator-profile',
  operatorImport: 'vault:operator-import',
  signEvents: 'vault:sign-events',
  signedBatch: 'vault:signed-batch',
  signBatch: 'vault:sign-batch',
  issueCredential: 'vault:issue-credential',
  seal: 'vault:seal',
  sealMany: 'vault:seal-many',
  open: 'vault:open',
  openMany: 'vault:open-many',
  siteKeyCreate: 'vault:site-key-create',
  siteKeyWrap: 'vault:site-key-wrap',
  siteKeyAccept: 'vault:site-key-accept',
  siteKeys: 'vault:site-keys',
  allowAddress: 'network:allow',
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
