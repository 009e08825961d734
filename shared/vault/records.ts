/**
 * The vault's records (format `aidtrail-vault`, v 2), each a UTF-8 JSON
 * object in the host's `VaultStore` (./store.ts), which protects every record
 * at rest with its device layer. On top of it, what needs an operator is
 * sealed under the vault key MK (a random 256-bit key), and MK only under
 * operators' secrets and site keys (./crypto.ts for `Sealed` and the AADs):
 *
 * `device`     written once by `vault:create`, never replaced:
 *              { format, v, record, created, device, issuer, agreement (public keys),
 *                deviceSeed, agreementSecret           (device layer only),
 *                dataKid,
 *                issuerSeed: Sealed under MK  aad (device, issuer-seed, device did, issuer did),
 *                dataKey:    Sealed under MK  aad (device, data-key, device did, dataKid) }
 * `setup`      { …, device, mk }: MK under the device layer only, from `vault:create`
 *              until the first operator exists, so an interrupted setup survives
 *              a restart; then `mk: null` (the store has no delete).
 * `operators`  { …, device, operators: [operator] }, an operator being
 *              { id, name, role, active, failures, retryAt, lockedOut,
 *                kdf:      { alg: argon2id, m, t, p, salt } of their KEK, or null,
 *                local:    { role, iv, ct } = MK under KEK
 *                          aad (operators, local-slot, device did, id, role), or null,
 *                portable: [{ kid, iv, ct }] = site key kid under KEK
 *                          aad (operators, portable-slot, id, kid): the slot that
 *                          travels in the directory profile (./directory.ts),
 *                tag:      HMAC-SHA256 under HKDF(MK) of JCS { device, id, name, role, active } }.
 *              The slot is the verifier: no hash of a secret is stored. The tag
 *              keeps a disk editor from raising a role or re-enabling an operator:
 *              it is checked with the MK the slot gave before a session begins.
 *              `local.role` is the role the slot was wrapped with; after a lead
 *              changes the role, the next unlock re-wraps it.
 * `site-keys`  { …, device, keys: [{ kid, created,
 *                key:  Sealed under MK            aad (site-keys, site-key, device did, kid),
 *                slot: MK Sealed under that key   aad (site-keys, site-slot, device did, kid) }] }:
 *              the site slot lets an operator known only from the directory
 *              (a portable slot) reach MK.
 * `chain`      { …, device, head: { seq, id } | null, batch: [event], lastCall, adopt }:
 *              the event chain head the vault signed last, `batch` the signed events
 *              of the last two `vault:sign-events` calls, the last `lastCall` of them
 *              from the last call (head and batch in one write, so
 *              `vault:signed-batch` can hand a kit what it lost in a crash), `adopt`
 *              whether the first call may continue an older vault's chain. A record
 *              from before batches (`last`, the digest of the last draft, and no
 *              `batch`) reads as one with an empty batch; one from before two calls
 *              were kept (no `lastCall`) as one whose batch is all the last call's.
 *
 * Every record but `device` names the device did, so records of two vaults
 * never mix unnoticed. A record that does not parse is `vault-unreadable`.
 */
import { z } from 'zod';
import { fromUtf8, utf8 } from '../bytes';
import { agreementKeySchema, siteKeyIdSchema } from '../events/bodies';
import { signedEventSchema } from '../events/envelope';
import { base64urlSchema, codeSchema, didKeySchema, sha256HexSchema } from '../events/fields';
import type { DidKey } from '../crypto/did-key';
import { err, ok, type Result } from '../result';
import { KDF_LIMITS } from './crypto';
import type { VaultStore } from './store';

export const VAULT_FORMAT = 'aidtrail-vault';
export const VAULT_FORMAT_VERSION = 2;

export const RECORD = {
  device: 'device',
  setup: 'setup',
  operators: 'operators',
  siteKeys: 'site-keys',
  chain: 'chain',
} as const;
export type RecordName = (typeof RECORD)[keyof typeof RECORD];

/**
 * Most events one `vault:sign-events` call signs: twice a caseload import's
 * write of 500 rows. The chain record keeps the last two calls' events, so a
 * kit may sign one segment while it stores the one before (issue 14). Each
 * event is at most `MAX_EVENT_BYTES`, so a batch stays under 200 MB even then;
 * real ones (an enrolment is about 1 KB) are a few hundred KB.
 */
export const MAX_SIGN_EVENTS = 1000;
/** Calls whose events the chain record keeps: how many signed segments a kit may have in flight. */
export const KEPT_SIGN_CALLS = 2;

export type StoreErrorCode = 'vault-unreadable' | 'vault-unavailable';

export const operatorRoleSchema = z.enum(['field-officer', 'team-lead']);
export const dataKeyIdSchema = z.string().regex(/^dk-[0-9a-f]{16}$/, 'must be dk- and 16 hex digits');

const key32Schema = base64urlSchema.length(43);
const sealedFields = { iv: base64urlSchema.length(16), ct: base64urlSchema.min(22).max(4096) };
const sealedSchema = z.strictObject(sealedFields);

export const kdfParamsSchema = z
  .strictObject({
    alg: z.literal('argon2id'),
    m: z.number().int().min(8).max(KDF_LIMITS.maxM),
    t: z.number().int().min(1).max(KDF_LIMITS.maxT),
    p: z.number().int().min(1).max(KDF_LIMITS.maxP),
    salt: base64urlSchema.length(22),
  })
  .refine((kdf) => kdf.m >= 8 * kdf.p, 'Argon2id needs at least 8 KiB per lane');

