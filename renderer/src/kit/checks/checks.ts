/**
 * Identity checks (DESIGN.md "Identity"): a card verified offline against the
 * trusted issuers and the revocation list, or a lookup by id with a reason.
 * Every check, passing or not, is an `identity-check` event; a handout refers
 * to a passing one.
 */
import { verifyRationCard } from '../../../../shared/credentials';
import { codeSchema } from '../../../../shared/events/fields';
import { parseHouseholdId } from '../../../../shared/household';
import { MAX_CARD_PAYLOAD_CHARS } from '../../../../shared/qr/card-payload';
import { err, ok } from '../../../../shared/result';
import type { ChecksApi } from '../api/checks';
import type { KitContext } from '../context';
import { readSetting } from '../settings';

export function checksModule(ctx: KitContext): ChecksApi {
  const { db } = ctx;
  return {
    async checkQr(text) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      // A pasted 5 MB string is refused before any work.
      if (text.length > 2 * MAX_CARD_PAYLOAD_CHARS) {
        return err('unreadable', `this is ${text.length} characters long; a ration card holds at most ${MAX_CARD_PAYLOAD_CHARS}`);
      }
      const profile = await ctx.profile();
      const statusList = await readSetting(db, 'statusList');
      const verdict = verifyRationCard(text, {
        trustedIssuers: [profile.issuer],
        statusLists: statusList === undefined ? [] : [statusList.credential],
        now: ctx.now(),
      });
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
      return ok({ household: card.household, size: card.size, checkId: check.id, method: 'qr' });
    },

    async checkByLookup(text, reason) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      if (!codeSchema.safeParse(reason).success) return err('needs-reason', 'a lookup without a card needs a reason');
      const id = parseHouseholdId(text);
      if (!id.ok) return err('bad-id', id.message);
      const doc = (await db.households.findOne(id.value).exec())?.toMutableJSON();
      if (doc === undefined) return err('not-enrolled', `household ${id.value} is not enrolled on this device`);
      const store = await ctx.events();
      const check = await store.append('identity-check', { method: 'id-lookup', result: 'pass', reason, household: doc.id }, { operator: operator.value.id });
      return ok({ household: doc.id, size: doc.size, checkId: check.id, method: 'id-lookup' });
    },
  };
}
