/**
 * What the ledger's admin routes answer (ledger/service/admin-routes.ts,
 * from the views of ledger/service/admin-views.ts) and the HQ console reads,
 * shared by both: the ledger types its answers with these types, and the
 * console checks every answer against its schema before it shows anything.
 * Objects are not strict: the ledger's rows carry more than the console
 * reads (a batch's signature, a refusal's event errors, a certificate's
 * subject), and what is not listed here is dropped. Lists the ledger pages
 * hold at most MAX_PAGE rows.
 */
import { z } from 'zod';
import { deviceCertBody } from '../events/bodies';
import { sha256HexSchema } from '../events/fields';
import { MAX_PAGE } from './page';

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** A device's did:key; a refused upload's device as the upload claims it, which the ledger keeps to 200 characters. */
const device = z.string().max(200);
/** Sites, rounds, event types and error codes. */
const code = z.string().max(64);
/** An ISO 8601 time. */
const time = z.string().max(40);
const list = <T extends z.ZodType>(row: T) => z.array(row).readonly();
const page = <T extends z.ZodType>(row: T) => z.array(row).max(MAX_PAGE).readonly();

const certificateRow = z.object({
  /** Id of the device-cert event. */
  id: sha256HexSchema,
  site: code,
  role: deviceCertBody.shape.role,
  validFrom: time,
  validUntil: time,
});

const deviceRow = z.object({
  device,
  certificates: list(certificateRow),
  revoked: z.object({ from: time, reason: code }).nullable(),
  /** Where its last batch came from, else the site of its latest certificate. */
  site: code.nullable(),
  batches: count,
  events: count,
  /** Its last anchored event. */
  head: z.object({ seq: count, id: sha256HexSchema }).nullable(),
  lastBatchAt: time.nullable(),
  /** The earliest event time in the kept refusals of its verified uploads, when HQ has any: what a back-dated certificate covers. */
  firstRefusedEventAt: time.optional(),
});

/** A device whose verified uploads HQ refused for want of a certificate. */
const refusedDeviceRow = z.object({
  device,
  /** The earliest event time in those uploads. */
  firstEventAt: time,
  /** When HQ last refused one. */
  lastRefusedAt: time,
  refusals: count,
});

/** GET /admin/devices: every device HQ knows of (HQ itself left out), and those waiting to be registered, latest refused first. */
export const devicesAnswerSchema = z.object({ devices: list(deviceRow), unregistered: page(refusedDeviceRow) });

const siteRow = z.object({ site: code, devices: count, batches: count, events: count });

/** GET /admin/sites: batches and events per site; HQ's own batches, which have no site, are left out. */
export const sitesAnswerSchema = z.object({ sites: list(siteRow) });

const roundRow = z.object({
  round: code.nullable(),
  events: count,
  /** Events per site; '-' for events without a site (HQ's own). */
  bySite: z.record(code, count),
  byType: z.record(code, count),
});

/** GET /admin/rounds: anchored events per round. */
export const roundsAnswerSchema = z.object({ rounds: list(roundRow) });

const batchRow = z.object({
  id: sha256HexSchema,
  header: z.object({ device, firstSeq: count, lastSeq: count, count }),
  /** The site the device was certified for when the batch came in (null for HQ's own). */
  site: code.nullable(),
  receivedAt: time,
  /** Log size right after this batch. */
  treeSize: count,
});

/** GET /admin/batches: the latest batches first. */
export const batchesAnswerSchema = z.object({ batches: page(batchRow) });

const rejectionRow = z.object({
  at: time,
  /** As the upload claims it, or null. */
  device: device.nullable(),
  batch: sha256HexSchema.nullable(),
  code,
  /** The ledger keeps 2000 characters of it. */
  message: z.string().max(2000),
});

/** GET /admin/rejections: the latest refused uploads first. */
export const rejectionsAnswerSchema = z.object({ rejections: page(rejectionRow) });

/** What POST /admin/devices, /revocations, /plans, /contributions and /allocations answer: the id of the event HQ signed (its event and receipt come with it). */
export const issuedSchema = z.object({ id: sha256HexSchema });

/** GET /admin/verify-tree (status 500 when not ok): the log's root rebuilt from every leaf, or why it does not match. */
export const treeCheckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.object({ size: count, root: sha256HexSchema }) }),
  z.object({ ok: z.literal(false), code, message: z.string().max(2000) }),
]);

export type DeviceRow = z.infer<typeof deviceRow>;
export type RefusedDeviceRow = z.infer<typeof refusedDeviceRow>;
export type DevicesAnswer = z.infer<typeof devicesAnswerSchema>;
export type SiteRow = z.infer<typeof siteRow>;
export type SitesAnswer = z.infer<typeof sitesAnswerSchema>;
export type RoundRow = z.infer<typeof roundRow>;
export type RoundsAnswer = z.infer<typeof roundsAnswerSchema>;
export type BatchRow = z.infer<typeof batchRow>;
export type BatchesAnswer = z.infer<typeof batchesAnswerSchema>;
export type RejectionRow = z.infer<typeof rejectionRow>;
export type RejectionsAnswer = z.infer<typeof rejectionsAnswerSchema>;
export type Issued = z.infer<typeof issuedSchema>;
export type TreeCheck = z.infer<typeof treeCheckSchema>;
