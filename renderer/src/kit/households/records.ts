/**
 * A household's personal record, sealed by the vault (principle 5) under the
 * site data key when this laptop holds one, else under its own data key, and
 * bound to the household id (issue 10): a sealed record moved to another
 * household does not open.
 */
import { fromUtf8, utf8 } from '../../../../shared/bytes';
import { householdPiiSchema } from '../../../../shared/household';
import type { SealedBlob, SealRequest } from '../../../../shared/ipc';
import { MAX_SEAL_MANY_BYTES } from '../../../../shared/vault';
import { err, ok, type Result } from '../../../../shared/result';
import type { HouseholdForm } from '../api/households';
import { must, type KitContext } from '../context';
import { currentSiteKey } from '../team/site-keys';

export async function sealRecord(ctx: KitContext, household: string, pii: unknown): Promise<SealedBlob> {
  const [sealed] = await sealRecords(ctx, [{ household, pii }]);
  return sealed!;
}

/**
 * Records per `vault:seal-many` call (issue 14). One `vault:seal` per record
 * cost a host round trip each (in the browser host a Web Lock and an
 * argument check per record), more than the sealing itself. But a call holds
 * the vault (in the browser host also the page's thread) for its whole run:
 * a caseload import seals its next chunk while this one is signed and
 * stored, and calls of this size let the signing take its turn between them
 * instead of waiting behind a whole chunk's sealing; the rest of the chunk
 * is then sealed while the database writes.
 */
const SEALS_PER_CALL = 100;

/** Several records under the same current key: the key's setting is read once, the vault asked a call per `SEALS_PER_CALL`. */
export async function sealRecords(ctx: KitContext, records: readonly { readonly household: string; readonly pii: unknown }[]): Promise<SealedBlob[]> {
  const kid = await currentSiteKey(ctx);
  const requests = records.map(({ household, pii }): SealRequest => ({ plaintext: utf8(JSON.stringify(pii)), ...(kid !== undefined && { kid }), context: household }));
  const sealed: SealedBlob[] = [];
  for (const call of sealCalls(requests)) sealed.push(...(await must(ctx.host.sealMany(call))));
  return sealed;
}

/** The requests, in order, in runs of at most `SEALS_PER_CALL` that each fit one `vault:seal-many` call (`MAX_SEAL_MANY_BYTES`). */
function sealCalls(requests: readonly SealRequest[]): SealRequest[][] {
  const calls: SealRequest[][] = [];
  let bytes = 0;
  for (const request of requests) {
    const last = calls.at(-1);
    if (last !== undefined && last.length < SEALS_PER_CALL && bytes + request.plaintext.length <= MAX_SEAL_MANY_BYTES) {
      last.push(request);
      bytes += request.plaintext.length;
    } else {
      calls.push([request]);
      bytes = request.plaintext.length;
    }
  }
  return calls;
}

/**
 * Opens a household's record. Records sealed before issue 10 carry no
 * household binding and only this laptop's own key (`dk-`): those are
 * opened without it. Anything this laptop's vault cannot open is
 * `sealed-elsewhere`.
 */
export async function openRecord(ctx: KitContext, household: string, blob: SealedBlob): Promise<Result<HouseholdForm, 'sealed-elsewhere'>> {
  let opened = await ctx.host.open(blob, household);
  if (!opened.ok && blob.kid.startsWith('dk-')) opened = await ctx.host.open(blob);
  if (!opened.ok) {
    if (opened.code === 'cannot-decrypt' || opened.code === 'no-key') {
      return err('sealed-elsewhere', `the record of ${household} was sealed with a key this laptop does not hold`);
    }
    throw new Error(`host refused: ${opened.code}: ${opened.message}`);
  }
  return ok(householdPiiSchema.parse(JSON.parse(fromUtf8(opened.value))));
}
