/**
 * Which handout ids behind a total a verifier gets to check (issue 15): the
 * `n` whose SHA-256 of `seed ‖ "\n" ‖ id` is smallest. The verifier chooses
 * the seed, so HQ cannot know in advance which handouts it will have to
 * prove are in the log; the same seed gives the same sample every time, so
 * two verifiers can compare.
 */
import { utf8 } from '../bytes';
import { sha256Hex } from '../crypto/sha256';

export const MAX_SAMPLE = 100;

export function sampleIds(ids: readonly string[], seed: string, n: number): string[] {
  const size = Math.max(0, Math.min(n, MAX_SAMPLE, ids.length));
  if (size === 0) return [];
  return ids
    .map((id) => ({ id, rank: sha256Hex(utf8(`${seed}\n${id}`)) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, size)
    .map(({ id }) => id);
}