const header = <R extends RecordName>(record: R) => ({
  format: z.literal(VAULT_FORMAT),
  v: z.literal(VAULT_FORMAT_VERSION),
  record: z.literal(record),
});

export const deviceRecordSchema = z.strictObject({
  ...header(RECORD.device),
  created: z.string(),
  device: didKeySchema,
  issuer: didKeySchema,
  agreement: agreementKeySchema,
  deviceSeed: key32Schema,
  agreementSecret: key32Schema,
  dataKid: dataKeyIdSchema,
  issuerSeed: sealedSchema,
  dataKey: sealedSchema,
});

export const setupRecordSchema = z.strictObject({
  ...header(RECORD.setup),
  device: didKeySchema,
  mk: key32Schema.nullable(),
});

export const portableSlotSchema = z.strictObject({ kid: siteKeyIdSchema, ...sealedFields });

export const operatorSchema = z.strictObject({
  id: codeSchema,
  name: z.string().min(1).max(256),
  role: operatorRoleSchema,
  active: z.boolean(),
  failures: z.number().int().min(0).max(1_000_000),
  retryAt: z.string().refine((at) => Number.isFinite(Date.parse(at)), 'must be a date and time').nullable(),
  lockedOut: z.boolean(),
  kdf: kdfParamsSchema.nullable(),
  local: z.strictObject({ role: operatorRoleSchema, ...sealedFields }).nullable(),
  portable: z.array(portableSlotSchema).max(1000),
  tag: key32Schema,
});

export const operatorsRecordSchema = z.strictObject({
  ...header(RECORD.operators),
  device: didKeySchema,
  operators: z.array(operatorSchema).max(10_000),
});

export const siteKeyEntrySchema = z.strictObject({
  kid: siteKeyIdSchema,
  created: z.string(),
  key: sealedSchema,
  slot: sealedSchema,
});

export const siteKeysRecordSchema = z.strictObject({
  ...header(RECORD.siteKeys),
  device: didKeySchema,
  keys: z.array(siteKeyEntrySchema).max(1000),
});

/** A chain position: the seq and id of a device's event. */
export const chainHeadSchema = z.strictObject({ seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), id: sha256HexSchema });

export const chainRecordSchema = z.strictObject({
  ...header(RECORD.chain),
  device: didKeySchema,
  head: chainHeadSchema.nullable(),
  batch: z.array(signedEventSchema).max(KEPT_SIGN_CALLS * MAX_SIGN_EVENTS).default([]),
  /** How many of `batch`'s events the last call signed (the others, the call before). */
  lastCall: z.number().int().min(0).max(MAX_SIGN_EVENTS).optional(),
  /** Before batches: the digest of the draft signed last. Read, ignored, not written. */
  last: sha256HexSchema.nullable().optional(),
  adopt: z.boolean(),
});

export type DeviceRecord = z.infer<typeof deviceRecordSchema>;
export type SetupRecord = z.infer<typeof setupRecordSchema>;
export type OperatorRecord = z.infer<typeof operatorSchema>;
export type PortableSlot = z.infer<typeof portableSlotSchema>;
export type LocalSlot = NonNullable<OperatorRecord['local']>;
export type OperatorsRecord = z.infer<typeof operatorsRecordSchema>;
export type SiteKeyEntry = z.infer<typeof siteKeyEntrySchema>;
export type SiteKeysRecord = z.infer<typeof siteKeysRecordSchema>;
export type ChainRecord = z.infer<typeof chainRecordSchema>;

export const recordHeader = <R extends RecordName>(record: R) =>
  ({ format: VAULT_FORMAT, v: VAULT_FORMAT_VERSION, record }) as const;

const damaged = (name: string, why: string): Result<never, 'vault-unreadable'> =>
  err('vault-unreadable', `the vault record "${name}" is damaged (${why}); it was left as it is`);

/** A record, parsed; undefined when the store has none. */
export async function readRecord<T>(
  store: VaultStore,
  name: RecordName,
  schema: z.ZodType<T>,
  device?: DidKey,
): Promise<Result<T | undefined, StoreErrorCode>> {
  const read = await store.read(name);
  if (!read.ok) return read;
  if (read.value === undefined) return ok(undefined);
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(read.value));
  } catch {
    return damaged(name, 'not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return damaged(name, `not a ${VAULT_FORMAT} v${VAULT_FORMAT_VERSION} ${name} record`);
  const named = (parsed.data as { device?: unknown }).device;
  if (device !== undefined && named !== device) return damaged(name, `it belongs to the vault of ${String(named)}`);
  return ok(parsed.data);
}

type RecordOf = {
  device: DeviceRecord;
  setup: SetupRecord;
  operators: OperatorsRecord;
  'site-keys': SiteKeysRecord;
  chain: ChainRecord;
};

export function writeRecord<N extends RecordName>(store: VaultStore, name: N, value: RecordOf[N]): Promise<Result<void, 'vault-unavailable'>> {
  if (value.record !== name) throw new Error(`a ${value.record} record written as ${name}`);
  return store.write(name, utf8(JSON.stringify(value)));
}
