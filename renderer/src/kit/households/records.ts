/**
 * A household's personal record, sealed by the vault (principle 5) under the
 * site data key when this laptop holds one, else under its own data key, and
 * bound to the household id (issue 10): a sealed record moved to another
 * household does not open.
 */
import { fromUtf8, utf8 } from '../../../../shared/bytes';
import { householdPiiSchema } from '../../../../shared/household';
import type { OpenedBlob, OpenRequest, SealedBlob, SealRequest } from '../../../../shared/ipc';
import { ciphertextBytes, MAX_OPEN_MANY_BYTES, MAX_SEAL_MANY_BYTES } from '../../../../shared/vault';
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

/**
 * Records per `vault:open-many` call (issue 14): a lead's first search after
 * unlock opens every household's record, and one `vault:open` per record
 * cost a round trip each (~0.26 ms in the browser host), nearly all of a
 * 100k-household first search. A call holds the vault (in the browser host
 * also the page's thread) while it decrypts, some 45 µs a record, so calls
 * stay short (~10 ms) for another vault call or the page to take its turn
 * between them. The search bench at 5k households built its index as fast
 * with 100, 250 or 500 per call (test/bench/search.bench.ts).
 */
const OPENS_PER_CALL = 250;

/** Several records under the same current key: the key's setting is read once, the vault asked a call per `SEALS_PER_CALL`. */
export async function sealRecords(ctx: KitContext, records: readonly { readonly household: string; readonly pii: unknown }[]): Promise<SealedBlob[]> {
  const kid = await currentSiteKey(ctx);
  const requests = records.map(({ household, pii }): SealRequest => ({ plaintext: utf8(JSON.stringify(pii)), ...(kid !== undefined && { kid }), context: household }));
  const sealed: SealedBlob[] = [];
  for (const call of inCalls(requests, SEALS_PER_CALL, MAX_SEAL_MANY_BYTES, (r) => r.plaintext.length)) sealed.push(...(await must(ctx.host.sealMany(call))));
  return sealed;
}

/** A household's record as its view row holds it. */
export interface SealedRecord {
  readonly household: string;
  readonly blob: SealedBlob;
}

/** Opens a household's record (as `openRecords`). */
export async function openRecord(ctx: Pick<KitContext, 'host'>, household: string, blob: SealedBlob): Promise<Result<HouseholdForm, 'sealed-elsewhere'>> {
  const [opened] = await openRecords(ctx, [{ household, blob }]);
  return opened!;
}

/**
 * Opens households' records, answered in order, a `vault:open-many` call per
 * `OPENS_PER_CALL`. Records sealed before issue 10 carry no household
 * binding and only this laptop's own key (`dk-`): those that do not open
 * bound to their household are asked again without it. Anything this
 * laptop's vault cannot open is `sealed-elsewhere`; a refused call throws.
 */
export async function openRecords(ctx: Pick<KitContext, 'host'>, records: readonly SealedRecord[]): Promise<Result<HouseholdForm, 'sealed-elsewhere'>[]> {
  const opened = await openAll(ctx, records.map(({ household, blob }) => ({ blob, context: household })));
  const unbound = records.flatMap(({ blob }, i) => {
    const answer = opened[i]!;
    return !answer.ok && answer.code === 'cannot-decrypt' && blob.kid.startsWith('dk-') ? [i] : [];
  });
  if (unbound.length > 0) {
    const again = await openAll(ctx, unbound.map((i) => ({ blob: records[i]!.blob })));
    unbound.forEach((at, j) => (opened[at] = again[j]!));
  }
  return records.map(({ household }, i) => {
    const answer = opened[i]!;
    if (!answer.ok) return err('sealed-elsewhere', `the record of ${household} was sealed with a key this laptop does not hold`);
    return ok(householdPiiSchema.parse(JSON.parse(fromUtf8(answer.value))));
  });
}

/** Every blob's answer, in order, a `vault:open-many` call at a time. */
async function openAll(ctx: Pick<KitContext, 'host'>, requests: readonly OpenRequest[]): Promise<OpenedBlob[]> {
  const opened: OpenedBlob[] = [];
  for (const call of inCalls(requests, OPENS_PER_CALL, MAX_OPEN_MANY_BYTES, (r) => ciphertextBytes(r.blob))) opened.push(...(await must(ctx.host.openMany(call))));
  return opened;
}

/** The items, in order, in runs of at most `perCall` whose `bytesOf` add up to at most `maxBytes`: each run fits one `vault:*-many` call. */
function inCalls<T>(items: readonly T[], perCall: number, maxBytes: number, bytesOf: (item: T) => number): T[][] {
  const calls: T[][] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    const last = calls.at(-1);
    if (last !== undefined && last.length < perCall && bytes + size <= maxBytes) {
      last.push(item);
      bytes += size;
    } else {
      calls.push([item]);
      bytes = size;
    }
  }
  return calls;
}
