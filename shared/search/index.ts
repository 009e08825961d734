/** Finding households and likely duplicates among them (issue 11): pure, in memory, over normalized text. */
export { likelyDuplicates, NEAR_NAME, type DuplicateMatch, type DuplicateReason, type NewHousehold } from './duplicates';
export { NameIndex, trigramsOf, type IndexEntry, type Searchable, type SearchHit } from './name-index';
export { normalizePhone, normalizeText } from './normalize';
