/**
 * The device's own small records in the `settings` collection, each read
 * through a zod schema: IndexedDB is on disk, and a record that does not
 * parse is treated as missing rather than trusted.
 */
import { z } from 'zod';
import { encryptedBlobSchema } from '../../../shared/events/bodies';
import type { KitDatabase } from '../db/database';

export const profileSchema = z.object({
  site: z.string(),
  siteName: z.string(),
  deviceLabel: z.string(),
  device: z.string(),
  issuer: z.string(),
  createdAt: z.string(),
  teamLead: z.string(),
});

/**
 * The team's sync room: its password never leaves the device except in an
 * invitation, and is kept sealed by the vault (team/room-secret.ts); `since`
 * orders rotations. The clear form is a profile from before issue 13, read
 * once to seal it.
 */
export const teamSchema = z.union([
  z.object({ sealed: encryptedBlobSchema, since: z.string() }),
  z.object({ secret: z.string() }),
]);

/** The site's revocation list: the bits and the signed credential peers and checks use. */
export const statusListSchema = z.object({
  encoded: z.string(),
  credential: z.record(z.string(), z.unknown()),
});

/** The HQ ledger this device anchors to, and what it has seen of it. */
export const ledgerSchema = z.object({
  url: z.string(),
  /** The log's C2SP verifier key string. */
  logKey: z.string(),
  origin: z.string(),
  /** HQ's did:key: its device certificates and revocations count. */
  hq: z.string(),
  /** Newest checkpoint held (signed note), every later one checked against it. */
  checkpoint: z.string().optional(),
  /** Set when HQ showed a history inconsistent with one it showed before. */
  alarm: z.string().optional(),
  /** Witnesses (name, base64 Ed25519 key) whose cosignatures a checkpoint needs before it is held (issue 17; ./ledger/witnessed.ts). */
  witnesses: z.array(z.object({ name: z.string(), key: z.string() })).optional(),
  /** How many of them; all when absent. */
  quorum: z.number().int().min(1).optional(),
  /** Set when a checkpoint was refused for lacking those cosignatures; cleared by one that has them. */
  unwitnessed: z.string().optional(),
  /** Where the log's static tiles are served (issue 17; ./ledger/tiles-check.ts): receipts are checked against them too. */
  tiles: z.string().optional(),
  /** The last check against the tiles. */
  tilesCheck: z
    .object({
      at: z.string(),
      /** The size of the tiles' checkpoint last read. */
      size: z.number().int().min(0).optional(),
      /** Every receipt of this device below this leaf index was proved from the tiles. */
      upTo: z.number().int().min(0),
      /** Why the last check could not finish (not a disagreement: that is the alarm). */
      problem: z.enum(['unreachable', 'bad-checkpoint', 'bad-tiles']).optional(),
      message: z.string().optional(),
    })
    .optional(),
});

/**
 * The site data key this laptop seals new personal records with (issue 10):
 * the one it created as the founding lead, or the newest a lead delivered to
 * it. `since` is when it became current: a revocation after it rotates it.
 */
export const siteKeySchema = z.object({ current: z.string(), since: z.string() });

export const SETTINGS = {
  profile: profileSchema,
  statusList: statusListSchema,
  team: teamSchema,
  ledger: ledgerSchema,
  plan: z.unknown(),
  siteKey: siteKeySchema,
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]>;

export async function readSetting<K extends SettingKey>(db: KitDatabase, key: K): Promise<SettingValue<K> | undefined> {
  const doc = await db.settings.findOne(key).exec();
  if (doc === null) return undefined;
  const parsed = SETTINGS[key].safeParse(doc.toMutableJSON().value);
  return parsed.success ? (parsed.data as SettingValue<K>) : undefined;
}

export async function writeSetting<K extends SettingKey>(db: KitDatabase, key: K, value: SettingValue<K>): Promise<void> {
  await db.settings.upsert({ key, value });
}
