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
 * store. Argument schemas and limits live in `./vault.ts`; the format of a
 * wrapped site key in `./vault-wrap.ts`.
 *
 * `network:allow` widens the desktop page's `connect-src` by one address a
 * signed-in operator uses (HQ's ledger, the lead's signaling service); its
 * argument schema and limits live in `./network.ts`.
 */
import type { SignedCredential } from './credentials/credential';
import type { DidKey } from './crypto/did-key';
import type { NewEventEntry, SignedEvent } from './events/envelope';
import type { BatchHeader } from './ledger/batch';
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

/** Who may sign in on this laptop (DESIGN.md "Roles"). */
export type OperatorRole = 'field-officer' | 'team-lead';

/**
 * One operator as the lock screen sees them: served while locked, since the
 * lock screen lists who may sign in. Names are operators' (staff), never
 * beneficiaries'; at rest they are sealed under the device layer (issue 13).
 */
export type RosterEntry = {
  /** `op-` and the device tag (shared/vault/operators.ts `operatorId`). */
  readonly id: string;
  readonly name: string;
  readonly role: OperatorRole;
  /** False once a lead disabled the operator. */
  readonly active: boolean;
  /** Whether this laptop can check their secret: enrolled here, or imported from the directory with an unlock slot. */
  readonly canUnlock: boolean;
  /** Wrong secrets since the last right one. */
  readonly failures: number;
  /** ISO time before which an unlock is refused (`wait`), while backing off; absent once past. */
  readonly retryAt?: string | undefined;
  /** Ten wrong secrets: only a lead's `vault:operator-reset` lets them try again. */
  readonly lockedOut: boolean;
};

/** Who holds the unlocked vault. */
export type VaultSession = { readonly operator: string; readonly role: OperatorRole; readonly since: string };

/** The head of this device's event chain as the vault signed it (`vault:sign-events`): seq and event id. */
export type ChainHead = { readonly seq: number; readonly id: string };

/**
 * The vault's public state, answered while locked: the public keys (all
 * `null` before the first `vault:create`), who is signed in, the roster and
 * the chain head (`null` until the vault signed its first event). Reads no
 * operator-gated key.
 */
export type VaultStatus = {
  readonly device: DidKey | null;
  readonly issuer: DidKey | null;
  readonly agreement: string | null;
  readonly session: VaultSession | null;
  readonly operators: readonly RosterEntry[];
  readonly head: ChainHead | null;
};

/**
 * An operator's secret: a PIN of 4–8 digits, or (team leads only) a
 * passphrase of 12–128 characters (shared/vault/secret.ts).
 */
export type OperatorSecret = string;

export type UnlockRequest = { readonly operator: string; readonly secret: OperatorSecret };

export type OperatorAddRequest = { readonly name: string; readonly role: OperatorRole; readonly secret: OperatorSecret };

/** `vault:operator-profile`: the operator `id`'s profile, sealed under the site key `kid` (`sk-…`) this vault holds. */
export type OperatorProfileRequest = { readonly id: string; readonly kid: string };

export type OperatorUpdateRequest = {
  readonly id: string;
  readonly role?: OperatorRole | undefined;
  readonly active?: boolean | undefined;
};

/**
 * One entry of the site's operator directory, from a verified `operator`
 * event: its role and `active` are the event's; `profile` is the blob
 * `vault:operator-profile` sealed (name and unlock slot, under a site key,
 * bound to the id), opened by the vault itself.
 */
export type DirectoryImportEntry = {
  readonly id: string;
  readonly role: OperatorRole;
  readonly active: boolean;
  readonly profile: SealedBlob;
};

export type DirectoryImportResult = {
  /** Entries now in the roster (new or changed). */
  readonly imported: number;
  /** Ids whose profile this vault cannot open (no such site key, tampered, or moved). */
  readonly unreadable: readonly string[];
};

/** What `vault:issue-credential` signs: an unsigned credential of a kind the vault knows, issued by its issuer key. */
export type CredentialRequest = {
  /** `ration-card`: any active operator; `status-list`: the laptop's own revocation list. */
  readonly kind: 'ration-card' | 'status-list';
  /** The credential without its proof (shared/credentials); its issuer must be this vault's issuer did:key. */
  readonly credential: { readonly [key: string]: unknown };
  /** The proof's `created`, a dateTimeStamp. */
  readonly created: string;
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
   * not hold; `vault:operator-profile` for such a key, or for an operator
   * without a slot for it yet.
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
  | 'vault-unreadable'
  /** Any operation but `status`, `create`, `unlock` and `lock` while no operator is signed in (or after the idle lock). */
  | 'locked'
  /**
   * `unlock` / `approve`: no operator of that id on this laptop, or none whose
   * secret this laptop can check. `operator-update` / `operator-reset` /
   * `operator-profile`: no operator of that id.
   */
  | 'unknown-operator'
  /** `unlock` / `approve`: the secret is wrong (the message says how many tries are left before a lock-out). */
  | 'bad-secret'
  /** `unlock` / `approve`: backing off after wrong secrets; the message and the roster's `retryAt` say until when. Nothing was checked. */
  | 'wait'
  /** `unlock` / `approve`: ten wrong secrets; a team lead resets it (`vault:operator-reset`). */
  | 'locked-out'
  /** `unlock` / `approve`: a team lead disabled this operator (answered without checking the secret). `issue-credential`: the signed-in operator was disabled. */
  | 'disabled'
  /** The signed-in operator's role may not do this (e.g. a field officer adding operators). */
  | 'not-allowed'
  /**
   * `sign-events`: `after` is not the chain head the vault signed last (the
   * kit's log is behind the vault: `vault:signed-batch`), or an adopted
   * vault's first call names no `after`. The message names the head.
   */
  | 'out-of-order'
  /**
   * `sign-events`: an event no verifier would accept (size); nothing was signed.
   * `sign-batch`: not a batch of this device's signed events. `issue-credential`:
   * not a credential of the kind and issuer. `operator-add`: the name is taken.
   */
  | 'refused';

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
  open: 'vault:open',
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
