/**
 * Ration cards (DESIGN.md "Identity"): a W3C VC 2.0 with no personal data,
 * signed by this laptop's issuer key, its revocation bit in this laptop's
 * status list. Issuing is an event; the household's card state is derived
 * from it like every other view (db/views.ts).
 */
import { canonicalBytes } from '../../../../shared/canonical';
import { rationCardCredential, setStatus, type SignedCredential } from '../../../../shared/credentials';
import type { DidKey } from '../../../../shared/crypto/did-key';
import { sha256Hex } from '../../../../shared/crypto/sha256';
import { codeSchema } from '../../../../shared/events/fields';
import { encodeCardPayload } from '../../../../shared/qr/card-payload';
import { err, ok } from '../../../../shared/result';
import type { CardsApi, RationCard } from '../api/cards';
import type { HouseholdDoc } from '../../db/database';
import { keepCard, keptCard } from './card-store';
import type { KitContext } from '../context';
import { upkeep } from '../team/upkeep';
import { issueWithVault, publishStatusList, storedStatusList } from './status-list';

/** Cards signed and recorded per step of a bulk issue: progress shows, and one write per step. */
const BULK_CHUNK = 50;

export function cardsModule(ctx: KitContext): CardsApi {
  const { db } = ctx;

  /** BSL §2.1: a card's bit is chosen at random among the unused ones, so its index says nothing. */
  function freeStatusIndex(length: number, taken: Set<number>): number {
    for (;;) {
      const [candidate] = crypto.getRandomValues(new Uint32Array(1));
      const index = candidate! % length;
      if (!taken.has(index)) {
        taken.add(index);
        return index;
      }
    }
  }

  /** The bits cards already hold: read once per issue, not once per card. */
  async function takenStatusIndexes(): Promise<Set<number>> {
    const docs = await db.households.find({ selector: { cardStatusIndex: { $gte: 0 } } }).exec();
    return new Set(docs.map((d) => d.cardStatusIndex));
  }

  /** Signs a card for each household and records them as one chain segment; keeps each card to print again. */
  async function issue(docs: readonly HouseholdDoc[], operator: string): Promise<RationCard[]> {
    const profile = await ctx.profile();
    const stored = await storedStatusList(ctx);
    const now = ctx.now();
    const validUntil = ctx.validUntil(now);
    const cards: { doc: HouseholdDoc; credential: SignedCredential; status: { list: string; index: number } }[] = [];
    const taken = await takenStatusIndexes();
    for (const doc of docs) {
      const status = { list: stored.url, index: freeStatusIndex(stored.list.length, taken) };
      const credential = await issueWithVault(
        ctx,
        'ration-card',
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
        now,
      );
      cards.push({ doc, credential, status });
    }
    for (const { doc, credential } of cards) await keepCard(ctx, doc.id, credential);
    await (await ctx.events()).appendMany(
      cards.map(({ doc, credential, status }) => ({
        type: 'credential-issued' as const,
        body: { household: doc.id, issuer: profile.issuer as DidKey, credential: sha256Hex(canonicalBytes(credential)), validUntil: validUntil.toISOString(), status },
        options: { operator },
      })),
    );
    return cards.map(({ doc, credential }) => ({ household: doc.id, qrText: encodeCardPayload(credential), validUntil: validUntil.toISOString() }));
  }

  return {
    async issueCard(household) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const doc = (await db.households.findOne(household).exec())?.toMutableJSON();
      if (doc === undefined) return err('not-enrolled', `household ${household} is not enrolled on this device`);
      const [card] = await issue([doc], operator.value.id);
      return ok(card!);
    },

    async issueCards(households, onProgress) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const unique = [...new Set(households)];
      const docs = await db.households.findByIds(unique).exec();
      const missing = unique.filter((h) => !docs.has(h));
      const found = unique.flatMap((h) => (docs.has(h) ? [docs.get(h)!.toMutableJSON()] : []));
      const issued: RationCard[] = [];
      for (let start = 0; start < found.length; start += BULK_CHUNK) {
        issued.push(...(await issue(found.slice(start, start + BULK_CHUNK), operator.value.id)));
        onProgress?.(issued.length, found.length);
      }
      return ok({ issued, notEnrolled: missing });
    },

    async reprintCard(household) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const doc = (await db.households.findOne(household).exec())?.toMutableJSON();
      if (doc === undefined || doc.card === '') return err('no-card', `household ${household} has no card`);
      const kept = await keptCard(ctx, household);
      if (kept === undefined || sha256Hex(canonicalBytes(kept)) !== doc.card) {
        return err('not-issued-here', `the card of ${household} was issued on another laptop: print it there, or issue a new one`);
      }
      return ok({ household, qrText: encodeCardPayload(kept), validUntil: doc.cardValidUntil });
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
