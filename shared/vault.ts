/**
 * The runtime half of the key-vault contract (`vault:*` in `./ipc.ts`): the
 * limits, the argument schemas every host validates with, and the sealing
 * format. The vault itself is `Vault` (./vault/vault.ts), which every host
 * (Electron main, the browser host and the in-memory host) wraps around its
 * own record store, and each host's dispatcher parses arguments with
 * `parseVaultArgs` first, so one call is refused or accepted the same way
 * everywhere.
 *
 * Sealed blobs are the `encryptedBlobSchema` of the events (the `pii` of an
 * enrolment): AES-256-GCM, a fresh random 12-byte iv, `ct` = ciphertext ‖
 * 16-byte tag, under the key the blob's `kid` names (the device's own data key
 * `dk-…`, or a site key `sk-…` that admitted laptops share, issue 10), and as
 * additional authenticated data (`sealAad`)
 *   `"aidtrail/v1/seal\n" ‖ kid`                       without a context,
 *   `"aidtrail/v1/seal\n" ‖ kid ‖ "\n" ‖ context`       with one (UTF-8),
 * which binds the blob to its key id, to this format version and to what it
 * belongs to (a household id, say): moved to another household it no longer
 * opens. Blobs sealed before contexts existed have the first form and open
 * as before.
 */
import { z } from 'zod';
import { fromBase64url, toHex, utf8 } from './bytes';
import { canonicalBytes } from './canonical';
import { dateTimeStampSchema, MAX_CREDENTIAL_BYTES } from './credentials/credential';
import { agreementKeySchema, encryptedBlobSchema, siteKeyIdSchema, wrappedSiteKeySchema } from './events/bodies';
import { newEventEntrySchema } from './events/envelope';
import { codeSchema } from './events/fields';
import type { HostApi, IpcArgs, IpcChannel, SealedBlob } from './ipc';
import { batchHeaderSchema } from './ledger/batch';
import { err, ok, type Result } from './result';
import { operatorNameSchema } from './vault/operators';
import { chainHeadSchema, MAX_SIGN_EVENTS, operatorRoleSchema } from './vault/records';

export { MAX_SIGN_EVENTS };
import { newSecretRule, operatorSecretSchema } from './vault/secret';
import { AGREEMENT_KEY_BYTES } from './vault-wrap';

/**
 * Largest plaintext `vault:seal` accepts: `encryptedBlobSchema` allows at most
 * 65 536 base64url characters of `ct`, i.e. 49 152 bytes of ciphertext ‖ tag.
 */
export const MAX_SEAL_PLAINTEXT_BYTES = 48 * 1024 - 16;

/**
 * Most requests one `vault:seal-many` takes, and most plaintext bytes in all:
 * a caseload import's chunk (500 rows of well under 1 KiB) fits many times
 * over, while one call stays a bounded amount of work and memory for the
 * host (1000 records at the single-seal limit would be 48 MiB).
 */
export const MAX_SEAL_MANY = 1000;
export const MAX_SEAL_MANY_BYTES = 4 * 1024 * 1024;

/** Longest `context` of `vault:seal` / `vault:open`, in UTF-16 code units (a household id is far shorter). */
export const MAX_SEAL_CONTEXT_LENGTH = 128;

export const SEAL_IV_BYTES = 12;
export const SEAL_TAG_BYTES = 16;

/**
 * Most blobs one `vault:open-many` takes, and most ciphertext bytes (`ct`
 * decoded, tags included) in all: what one `vault:seal-many` call sealed
 * opens in one call, and one call stays a bounded amount of work and memory
 * for the host (1000 blobs at the schema's largest `ct` would be 49 MB).
 */
export const MAX_OPEN_MANY = MAX_SEAL_MANY;
export const MAX_OPEN_MANY_BYTES = MAX_SEAL_MANY_BYTES + MAX_OPEN_MANY * SEAL_TAG_BYTES;

/** The bytes a blob's `ct` (base64url without padding, as the schema checks) decodes to, without decoding it. */
export const ciphertextBytes = (blob: SealedBlob): number => Math.floor((blob.ct.length * 3) / 4);

/** The data key and the site keys are AES-256. */
export const DATA_KEY_BYTES = 32;

const SEAL_AAD_PREFIX = 'aidtrail/v1/seal\n';

/**
 * The additional authenticated data of a blob sealed under `kid`, bound to
 * `context` when there is one. The kid never contains a newline (`dk-`/`sk-`
 * and hex), so the context after it cannot be confused with part of the kid.
 */
export const sealAad = (kid: string, context?: string): Uint8Array =>
  utf8(context === undefined ? `${SEAL_AAD_PREFIX}${kid}` : `${SEAL_AAD_PREFIX}${kid}\n${context}`);

/**
 * The checks every host makes before decrypting a blob: sealed under a key
 * this vault holds (`keyOf` answers it for the blob's `kid`, or undefined),
 * and an iv and ciphertext ‖ tag of usable sizes. Hosts whose keys load
 * lazily load the blob's kid first; `keyOf` only looks up.
 */
