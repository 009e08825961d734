/**
 * The OLD desktop key vault's files (`./secret-store.ts` says where they
 * are), read once into the new vault (`./legacy-vault.ts`): each is JSON with
 * its public parts in clear and its private parts in `secret`, the base64 of
 * the `safeStorage` ciphertext of a JSON object. Every read is checked here,
 * since the files are outside the app's control; a damaged one is reported
 * and left untouched, never replaced (that would lose keys and every record
 * sealed under them).
 */
import { z } from 'zod';
import { fromBase64, fromUtf8 } from '../../shared/bytes';
import { codeSchema, didKeySchema } from '../../shared/events/fields';
import { siteKeyIdSchema } from '../../shared/events/bodies';
import { err, ok, type Result } from '../../shared/result';
import { recordFileName, type SecretStore, type VaultRecordName } from './secret-store';

/** 32 bytes of base64url: a seed, a raw private or secret key, an X25519 public key. */
const key32Schema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes of base64url');
const secretFieldSchema = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64').max(16_384);
const createdSchema = z.string().max(64);

/** `key-vault.json`: the signing keys and the device's own data key (unchanged since the first vault). */
export const keysFileSchema = z.strictObject({
  format: z.literal('aidtrail-key-vault'),
  v: z.literal(1),
  device: didKeySchema,
  issuer: didKeySchema,
  kid: codeSchema,
  created: createdSchema,
  secret: secretFieldSchema,
});
export const keysSecretSchema = z.strictObject({
  v: z.literal(1),
  kid: codeSchema,
  device: key32Schema,
  issuer: key32Schema,
  data: key32Schema,
});

/** `key-vault.agreement.json`: the X25519 public key in clear, its private key in `secret`. */
export const agreementFileSchema = z.strictObject({
  format: z.literal('aidtrail-key-vault-agreement'),
  v: z.literal(1),
  agreement: key32Schema,
  created: createdSchema,
  secret: secretFieldSchema,
});
export const agreementSecretSchema = z.strictObject({ v: z.literal(1), agreement: key32Schema });

/** `key-vault.sk-….json`: one site key; its id is in the name, in clear and in the secret, and must agree. */
export const siteKeyFileSchema = z.strictObject({
  format: z.literal('aidtrail-key-vault-site-key'),
  v: z.literal(1),
  kid: siteKeyIdSchema,
  created: createdSchema,
  secret: secretFieldSchema,
});
export const siteKeySecretSchema = z.strictObject({ v: z.literal(1), kid: siteKeyIdSchema, key: key32Schema });

type SealedFile = { readonly secret: string };

/** What reading the old files can answer besides their content. */
export type LegacyReadError = 'vault-unreadable' | 'vault-unavailable';

export const damaged = (name: VaultRecordName, what: string): Result<never, 'vault-unreadable'> =>
  err('vault-unreadable', `the old key file ${recordFileName(name)} ${what}. It was left untouched.`);

/** A record's file, parsed but not decrypted; undefined when there is none. */
export async function readRecordFile<F extends SealedFile>(
  store: SecretStore,
  name: VaultRecordName,
  schema: z.ZodType<F>,
): Promise<Result<F | undefined, LegacyReadError>> {
  const bytes = await store.readFile(name);
  if (bytes === null) return ok(undefined);
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(bytes));
  } catch {
    return damaged(name, 'is damaged: not UTF-8 JSON');
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? ok(parsed.data) : damaged(name, 'is damaged or of an unknown format');
}

/** Decrypts and parses a record's `secret`; the caller checks it against the clear part. */
export async function decryptRecord<S>(
  store: SecretStore,
  name: VaultRecordName,
  file: SealedFile,
  schema: z.ZodType<S>,
): Promise<Result<S, LegacyReadError>> {
  let plainText: string;
  try {
    plainText = await store.decryptString(fromBase64(file.secret));
  } catch {
    const reason = await store.unavailableReason();
    if (reason !== null) return err('vault-unavailable', reason);
    return damaged(name, "cannot be decrypted with this computer's keyring (was the OS user, keyring or machine changed?)");
  }
  try {
    return ok(schema.parse(JSON.parse(plainText)));
  } catch {
    return damaged(name, 'decrypts to damaged content');
  }
}
