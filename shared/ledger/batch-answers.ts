/**
 * What HQ answers a device about its own anchoring (ledger/service/http.ts):
 * `POST /batches` and `GET /batches/:id` (the batch's receipts), and
 * `GET /devices/:did/head` (where HQ's copy of the device's chain ends). The
 * kit reads them through these (./client.ts), so an answer of the wrong shape
 * is a specific `bad-answer`, never a throw in the anchor loop. Receipts are
 * only a list here: each is verified on its own (`verifyReceipts`), whose
 * verdict names what is wrong with it.
 */
import { z } from 'zod';
import { sha256HexSchema } from '../events/fields';
import { MAX_BATCH_EVENTS } from './batch';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const batchAnswerSchema = z.object({
  status: z.enum(['appended', 'duplicate']),
  batch: sha256HexSchema,
  treeSize: count,
  receipts: z.array(z.unknown()).max(MAX_BATCH_EVENTS).readonly(),
});

export type BatchAnswer = z.infer<typeof batchAnswerSchema>;

/** Seq 0 and no id: HQ holds nothing of the device yet. */
export const deviceHeadSchema = z.object({ seq: count, id: sha256HexSchema.nullable() });

export type DeviceHead = z.infer<typeof deviceHeadSchema>;
