/**
 * The signed cards this laptop issued, kept so a worn card can be printed
 * again without replacing it (issue 11). A card carries no personal data (a
 * household id, its site and size), so it is kept like the laptop's other
 * small records; the log keeps only its hash.
 */
import type { SignedCredential } from '../../../../shared/credentials';
import type { KitContext } from '../context';

const key = (household: string): string => `card:${household}`;

export async function keepCard(ctx: KitContext, household: string, credential: SignedCredential): Promise<void> {
  await ctx.db.settings.upsert({ key: key(household), value: credential });
}

export async function keptCard(ctx: KitContext, household: string): Promise<SignedCredential | undefined> {
  const doc = await ctx.db.settings.findOne(key(household)).exec();
  return (doc?.toMutableJSON().value as SignedCredential | undefined) ?? undefined;
}
