/**
 * What GET /trust answers (ledger/service/ledger.ts trustFeed) and the HQ
 * console reads to list the plans, contributions and allocations HQ
 * signed: HQ's did and its trust events after a seq of its chain, at most
 * a page. Each event is checked whole against the signed event schema
 * (shared/events/envelope.ts, bodies as shared/events/bodies.ts has them),
 * strict as events are: an event's id is the hash of exactly what was
 * signed, so nothing may be dropped or added on the way. The signatures
 * are not checked here; a device that trusts the feed verifies them
 * (verifyTrustFeed).
 */
import { z } from 'zod';
import { signedEventSchema } from '../events/envelope';
import { didKeySchema } from '../events/fields';
import { MAX_PAGE } from './page';
import { HQ_ONLY_TYPES } from './registry';

const trustEvent = signedEventSchema.refine((e) => HQ_ONLY_TYPES.has(e.type), { path: ['type'], message: 'is not a type of event only HQ signs' });

export const trustFeedSchema = z.object({ hq: didKeySchema, events: z.array(trustEvent).max(MAX_PAGE).readonly() });

export type TrustFeed = z.infer<typeof trustFeedSchema>;

/**
 * The same answer as a kit reads it: the page's shape only. Each event is
 * judged on its own by the kit's ingest (verifyTrustFeed), so an event of a
 * kind a newer HQ signs is refused alone and does not stop a field laptop,
 * which may go months without an update, from anchoring.
 */
export const trustPageSchema = z.object({ hq: didKeySchema, events: z.array(z.unknown()).max(MAX_PAGE).readonly() });

export type TrustPage = z.infer<typeof trustPageSchema>;