export function decodeSealedBlob<K>(
  blob: SealedBlob,
  keyOf: (kid: string) => K | undefined,
): Result<{ key: K; iv: Uint8Array; ct: Uint8Array }, 'cannot-decrypt'> {
  const key = blob.alg === 'A256GCM' ? keyOf(blob.kid) : undefined;
  if (key === undefined) {
    return err('cannot-decrypt', `sealed under key ${JSON.stringify(blob.kid)}, which this vault does not hold`);
  }
  let iv: Uint8Array;
  let ct: Uint8Array;
  try {
    iv = fromBase64url(blob.iv);
    ct = fromBase64url(blob.ct);
  } catch {
    return err('cannot-decrypt', 'the iv or ciphertext is not valid base64url');
  }
  if (iv.length !== SEAL_IV_BYTES || ct.length < SEAL_TAG_BYTES) {
    return err('cannot-decrypt', 'the iv or ciphertext has the wrong length');
  }
  return ok({ key, iv, ct });
}

/** A new data-key id from 8 random bytes: `dk-` and 16 hex digits (fits `codeSchema`). */
export const dataKeyId = (random: Uint8Array): string => {
  if (random.length !== 8) throw new Error('a data-key id is made from 8 random bytes');
  return `dk-${toHex(random)}`;
};

/** Whether `kid` names a site key (`sk-` and 16 hex digits, shared/vault-wrap.ts `siteKeyId`). */
export const isSiteKeyId = (kid: string): boolean => siteKeyIdSchema.safeParse(kid).success;

/** The same 32-byte X25519 public key in every host's answers and in events (`device-keys`). */
export const isAgreementKey = (key: string): boolean => {
  if (!agreementKeySchema.safeParse(key).success) return false;
  try {
    return fromBase64url(key).length === AGREEMENT_KEY_BYTES;
  } catch {
    return false;
  }
};

const bytesAtMost = (max: number) =>
  z
    .instanceof(Uint8Array, { message: 'must be a Uint8Array' })
    .refine((bytes) => bytes.length <= max, { message: `must be at most ${max} bytes` });

/**
 * What a blob is bound to. Not empty (absent means "no context", a different
 * AAD), and well-formed text: a lone surrogate would encode as U+FFFD, so two
 * different contexts would bind alike.
 */
export const sealContextSchema = z
  .string()
  .min(1, 'must not be empty (leave it out for no context)')
  .max(MAX_SEAL_CONTEXT_LENGTH, `must be at most ${MAX_SEAL_CONTEXT_LENGTH} characters`)
  .refine((text) => !/\p{Cs}/u.test(text), { message: 'must be well-formed text (no lone surrogates)' });

export const sealRequestSchema = z.strictObject({
  plaintext: bytesAtMost(MAX_SEAL_PLAINTEXT_BYTES),
  kid: siteKeyIdSchema.optional(),
  context: sealContextSchema.optional(),
});

export const sealManySchema = z
  .array(sealRequestSchema)
  .min(1)
  .max(MAX_SEAL_MANY)
  .refine((requests) => requests.reduce((n, r) => n + r.plaintext.length, 0) <= MAX_SEAL_MANY_BYTES, {
    message: `must hold at most ${MAX_SEAL_MANY_BYTES} plaintext bytes in all`,
  });

/** `vault:open` takes exactly what an event may carry. */
export const sealedBlobSchema = encryptedBlobSchema;

export const openRequestSchema = z.strictObject({
  blob: sealedBlobSchema,
  context: sealContextSchema.optional(),
});

export const openManySchema = z
  .array(openRequestSchema)
  .min(1)
  .max(MAX_OPEN_MANY)
  .refine((requests) => requests.reduce((n, r) => n + ciphertextBytes(r.blob), 0) <= MAX_OPEN_MANY_BYTES, {
    message: `must hold at most ${MAX_OPEN_MANY_BYTES} ciphertext bytes in all`,
  });

export const siteKeyWrapRequestSchema = z.strictObject({
  kid: siteKeyIdSchema,
  to: z.string().refine(isAgreementKey, { message: 'must be a 32-byte X25519 public key, base64url without padding' }),
});

/** Most directory entries one `vault:operator-import` takes: a site's staff many times over. */
export const MAX_DIRECTORY_ENTRIES = 2000;

/** An operator id: what `operator` events carry (`op-…` for operators this kit enrolled). */
export const operatorIdSchema = codeSchema;

export const unlockRequestSchema = z.strictObject({ operator: operatorIdSchema, secret: operatorSecretSchema });

/** A new operator: a name, a role, and a secret that the rules of ./vault/secret.ts allow for that role. */
export const operatorAddRequestSchema = z
  .strictObject({ name: operatorNameSchema, role: operatorRoleSchema, secret: operatorSecretSchema })
  .superRefine(newSecretRule);

