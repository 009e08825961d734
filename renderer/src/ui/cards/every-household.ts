/**
 * Every household the kit lists, however many there are. `listHouseholds`
 * answers at most `limit` rows, in id order, under an id prefix, and has no
 * cursor to go on from; so a full page is split by the id's next character
 * and each branch is read on its own, which pages through any number of
 * households with pages of a fixed size.
 */
import { ok, type Result } from '../../../../shared/result';
import type { HouseholdSummary, KitApi, Locked } from '../../kit/api';

/**
 * Every character a household id may hold (`householdIdSchema`,
 * shared/events/fields.ts), in the order the list sorts ids (UTF-16 code units).
 */
export const ID_CHARACTERS = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export type ListHouseholds = KitApi['listHouseholds'];

export async function everyHousehold(list: ListHouseholds, pageSize: number, prefix = ''): Promise<Result<HouseholdSummary[], Locked>> {
  const page = await list(prefix ? { prefix, limit: pageSize } : { limit: pageSize });
  if (!page.ok) return page;
  const last = page.value.at(-1);
  if (last === undefined || page.value.length < pageSize) return ok([...page.value]);
  // The page holds every id that sorts before the last one's branch: those
  // are kept, and the branches from the last one's on are read one by one.
  const split = last.id.charAt(prefix.length);
  const rows = page.value.filter((h) => h.id.length === prefix.length || h.id.charAt(prefix.length) < split);
  for (const next of ID_CHARACTERS) {
    if (next < split) continue;
    const branch = await everyHousehold(list, pageSize, prefix + next);
    if (!branch.ok) return branch;
    rows.push(...branch.value);
  }
  return ok(rows);
}
