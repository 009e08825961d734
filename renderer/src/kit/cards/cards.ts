/**
 * Ration cards (DESIGN.md "Identity"): a W3C VC 2.0 with no personal data,
 * signed by this laptop's issuer key, its revocation bit in this laptop's
 * status list. Issuing is an event; the household's card state is derived
 * from it like every other view (db/views.ts).
 */
import { canonicalBytes } from '../../../../shared/canonical';
import { issueCredentialWith, rationCardCredential, setStatus, type SignedCredential } from '../../../../shared/credentials';
import type { DidKey } from '../../../../shared/crypto/did-key';
import { sha256Hex } from '../../../../shared/crypto/sha256';
import { codeSchema } from '../../../../shared/events/fields';
import { encodeCardPayload } from '../../../../shared/qr/card-payload';
import { err, ok } from '../../../../shared/result';
import type { CardsApi } from '../api/cards';
import type { KitContext } from '../context';
import { upkeep } from '../team/upkeep';
import { issuerSigner, publishStatusList, storedStatusList } from './status-list';

export function cardsModule(ctx: KitContext): CardsApi {
  const { db } = ctx;

  /** BSL §2.1: a card's bit is chosen at random among the unused ones, so its index says nothing. */
  async function freeStatusIndex(length: number): Promise<number> {
    for (;;) {
      const [candidate] = crypto.getRandomValues(new Uint32Array(1));
      const index = candidate! % length;
      if ((await db.households.findOne({ selector: { cardStatusIndex: index } }).exec()) === null) return index;
    }
  }

  return {
    async issueCard(household) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const doc = await db.households.findOne(household).exec();
      if (doc === null) return err('not-enrolled', `household ${household} is not enrolled on this device`);
      const profile = await ctx.profile();
      const stored = await storedStatusList(ctx);
      const status = { list: stored.url, index: await freeStatusIndex(stored.list.length) };
      const now = ctx.now();
      const validUntil = ctx.validUntil(now);
      const credential: SignedCredential = await issueCredentialWith(
        rationCardCredential({
          issuer: profile.issuer as DidKey,
          household: doc.id,
          site: doc.site,
          size: doc.size,
          validFrom: now,
          validUntil,
          statusListCredential: status.list,
          statusListIndex: status.index,
        }),
        issuerSigner(ctx, profile),
        { created: now },
      );
      const store = await ctx.events();
      await store.append(
        'credential-issued',
        { household: doc.id, issuer: profile.issuer as DidKey, credential: sha256Hex(canonicalBytes(credential)), validUntil: validUntil.toISOString(), status },
        { operator: operator.value.id },
      );
      return ok({ household: doc.id, qrText: encodeCardPayload(credential), validUntil: validUntil.toISOString() });
    },

    async revokeCard(household, reason) {
      const lead = ctx.lead('revokes a card');
      if (!lead.ok) return lead;
      if (!codeSchema.safeParse(reason).success) return err('needs-reason', 'a revocation needs a reason code');
      const doc = (await db.households.findOne(household).exec())?.toMutableJSON();
      if (doc === undefined || doc.card === '' || doc.cardStatusIndex < 0) return err('no-card', `household ${household} has no card`);
      // The bit is in the list of the laptop that issued the card; flipping the
      // same index in this laptop's list would revoke someone else's card.
      const profile = await ctx.profile();
      const issued = await db.events.find({ selector: { household, type: 'credential-issued' } }).exec();
      const card = issued.map((d) => d.toMutableJSON().event).find((e) => e.type === 'credential-issued' && e.body.credential === doc.card);
      if (card?.type !== 'credential-issued' || card.body.issuer !== profile.issuer) {
        return err('not-issued-here', `the card of ${household} was issued on another laptop: revoke it there`);
      }
      const { list, url } = await storedStatusList(ctx);
      setStatus(list, doc.cardStatusIndex, true);
      await publishStatusList(ctx, profile, list, url);
      await upkeep(ctx);
      return ok(undefined);
    },
  };
}
