/**
 * Likely duplicates at entry (issue 11): the registration that field teams
 * most ask to be stopped. A new household (on the form, or a row of an
 * import) is compared with the whole site's before anything is saved:
 *  - the same household id;
 *  - the same phone number;
 *  - the same or a near head's name (Levenshtein similarity of the
 *    normalized names, from `fastest-levenshtein`) with the same shelter or
 *    the same birth year.
 * Names are compared after normalize.ts, so "Fatuma Ali", "FATUMA  ALI" and
 * "Fatumah Ali" meet, in any script. The officer decides: link to the
 * existing household or go on with a reason.
 */
import { distance } from 'fastest-levenshtein';
import { normalizePhone, normalizeText } from './normalize';
import { trigramsOf, type NameIndex } from './name-index';

export type DuplicateReason = 'same-id' | 'same-phone' | 'same-name-shelter' | 'near-name-shelter' | 'same-name-birth-year' | 'near-name-birth-year';

export interface DuplicateMatch {
  readonly id: string;
  readonly reasons: readonly DuplicateReason[];
}

export interface NewHousehold {
  readonly id?: string | undefined;
  readonly head: string;
  readonly shelter: string;
  readonly phone?: string | undefined;
  readonly birthYear?: number | undefined;
}

/** Names this similar (1 − edit distance / longer length) are "near": one or two typing slips in a usual name. */
export const NEAR_NAME = 0.8;

const similarity = (a: string, b: string): number => (a === b ? 1 : 1 - distance(a, b) / Math.max(a.length, b.length, 1));

export function likelyDuplicates(candidate: NewHousehold, index: NameIndex, limit = 10): DuplicateMatch[] {
  const found = new Map<string, DuplicateReason[]>();
  const note = (id: string, reason: DuplicateReason) => found.set(id, [...(found.get(id) ?? []), reason]);
  if (candidate.id !== undefined && index.entry(candidate.id) !== undefined) note(candidate.id, 'same-id');
  const phone = candidate.phone === undefined ? '' : normalizePhone(candidate.phone);
  const head = normalizeText(candidate.head);
  const shelter = normalizeText(candidate.shelter);
  const grams = trigramsOf(head);
  // Candidates for a near name: every household sharing half the head's trigrams (a near name shares most of them)
  // that has the same shelter or birth year (no other is noted below).
  const ids = new Set(grams.size === 0 ? [] : index.sharingWith(grams, 0.5, shelter, candidate.birthYear));
  if (phone !== '') for (const id of index.withPhone(phone)) note(id, 'same-phone');
  for (const id of ids) {
    const entry = index.entry(id)!;
    const name = entry.names[0] ?? '';
    const score = similarity(head, name);
    if (score < NEAR_NAME) continue;
    const same = score === 1;
    if (shelter !== '' && entry.shelter === shelter) note(id, same ? 'same-name-shelter' : 'near-name-shelter');
    if (candidate.birthYear !== undefined && entry.birthYear === candidate.birthYear) note(id, same ? 'same-name-birth-year' : 'near-name-birth-year');
  }
  return [...found].slice(0, limit).map(([id, reasons]) => ({ id, reasons }));
}