export const operatorUpdateRequestSchema = z.strictObject({
  id: operatorIdSchema,
  role: operatorRoleSchema.optional(),
  active: z.boolean().optional(),
});

export const directoryImportEntrySchema = z.strictObject({
  id: operatorIdSchema,
  role: operatorRoleSchema,
  active: z.boolean(),
  profile: encryptedBlobSchema,
});

const fitsCredential = (value: Record<string, unknown>): boolean => {
  try {
    return canonicalBytes(value).length <= MAX_CREDENTIAL_BYTES;
  } catch {
    return false;
  }
};

/** A JSON object of at most `MAX_CREDENTIAL_BYTES` canonical bytes (what a credential may be before its proof). */
export const credentialObjectSchema = z
  .record(z.string(), z.unknown())
  .refine(fitsCredential, { message: `must be JSON of at most ${MAX_CREDENTIAL_BYTES} bytes` });

export const credentialRequestSchema = z.strictObject({
  kind: z.enum(['ration-card', 'status-list']),
  credential: credentialObjectSchema,
  created: dateTimeStampSchema,
});

export type VaultChannel = Extract<IpcChannel, `vault:${string}`>;

/** The argument tuple of each vault channel, typed against the contract. */
export const vaultArgSchemas: { readonly [C in VaultChannel]: z.ZodType<IpcArgs<C>> } = {
  'vault:status': z.tuple([]),
  'vault:create': z.tuple([]),
  'vault:unlock': z.tuple([unlockRequestSchema]),
  'vault:lock': z.tuple([]),
  'vault:approve': z.tuple([unlockRequestSchema]),
  'vault:operator-add': z.tuple([operatorAddRequestSchema]),
  'vault:operator-update': z.tuple([operatorUpdateRequestSchema]),
  'vault:operator-reset': z.tuple([z.strictObject({ id: operatorIdSchema })]),
  'vault:operator-profile': z.tuple([z.strictObject({ id: operatorIdSchema, kid: siteKeyIdSchema })]),
  'vault:operator-import': z.tuple([z.array(directoryImportEntrySchema).max(MAX_DIRECTORY_ENTRIES)]),
  // Strict entries (type, body, at, round, operator): seq, prev, device, v, a signature or bytes are refused here.
  'vault:sign-events': z.tuple([z.array(newEventEntrySchema).min(1).max(MAX_SIGN_EVENTS), chainHeadSchema.nullable().optional()]),
  'vault:signed-batch': z.tuple([z.strictObject({ after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })]),
  'vault:sign-batch': z.tuple([batchHeaderSchema]),
  'vault:issue-credential': z.tuple([credentialRequestSchema]),
  'vault:seal': z.tuple([sealRequestSchema]),
  'vault:seal-many': z.tuple([sealManySchema]),
  'vault:open': z.tuple([sealedBlobSchema, sealContextSchema.optional()]),
  'vault:open-many': z.tuple([openManySchema]),
  'vault:site-key-create': z.tuple([]),
  'vault:site-key-wrap': z.tuple([siteKeyWrapRequestSchema]),
  // Exactly the `wrapped` of a `site-key` event (shared/events/bodies.ts).
  'vault:site-key-accept': z.tuple([wrappedSiteKeySchema]),
  'vault:site-keys': z.tuple([]),
};

/** Parses one call's arguments; the message names the channel, as the Electron dispatcher's does. */
export function parseVaultArgs<C extends VaultChannel>(
  channel: C,
  rawArgs: readonly unknown[],
): Result<IpcArgs<C>, 'invalid-args'> {
  const schema: z.ZodType<IpcArgs<C>> = vaultArgSchemas[channel];
  const parsed = schema.safeParse(rawArgs);
  return parsed.success ? ok(parsed.data) : err('invalid-args', `${channel}: ${z.prettifyError(parsed.error)}`);
}

/** HostApi methods of the key vault. */
export type VaultMethod =
  | 'vaultStatus'
  | 'vaultCreate'
  | 'unlock'
  | 'lock'
  | 'approve'
  | 'operatorAdd'
  | 'operatorUpdate'
  | 'operatorReset'
  | 'operatorProfile'
  | 'operatorImport'
  | 'signEvents'
  | 'signedBatch'
  | 'signBatch'
  | 'issueCredential'
  | 'seal'
  | 'sealMany'
  | 'open'
  | 'openMany'
  | 'siteKeyCreate'
  | 'siteKeyWrap'
  | 'siteKeyAccept'
  | 'siteKeys';

/**
 * What a key vault implements: the vault half of `HostApi`, implemented once
 * by `Vault` (./vault/vault.ts) over each host's record store. It may assume
 * its arguments were parsed with `vaultArgSchemas` (the Electron dispatcher
 * and `renderer/src/host/vault-host.ts` do that first).
 */
export type VaultApi = Pick<HostApi, VaultMethod>;
