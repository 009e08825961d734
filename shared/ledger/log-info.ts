/**
 * What GET / answers (ledger/service/ledger.ts info): which log this is,
 * the key it signs its checkpoints with, HQ's did and the log's size now.
 * The donor page shows the published key, and offers to pin it, only once
 * the answer fits, since a server (or whatever sits between it and the
 * visitor) may answer anything. The key is not trusted for being here: the
 * page verifies against the key pinned in its address. Not strict, so that
 * a field the ledger adds later is ignored.
 */
import { z } from 'zod';
import { isValidKeyName, parseVerifierKey } from '../checkpoint';
import { didKeySchema } from '../events/fields';

/** Far above any origin or key: bounded before the refinements read it. */
const MAX_CHARS = 1000;

export const logInfoSchema = z.object({
  /** The log's origin line (C2SP tlog-checkpoint), which also names its key. */
  origin: z.string().max(MAX_CHARS).refine(isValidKeyName, 'must be a key name: not empty, no white space, control characters or +'),
  /** Its verifier key string, `<name>+<key id>+<key>` (shared/checkpoint encodeVerifierKey). */
  logKey: z
    .string()
    .max(MAX_CHARS)
    .refine((key) => parseVerifierKey(key).ok, 'must be a verifier key (<name>+<key id>+<Ed25519 key>)'),
  hq: didKeySchema,
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

export type LogInfo = z.infer<typeof logInfoSchema>;
