/**
 * A household's personal record, sealed by the vault (principle 5) under the
 * site data key when this laptop holds one, else under its own data key, and
 * bound to the household id (issue 10): a sealed record moved to another
 * household does not open.
 */
import { fromUtf8, utf8 } from '../../../../shared/bytes';
import { householdPiiSchema } from '../../../../shared/household';
import type { SealedBlob } from '../../../../shared/ipc';
import { err, ok, type Result } from '../../../../shared/result';
import type { HouseholdForm } from '../api/households';
import { must, type KitContext } from '../context';
import { currentSiteKey } from '../team/site-keys';

export async function sealRecord(ctx: KitContext, household: string, pii: unknown): Promise<SealedBlob> {
  const [sealed] = await sealRecords(ctx, [{ household, pii }]);
  return sealed!;
}

/**
 * Seals in flight at once. The vault answers one call at a time (the browser
 * host takes a Web Lock per call), so more in flight buy nothing, and a
 * bounded number lets another vault call (the next chunk's signing) take its
 * turn between them instead of behind a whole chunk's seals.
 */
const SEALS_IN_FLIGHT = 16;

/** Several records under the same current key: the key's setting is read once, the vault asked a few at a time. */
export async function sealRecords(ctx: KitContext, records: readonly { readonly household: string; readonly pii: unknown }[]): Promise<SealedBlob[]> {
  const kid = await currentSiteKey(ctx);
  const sealed: SealedBlob[] = [];
  let next = 0;
  const sealer = async () => {
    for (let i = next++; i < records.length; i = next++) {
      const { household, pii } = records[i]!;
      sealed[i] = await must(ctx.host.seal({ plaintext: utf8(JSON.stringify(pii)), ...(kid !== undefined && { kid }), context: household }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEALS_IN_FLIGHT, records.length) }, sealer));
  return sealed;
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
