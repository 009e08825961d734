/**
 * The key vault's half of the IPC contract (`./ipc.ts`): what its channels
 * take and answer, and its error codes. Split from `./ipc.ts` to keep one
 * concept per file; `./ipc.ts` re-exports all of it, so callers import from there.
 */
import type { DidKey } from './crypto/did-key';
import type { Result } from './result';

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

/** One blob of `vault:open-many`, with the context it was sealed for (what `vault:open` takes as its two arguments). */
export type OpenRequest = {
  readonly blob: SealedBlob;
  readonly context?: string | undefined;
};

/**
 * `vault:open-many`'s answer for one blob: its plaintext, or why it did not
 * open: `no-key` (this vault holds no key under the blob's `kid`: sealed on a
 * laptop whose key never reached this one) or `cannot-decrypt` (a key it
 * holds, but another context, or a tampered iv or ciphertext).
 */
export type OpenedBlob = Result<Uint8Array, 'no-key' | 'cannot-decrypt'>;

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
   * `vault:seal`, `vault:seal-many` and `vault:site-key-wrap` naming a site
   * key this vault does not hold; `vault:operator-profile` for such a key, or for an operator
   * without a slot for it yet. Per blob of `vault:open-many` (`OpenedBlob`):
   * a blob under a key this vault does not hold.
   */
  | 'no-key'
  /**
   * `vault:open`: wrong or unknown key (`kid`), another context, tampered iv
   * or ciphertext; per blob of `vault:open-many`, the same but an unknown
   * key. `vault:site-key-accept`: not wrapped for this vault, altered, or a
   * different key under a kid this vault already holds.
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
