/**
 * The runtime half of the key-vault contract (`vault:*` in `./ipc.ts`): the
 * limits, the argument schemas every host validates with, and the sealing
 * format. The Electron main process (`electron/main/key-vault.ts`), the
 * browser host and the in-memory host (`renderer/src/host/`) all use these,
 * so one call is refused or accepted the same way everywhere.
 *
 * Sealed blobs are the `encryptedBlobSchema` of the events (the `pii` of an
 * enrolment): AES-256-GCM, a fresh random 12-byte iv, `ct` = ciphertext ‖
 * 16-byte tag, and as additional authenticated data
 * `"aidtrail/v1/seal\n" ‖ kid` (UTF-8), which binds the blob to its key id and
 * to this format version.
 */
import { z } from 'zod';
import { fromBase64url, toHex, utf8 } from './bytes';
import { encryptedBlobSchema } from './events/bodies';
import type { HostApi, IpcArgs, IpcChannel, SealedBlob } from './ipc';
import { err, ok, type Result } from './result';

/** Largest message `vault:sign` accepts (256 KiB, the size of a sync frame). */
export const MAX_SIGN_BYTES = 256 * 1024;

/**
 * Largest plaintext `vault:seal` accepts: `encryptedBlobSchema` allows at most
 * 65 536 base64url characters of `ct`, i.e. 49 152 bytes of ciphertext ‖ tag.
 */
export const MAX_SEAL_PLAINTEXT_BYTES = 48 * 1024 - 16;

export const SEAL_IV_BYTES = 12;
export const SEAL_TAG_BYTES = 16;
/** The data key is AES-256. */
export const DATA_KEY_BYTES = 32;

const SEAL_AAD_PREFIX = 'aidtrail/v1/seal\n';

/** The additional authenticated data of a blob sealed under `kid`. */
export const sealAad = (kid: string): Uint8Array => utf8(`${SEAL_AAD_PREFIX}${kid}`);

/**
 * The checks every host makes before decrypting a blob: sealed with this
 * vault's data key (`kid`), and an iv and ciphertext ‖ tag of usable sizes.
 */
export function decodeSealedBlob(blob: SealedBlob, kid: string): Result<{ iv: Uint8Array; ct: Uint8Array }, 'cannot-decrypt'> {
  if (blob.alg !== 'A256GCM' || blob.kid !== kid) {
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
  return ok({ iv, ct });
}

/** A new data-key id from 8 random bytes: `dk-` and 16 hex digits (fits `codeSchema`). */
export const dataKeyId = (random: Uint8Array): string => {
  if (random.length !== 8) throw new Error('a data-key id is made from 8 random bytes');
  return `dk-${toHex(random)}`;
};

const bytesAtMost = (max: number) =>
  z
    .instanceof(Uint8Array, { message: 'must be a Uint8Array' })
    .refine((bytes) => bytes.length <= max, { message: `must be at most ${max} bytes` });

export const signRequestSchema = z.strictObject({
  key: z.enum(['device', 'issuer']),
  bytes: bytesAtMost(MAX_SIGN_BYTES),
});

export const sealRequestSchema = z.strictObject({
  plaintext: bytesAtMost(MAX_SEAL_PLAINTEXT_BYTES),
});

/** `vault:open` takes exactly what an event may carry. */
export const sealedBlobSchema = encryptedBlobSchema;

export type VaultChannel = Extract<IpcChannel, `vault:${string}`>;

/** The argument tuple of each vault channel, typed against the contract. */
export const vaultArgSchemas: { readonly [C in VaultChannel]: z.ZodType<IpcArgs<C>> } = {
  'vault:status': z.tuple([]),
  'vault:create': z.tuple([]),
  'vault:sign': z.tuple([signRequestSchema]),
  'vault:seal': z.tuple([sealRequestSchema]),
  'vault:open': z.tuple([sealedBlobSchema]),
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
export type VaultMethod = 'vaultStatus' | 'vaultCreate' | 'sign' | 'seal' | 'open';

/**
 * What a key vault implements: the vault half of `HostApi`. Implementations
 * may assume their arguments were parsed with `vaultArgSchemas` (the Electron
 * dispatcher and `renderer/src/host/vault-host.ts` do that first).
 */
export type VaultApi = Pick<HostApi, VaultMethod>;
