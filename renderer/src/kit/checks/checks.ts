/**
 * Identity checks (DESIGN.md "Identity"): a card verified offline against the
 * trusted issuers and the revocation list, or a lookup by id with a reason.
 * Every check, passing or not, is an `identity-check` event; a handout refers
 * to a passing one.
 */
import { verifyRationCard, type RationCard, type RationCardErrorCode } from '../../../../shared/credentials';
import type { SealedBlob } from '../../../../shared/ipc';
import { codeSchema } from '../../../../shared/events/fields';
import { parseHouseholdId } from '../../../../shared/household';
import { MAX_CARD_PAYLOAD_CHARS } from '../../../../shared/qr/card-payload';
import { err, ok, type Result } from '../../../../shared/result';
import type { CheckFailure, ChecksApi } from '../api/checks';
import type { HouseholdForm } from '../api/households';
import type { KitContext } from '../context';
import { openRecord } from '../households/records';
import { cardTrust, type CardTrust } from './card-trust';

/** A card whose issuer's laptop was revoked before it was signed does not pass, whatever its signature. */
function issuerStanding(verdict: Result<RationCard, RationCardErrorCode>, trust: CardTrust): Result<RationCard, CheckFailure> {
  if (!verdict.ok) return verdict;
  const from = trust.revokedFrom.get(verdict.value.issuer);
  if (from === undefined || (verdict.value.validFrom !== undefined && verdict.value.validFrom < from)) return verdict;
  return err('issuer-revoked', `This card was issued on a laptop after it was revoked (${from.slice(0, 10)}). Do not accept it; send the household to the registration desk.`);
}

export function checksModule(ctx: KitContext): ChecksApi {
  const { db } = ctx;

  /** The household's record, for the officer to see who stands there; absent when this laptop cannot open it. */
  async function holder(household: string): Promise<{ holder?: HouseholdForm }> {
    const doc = (await db.households.findOne(household).exec())?.toMutableJSON();
    if (doc === undefined) return {};
    const form = await openRecord(ctx, household, doc.pii as SealedBlob);
    return form.ok ? { holder: form.value } : {};
  }

  return {
    async checkQr(text) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      // A pasted 5 MB string is refused before any work.
      if (text.length > 2 * MAX_CARD_PAYLOAD_CHARS) {
        return err('unreadable', `this is ${text.length} characters long; a ration card holds at most ${MAX_CARD_PAYLOAD_CHARS}`);
      }
      const trust = await cardTrust(ctx);
      const verdict = issuerStanding(verifyRationCard(text, { trustedIssuers: trust.issuers, statusLists: trust.statusLists, now: ctx.now() }), trust);
      const store = await ctx.events();
      if (!verdict.ok) {
        await store.append('identity-check', { method: 'qr', result: 'fail', reason: verdict.code }, { operator: operator.value.id });
        return err(verdict.code, verdict.message);
      }
      const card = verdict.value;
      const check = await store.append(
        'identity-check',
        { method: 'qr', result: 'pass', household: card.household, credential: card.credentialHash },
        { operator: operator.value.id },
      );
      return ok({
        household: card.household,
        size: card.size,
        checkId: check.id,
        method: 'qr',
        site: card.site,
        issuedBy: trust.issuedBy.get(card.issuer) ?? card.issuer,
        ...(await holder(card.household)),
      });
    },

    async checkByLookup(text, reason, document) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      if (!codeSchema.safeParse(reason).success) return err('needs-reason', 'a lookup without a card needs a reason');
      if (!codeSchema.safeParse(document).success) return err('needs-document', 'a lookup without a card needs the identity document checked');
      const id = parseHouseholdId(text);
      if (!id.ok) return err('bad-id', id.message);
      const doc = (await db.households.findOne(id.value).exec())?.toMutableJSON();
      if (doc === undefined) return err('not-enrolled', `household ${id.value} is not enrolled on this device`);
      const store = await ctx.events();
      const check = await store.append('identity-check', { method: 'id-lookup', result: 'pass', reason, document, household: doc.id }, { operator: operator.value.id });
      return ok({ household: doc.id, size: doc.size, checkId: check.id, method: 'id-lookup', site: doc.site, ...(await holder(doc.id)) });
    },
  };
}
